// Bringing your own documents (issue #9): add one from pasted text/Markdown/HTML, an uploaded file
// or a web address, preview it first (dryRun), revise it with a re-anchoring report, list and read
// its kept revisions, archive and restore it. One function per use case; the page's forms and the
// HTTP API both call these. Who may do what is decided in lib/visibility (canAddDocument,
// canReviseDocument, canArchiveDocument, seesDocument).
import 'server-only';
import type { JSONContent } from '@tiptap/core';
import { z } from 'zod';
import { prisma } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { type Actor, requireActor } from '@/lib/actor';
import { AppError, invalid } from '@/lib/errors';
import { isoDate } from '@/lib/dates';
import { slugify } from '@/lib/corpus/slug';
import { textHash } from '@/lib/corpus/hash';
import { type Ingested, ingest, MAX_DOCUMENT_BYTES, type Source } from '@/lib/ingest';
import { isoDay, shorten, TITLE_MAX } from '@/lib/ingest/schema';
import { canAddDocument, canArchiveDocument, canReviseDocument, seesDocument } from '@/lib/visibility';
import { createDocument, planReanchoring, type RevisionData, writeRevision } from './revisions';
import {
  type AddedDocument,
  contentInputSchema,
  type DocumentFields,
  documentFieldsSchema,
  type DocumentPreview,
  type ReanchorCounts,
  type RevisionInfo,
  type RevisionResult,
  urlInputSchema,
} from './schemas';

/** What a door hands over: a parsed JSON body, or an uploaded file with the form's other fields. */
export type DocumentInput = { json: unknown } | { file: { name: string; type: string; bytes: Uint8Array }; fields: Record<string, string> };

const TRANSACTION = { timeout: 120_000, maxWait: 15_000 };

export function requireDocumentWriter(actor: Actor | null): Actor {
  const user = requireActor(actor);
  if (!canAddDocument(user)) throw new AppError('FORBIDDEN', 'Viewers cannot add or revise documents');
  return user;
}

/** The input → its source and the fields given beside it, validated; nothing read or fetched yet. */
function parseInput(input: DocumentInput): { source: Source; fields: DocumentFields } {
  if ('file' in input) {
    const parsed = documentFieldsSchema.safeParse(input.fields);
    if (!parsed.success) throw invalid(parsed.error.issues);
    return { source: { kind: 'file', ...input.file }, fields: parsed.data };
  }
  const body = input.json;
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new AppError('INVALID', 'Send { format, content } or { url }', { fields: { '(body)': 'An object with format and content, or url' } });
  }
  if ('url' in body) {
    const parsed = urlInputSchema.safeParse(body);
    if (!parsed.success) throw invalid(parsed.error.issues);
    const { url, ...fields } = parsed.data;
    return { source: { kind: 'url', url }, fields };
  }
  const parsed = contentInputSchema.safeParse(body);
  if (!parsed.success) throw invalid(parsed.error.issues);
  const { format, content, ...fields } = parsed.data;
  if (Buffer.byteLength(content, 'utf8') > MAX_DOCUMENT_BYTES) throw new AppError('TOO_LARGE', `The content is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB`);
  return { source: { kind: 'content', format, content }, fields };
}

/** Converts the input and settles its title and metadata; an empty text is a 400. */
async function prepare(input: DocumentInput): Promise<{ ingested: Ingested; data: RevisionData; fields: DocumentFields }> {
  const { source, fields } = parseInput(input);
  const ingested = await ingest(source);
  if (ingested.text.trim() === '') {
    const field = source.kind === 'file' ? 'file' : source.kind === 'url' ? 'url' : 'content';
    throw new AppError('INVALID', 'There is no text in it', { fields: { [field]: 'Empty, or only whitespace' } });
  }
  const title = fields.title ?? ingested.title ?? 'Untitled document';
  const publishedAt = fields.publishedAt ?? isoDay(ingested.publishedAt);
  const data: RevisionData = {
    title: shorten(title, TITLE_MAX) || 'Untitled document',
    byline: fields.byline !== undefined ? fields.byline : ingested.byline ? shorten(ingested.byline, TITLE_MAX) : null,
    publishedAt: publishedAt ? new Date(`${publishedAt}T00:00:00Z`) : null,
    format: ingested.format,
    sourceFile: ingested.sourceFile,
    sourceUrl: fields.sourceUrl ?? ingested.sourceUrl,
    content: ingested.content,
    text: ingested.text,
    textHash: textHash(ingested.text),
  };
  return { ingested, data, fields };
}

const summary = (d: { id: string; slug: string; title: string; byline: string | null; publishedAt: Date | null; textHash: string; revision: number }): AddedDocument => ({
  id: d.id,
  slug: d.slug,
  title: d.title,
  byline: d.byline,
  publishedAt: isoDate(d.publishedAt),
  textHash: d.textHash,
  revision: d.revision,
});

const preview = (data: RevisionData, warnings: string[], duplicateOf: string | null): DocumentPreview => ({
  title: data.title,
  byline: data.byline,
  publishedAt: isoDate(data.publishedAt),
  format: data.format,
  text: data.text,
  content: data.content,
  warnings,
  duplicateOf,
});

async function duplicateOf(client: Prisma.TransactionClient, hash: string) {
  return client.document.findUnique({ where: { textHash: hash }, select: { id: true, slug: true, title: true, archivedAt: true } });
}

function duplicateError(existing: { slug: string; title: string; archivedAt: Date | null }): AppError {
  return new AppError('CONFLICT', `This text is already in the library as “${existing.title}”${existing.archivedAt ? ' (archived)' : ''}`, {
    detail: { slug: existing.slug },
  });
}

const isUniqueViolation = (error: unknown, field: string) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002' && JSON.stringify(error.meta ?? {}).includes(field);

/** A slug from the title no other document has. */
async function freeSlug(tx: Prisma.TransactionClient, title: string): Promise<string> {
  const base = slugify(title).slice(0, 80).replace(/-+$/, '') || 'document';
  const taken = new Set((await tx.document.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map((d) => d.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/**
 * Adds a document: converted, checked (empty, duplicate), then written with its first revision and
 * its search passages in one transaction. `dryRun` returns the preview and writes nothing.
 */
export async function addDocument(actor: Actor | null, input: DocumentInput, options: { dryRun?: boolean } = {}): Promise<AddedDocument | DocumentPreview> {
  const user = requireDocumentWriter(actor);
  const { ingested, data } = await prepare(input);
  if (options.dryRun) {
    const existing = await duplicateOf(prisma, data.textHash);
    const warnings = [...ingested.warnings, ...(existing ? [`This text is already in the library as “${existing.title}” (${existing.slug})`] : [])];
    return preview(data, warnings, existing?.slug ?? null);
  }
  for (let attempt = 0; ; attempt++) {
    try {
      const document = await prisma.$transaction(async (tx) => {
        const existing = await duplicateOf(tx, data.textHash);
        if (existing) throw duplicateError(existing);
        return createDocument(tx, await freeSlug(tx, data.title), data, user.id);
      }, TRANSACTION);
      return summary(document);
    } catch (error) {
      if (isUniqueViolation(error, 'textHash')) {
        const existing = await duplicateOf(prisma, data.textHash);
        if (existing) throw duplicateError(existing);
      }
      // Two documents with one title at once: the second takes the next slug.
      if (isUniqueViolation(error, 'slug') && attempt < 3) continue;
      throw error;
    }
  }
}

/** A document by slug as `actor` may see it: archived ones read as absent to all but admins. */
async function findDocument(client: Prisma.TransactionClient, actor: Actor, slug: string) {
  const document = await client.document.findUnique({ where: { slug } });
  if (!document || !seesDocument(actor, { archived: document.archivedAt !== null })) throw new AppError('NOT_FOUND', `No document "${slug}"`);
  return document;
}

/**
 * A new revision of a document's text. Its annotations re-anchor (position, exact quote, fuzzy
 * quote, else orphan) and the report says how many went which way; a dry run reports without
 * writing. Title, byline and date stay unless given.
 */
export async function reviseDocument(actor: Actor | null, slug: string, input: DocumentInput, options: { dryRun?: boolean } = {}): Promise<RevisionResult> {
  const user = requireActor(actor);
  if (!canReviseDocument(user)) throw new AppError('FORBIDDEN', 'Viewers cannot revise documents');
  const current = await findDocument(prisma, user, slug);
  if (current.archivedAt) throw new AppError('CONFLICT', 'The document is archived: restore it before revising it');
  const { ingested, data, fields } = await prepare(input);
  const next: RevisionData = {
    ...data,
    title: fields.title ?? current.title,
    byline: fields.byline !== undefined ? fields.byline : current.byline,
    publishedAt: fields.publishedAt !== undefined ? data.publishedAt : current.publishedAt,
  };
  const unchanged = () => new AppError('CONFLICT', 'This is the document’s current text already', { detail: { slug: current.slug, revision: current.revision } });
  if (data.textHash === current.textHash) throw unchanged();

  if (options.dryRun) {
    const other = await duplicateOf(prisma, data.textHash);
    if (other) throw duplicateError(other);
    const { counts, orphans } = await planReanchoring(prisma, current.id, next.text, next.textHash);
    return { document: summary(current), revision: current.revision + 1, reanchored: counts, orphans, dryRun: true, preview: preview(next, ingested.warnings, null) };
  }
  try {
    return await prisma.$transaction(async (tx) => {
      // One revision at a time per document: the second waits here, then sees the first's text.
      await tx.$queryRaw`SELECT 1 FROM "Document" WHERE id = ${current.id}::uuid FOR UPDATE`;
      const locked = await tx.document.findUniqueOrThrow({ where: { id: current.id } });
      if (locked.archivedAt) throw new AppError('CONFLICT', 'The document is archived: restore it before revising it');
      if (locked.textHash === data.textHash) throw unchanged();
      const other = await duplicateOf(tx, data.textHash);
      if (other) throw duplicateError(other);
      const { revision, counts, orphans } = await writeRevision(tx, locked, next, user.id);
      const updated = await tx.document.findUniqueOrThrow({ where: { id: current.id } });
      return { document: summary(updated), revision, reanchored: counts, orphans, dryRun: false };
    }, TRANSACTION);
  } catch (error) {
    if (isUniqueViolation(error, 'textHash')) {
      const other = await duplicateOf(prisma, data.textHash);
      if (other) throw duplicateError(other);
    }
    throw error;
  }
}

/** The kept revisions of a document, newest first, without their texts. */
export async function listRevisions(actor: Actor | null, slug: string): Promise<RevisionInfo[]> {
  const user = requireActor(actor);
  const document = await findDocument(prisma, user, slug);
  const rows = await prisma.documentRevision.findMany({
    where: { documentId: document.id },
    select: {
      revision: true,
      title: true,
      textHash: true,
      format: true,
      sourceFile: true,
      sourceUrl: true,
      createdAt: true,
      reanchored: true,
      createdBy: { select: { id: true, name: true } },
    },
    orderBy: { revision: 'desc' },
  });
  return rows.map((r) => ({
    ...r,
    createdAt: r.createdAt.toISOString(),
    reanchored: (r.reanchored as ReanchorCounts | null) ?? null,
    current: r.revision === document.revision,
  }));
}

const revisionParam = z.coerce.number().int().min(1).max(2_147_483_647);

/** One kept revision's text and content (`?revision=N`). */
export async function getRevision(actor: Actor | null, slug: string, revision: unknown) {
  const user = requireActor(actor);
  const parsed = revisionParam.safeParse(revision);
  if (!parsed.success) throw new AppError('INVALID', 'revision is a whole number from 1', { fields: { revision: 'A whole number from 1' } });
  const document = await findDocument(prisma, user, slug);
  const r = await prisma.documentRevision.findUnique({ where: { documentId_revision: { documentId: document.id, revision: parsed.data } } });
  if (!r) throw new AppError('NOT_FOUND', `"${slug}" has no revision ${parsed.data}`);
  return {
    id: document.id,
    slug: document.slug,
    revision: r.revision,
    current: r.revision === document.revision,
    title: r.title,
    byline: r.byline,
    publishedAt: isoDate(r.publishedAt),
    textHash: r.textHash,
    text: r.text,
    content: r.content as JSONContent,
    createdAt: r.createdAt.toISOString(),
  };
}

async function setArchived(actor: Actor | null, slug: string, archived: boolean) {
  const user = requireActor(actor);
  if (!canArchiveDocument(user)) throw new AppError('FORBIDDEN', 'Only an admin can archive or restore a document');
  const document = await findDocument(prisma, user, slug);
  const updated = await prisma.document.update({
    where: { id: document.id },
    data: archived ? { archivedAt: document.archivedAt ?? new Date(), archivedById: document.archivedById ?? user.id } : { archivedAt: null, archivedById: null },
  });
  return { ...summary(updated), archivedAt: updated.archivedAt?.toISOString() ?? null };
}

/** Archives a document: out of the library and search, its annotations kept; admins only. */
export const archiveDocument = (actor: Actor | null, slug: string) => setArchived(actor, slug, true);

/** Restores an archived document to the library; admins only. */
export const restoreDocument = (actor: Actor | null, slug: string) => setArchived(actor, slug, false);
