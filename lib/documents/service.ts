// Reading documents: the library list and one document with its canonical text and TipTap JSON.
import 'server-only';
import type { JSONContent } from '@tiptap/core';
import { prisma } from '@/lib/db';
import { type Actor, requireActor } from '@/lib/actor';
import { AppError } from '@/lib/errors';
import { isoDate } from '@/lib/dates';
import { visibleTo } from '@/lib/visibility';
import type { Kind } from '@/lib/annotations/schemas';

export type DocumentSummary = {
  id: string;
  slug: string;
  title: string;
  byline: string | null;
  publishedAt: string | null;
  textHash: string;
  counts: Record<Kind, number>;
};

export type DocumentView = Omit<DocumentSummary, 'counts'> & { text: string; content: JSONContent };

export async function listDocuments(actor: Actor | null): Promise<DocumentSummary[]> {
  const reader = requireActor(actor);
  const [documents, counts] = await Promise.all([
    prisma.document.findMany({
      select: { id: true, slug: true, title: true, byline: true, publishedAt: true, textHash: true },
      orderBy: [{ publishedAt: { sort: 'asc', nulls: 'last' } }, { title: 'asc' }],
    }),
    prisma.annotation.groupBy({ by: ['documentId', 'kind'], where: { deletedAt: null, ...visibleTo(reader) }, _count: { _all: true } }),
  ]);
  return documents.map((d) => {
    const byKind: Record<Kind, number> = { CLAIM: 0, FORECAST: 0, FACT: 0 };
    for (const c of counts) if (c.documentId === d.id) byKind[c.kind] = c._count._all;
    return { ...d, publishedAt: isoDate(d.publishedAt), counts: byKind };
  });
}

export async function getDocument(actor: Actor | null, slug: string): Promise<DocumentView> {
  requireActor(actor);
  const d = await prisma.document.findUnique({ where: { slug } });
  if (!d) throw new AppError('NOT_FOUND', `No document "${slug}"`);
  return {
    id: d.id,
    slug: d.slug,
    title: d.title,
    byline: d.byline,
    publishedAt: isoDate(d.publishedAt),
    textHash: d.textHash,
    text: d.text,
    content: d.content as JSONContent,
  };
}
