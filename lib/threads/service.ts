// Threads: replies on an annotation. Every change is also an AnnotationEvent on the parent
// annotation (replyId set, snapshot = the reply), so it is in the annotation's history and, through
// the event trigger's NOTIFY, reaches open readers live. A reply is only as visible as its parent
// annotation (blind mode): reads and writes on a thread first find the parent through visibleTo.
import 'server-only';
import { z } from 'zod';
import { prisma } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { type Actor, requireActor, requireWriter } from '@/lib/actor';
import { AppError, invalid } from '@/lib/errors';
import { optionalVersion, parseVersion } from '@/lib/versions';
import { canDelete, canEdit, openDocuments, visibleTo } from '@/lib/visibility';
import type { EventType } from '@/lib/annotations/schemas';
import { replyEvent, type ReplyRow, replyWithAuthor as withAuthor, toReplyView } from '@/lib/annotations/records';
import { type ReplyView, replySchema } from './schemas';

const isUuid = (id: string) => z.uuid().safeParse(id).success;

/** The live parent annotation, if `actor` may see it; otherwise it does not exist for them. */
async function visibleParent(client: Prisma.TransactionClient, actor: Actor, annotationId: string): Promise<void> {
  const found = isUuid(annotationId)
    ? await client.annotation.findFirst({
        where: { id: annotationId, deletedAt: null, document: openDocuments(actor), ...visibleTo(actor) },
        select: { id: true },
      })
    : null;
  if (!found) throw new AppError('NOT_FOUND', 'No such annotation');
}

/** A live reply on a live annotation `actor` may see. */
async function findReply(client: Prisma.TransactionClient, actor: Actor, id: string): Promise<ReplyRow> {
  const row = isUuid(id)
    ? await client.reply.findFirst({
        where: { id, deletedAt: null, annotation: { deletedAt: null, document: openDocuments(actor), ...visibleTo(actor) } },
        include: withAuthor,
      })
    : null;
  if (!row) throw new AppError('NOT_FOUND', 'No such reply');
  return row;
}

async function record(tx: Prisma.TransactionClient, actor: Actor, type: EventType, row: ReplyRow) {
  await tx.annotationEvent.create({ data: replyEvent(actor, type, row), select: { id: true } });
}

function parseBody(input: unknown): string {
  const parsed = replySchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues);
  return parsed.data.body;
}

function conflict(current: ReplyRow): AppError {
  return new AppError('CONFLICT', 'This reply changed after you opened it; reload to see the change', {
    detail: { currentVersion: current.version },
  });
}

/** The thread of one annotation, oldest first. */
export async function listReplies(actor: Actor | null, annotationId: string): Promise<ReplyView[]> {
  const reader = requireActor(actor);
  await visibleParent(prisma, reader, annotationId);
  const rows = await prisma.reply.findMany({
    where: { annotationId, deletedAt: null },
    include: withAuthor,
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return rows.map(toReplyView);
}

/** Every thread of a document at once (the reader's first paint), on the annotations `actor` sees. */
export async function listDocumentReplies(actor: Actor | null, documentSlug: string): Promise<ReplyView[]> {
  const reader = requireActor(actor);
  const rows = await prisma.reply.findMany({
    where: { deletedAt: null, annotation: { deletedAt: null, document: { slug: documentSlug, ...openDocuments(reader) }, ...visibleTo(reader) } },
    include: withAuthor,
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return rows.map(toReplyView);
}

export async function createReply(actor: Actor | null, annotationId: string, input: unknown): Promise<ReplyView> {
  const author = requireWriter(actor);
  const body = parseBody(input);
  return prisma.$transaction(async (tx) => {
    await visibleParent(tx, author, annotationId);
    const row = await tx.reply.create({ data: { annotationId, authorId: author.id, body }, include: withAuthor });
    await record(tx, author, 'CREATED', row);
    return toReplyView(row);
  });
}

export async function updateReply(actor: Actor | null, id: string, expectedVersion: unknown, input: unknown): Promise<ReplyView> {
  const editor = requireWriter(actor);
  const version = parseVersion(expectedVersion);
  const body = parseBody(input);
  return prisma.$transaction(async (tx) => {
    const existing = await findReply(tx, editor, id);
    if (!canEdit(editor, existing)) throw new AppError('FORBIDDEN', 'Only its author can edit a reply');
    // The version condition makes the check and the write one step (see updateAnnotation).
    const { count } = await tx.reply.updateMany({
      where: { id, version, deletedAt: null },
      data: { body, version: { increment: 1 } },
    });
    if (count === 0) throw conflict(existing);
    const row = await tx.reply.findUniqueOrThrow({ where: { id }, include: withAuthor });
    await record(tx, editor, 'UPDATED', row);
    return toReplyView(row);
  });
}

/** Soft delete: the reply leaves the thread but stays in the annotation's history. */
export async function deleteReply(actor: Actor | null, id: string, expectedVersion?: unknown): Promise<void> {
  const user = requireWriter(actor);
  const version = optionalVersion(expectedVersion);
  await prisma.$transaction(async (tx) => {
    const existing = await findReply(tx, user, id);
    if (!canDelete(user, existing)) {
      throw new AppError('FORBIDDEN', 'Only its author or an admin can delete a reply');
    }
    const { count } = await tx.reply.updateMany({
      where: { id, deletedAt: null, ...(version ? { version } : {}) },
      data: { deletedAt: new Date(), version: { increment: 1 } },
    });
    if (count === 0) throw conflict(existing);
    const row = await tx.reply.findUniqueOrThrow({ where: { id }, include: withAuthor });
    await record(tx, user, 'DELETED', row);
  });
}
