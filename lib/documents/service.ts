// Reading documents: the library list (sorted, filtered, paged; who added each and when) and one
// document with its canonical text and TipTap JSON. Archived documents are out of the library and
// read as absent to all but admins (lib/visibility seesDocument).
import 'server-only';
import type { JSONContent } from '@tiptap/core';
import { prisma } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { type Actor, requireActor } from '@/lib/actor';
import { AppError, invalid } from '@/lib/errors';
import { isoDate } from '@/lib/dates';
import { canArchiveDocument, openDocument, visibleTo } from '@/lib/visibility';
import type { Kind } from '@/lib/annotations/schemas';
import { LIBRARY_PAGE_SIZE, type LibraryQuery, libraryQuerySchema } from './schemas';

export type DocumentSummary = {
  id: string;
  slug: string;
  title: string;
  byline: string | null;
  publishedAt: string | null;
  textHash: string;
  counts: Record<Kind, number>;
  /** The current revision (1 for a document never revised). */
  revision: number;
  /** When it entered the library, and who added it (null: the corpus). */
  createdAt: string;
  addedBy: { id: string; name: string } | null;
  format: string;
  archivedAt: string | null;
};

export type DocumentView = Omit<DocumentSummary, 'counts' | 'createdAt' | 'addedBy' | 'format' | 'archivedAt'> & {
  text: string;
  content: JSONContent;
  revision: number;
  archivedAt: string | null;
};

export type LibraryPage = { total: number; page: number; pageSize: number; documents: DocumentSummary[] };

/** The fields a document is named and listed by, in the library and when opened. */
const HEAD = { id: true, slug: true, title: true, byline: true, publishedAt: true, textHash: true, revision: true, archivedAt: true } as const;

/**
 * The library as `actor` sees it: with annotation counts by kind (of the annotations they may see).
 * Without `page`, every document; with it, that page of LIBRARY_PAGE_SIZE.
 */
export async function libraryPage(actor: Actor | null, query: LibraryQuery = {}): Promise<LibraryPage> {
  const reader = requireActor(actor);
  const parsed = libraryQuerySchema.safeParse(query);
  if (!parsed.success) throw invalid(parsed.error.issues);
  const { q, sort = 'published', addedBy, page } = parsed.data;
  const archived = parsed.data.archived === '1' || parsed.data.archived === 'true';
  if (archived && !canArchiveDocument(reader)) throw new AppError('FORBIDDEN', 'Only an admin can list archived documents');
  const where: Prisma.DocumentWhereInput = {
    archivedAt: archived ? { not: null } : null,
    ...(q ? { OR: [{ title: { contains: q, mode: 'insensitive' } }, { byline: { contains: q, mode: 'insensitive' } }] } : {}),
    ...(addedBy === 'me' ? { createdById: reader.id } : addedBy === 'corpus' ? { createdById: null } : addedBy ? { createdById: addedBy } : {}),
  };
  const [documents, counts] = await Promise.all([
    prisma.document.findMany({
      where,
      select: { ...HEAD, createdAt: true, format: true, createdBy: { select: { id: true, name: true } } },
      orderBy: [{ publishedAt: { sort: 'asc', nulls: 'last' } }, { title: 'asc' }],
    }),
    prisma.annotation.groupBy({ by: ['documentId', 'kind'], where: { deletedAt: null, document: { archivedAt: archived ? { not: null } : null }, ...visibleTo(reader) }, _count: { _all: true } }),
  ]);
  const byDocument = new Map<string, Record<Kind, number>>();
  for (const c of counts) {
    const byKind = byDocument.get(c.documentId) ?? { CLAIM: 0, FORECAST: 0, FACT: 0 };
    byKind[c.kind] = c._count._all;
    byDocument.set(c.documentId, byKind);
  }
  const rows: DocumentSummary[] = documents.map(({ createdBy, ...d }) => ({
    ...d,
    publishedAt: isoDate(d.publishedAt),
    createdAt: d.createdAt.toISOString(),
    archivedAt: d.archivedAt?.toISOString() ?? null,
    addedBy: createdBy,
    counts: byDocument.get(d.id) ?? { CLAIM: 0, FORECAST: 0, FACT: 0 },
  }));
  const total = (d: DocumentSummary) => d.counts.CLAIM + d.counts.FORECAST + d.counts.FACT;
  const compare: Record<string, (a: DocumentSummary, b: DocumentSummary) => number> = {
    title: (a, b) => a.title.localeCompare(b.title),
    added: (a, b) => a.createdAt.localeCompare(b.createdAt) || a.title.localeCompare(b.title),
    annotations: (a, b) => total(a) - total(b) || a.title.localeCompare(b.title),
    published: () => 0, // the database's order
  };
  // Dates added and annotation counts read best newest and most first.
  const order = parsed.data.order ?? (sort === 'added' || sort === 'annotations' ? 'desc' : 'asc');
  if (sort !== 'published') rows.sort(compare[sort]);
  if (order === 'desc') rows.reverse();
  if (page === undefined) return { total: rows.length, page: 1, pageSize: rows.length, documents: rows };
  return { total: rows.length, page, pageSize: LIBRARY_PAGE_SIZE, documents: rows.slice((page - 1) * LIBRARY_PAGE_SIZE, page * LIBRARY_PAGE_SIZE) };
}

/** Every document in the library (not archived), in the library's default order. */
export async function listDocuments(actor: Actor | null, query: LibraryQuery = {}): Promise<DocumentSummary[]> {
  return (await libraryPage(actor, query)).documents;
}

export async function getDocument(actor: Actor | null, slug: string): Promise<DocumentView> {
  const reader = requireActor(actor);
  const d = await openDocument(reader, slug, { ...HEAD, text: true, content: true });
  return {
    id: d.id,
    slug: d.slug,
    title: d.title,
    byline: d.byline,
    publishedAt: isoDate(d.publishedAt),
    textHash: d.textHash,
    revision: d.revision,
    archivedAt: d.archivedAt?.toISOString() ?? null,
    text: d.text,
    content: d.content as JSONContent,
  };
}
