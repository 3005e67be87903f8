// Blind mode (issue #3, "blind first, then reveal"): an admin switches a document to blind; each
// analyst then sees only their own annotations there until they mark their reading done. What is
// hidden is decided in lib/visibility; this module changes the switches and reports them.
import 'server-only';
import { prisma } from '@/lib/db';
import { type Actor, requireActor, requireAdmin } from '@/lib/actor';
import { AppError } from '@/lib/errors';
import { seesOthersOn } from '@/lib/visibility';
import { blindSchema, type ReadingState } from './schemas';

async function findDocument(slug: string) {
  const document = await prisma.document.findUnique({ where: { slug }, select: { id: true, blind: true } });
  if (!document) throw new AppError('NOT_FOUND', `No document "${slug}"`);
  return document;
}

export async function readingState(actor: Actor | null, slug: string): Promise<ReadingState> {
  const user = requireActor(actor);
  const document = await findDocument(slug);
  const done = (await prisma.readingDone.count({ where: { documentId: document.id, userId: user.id } })) > 0;
  return { blind: document.blind, done, revealed: seesOthersOn(user, { blind: document.blind, done }) };
}

export async function setBlind(actor: Actor | null, slug: string, input: unknown): Promise<ReadingState> {
  requireAdmin(actor);
  const parsed = blindSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError('INVALID', 'Send { "blind": true } or { "blind": false }', { fields: { blind: 'true or false' } });
  }
  const document = await findDocument(slug);
  await prisma.document.update({ where: { id: document.id }, data: { blind: parsed.data.blind } });
  return readingState(actor, slug);
}

/** Marking done is final: what the analyst has seen of others cannot be unseen. */
export async function markReadingDone(actor: Actor | null, slug: string): Promise<ReadingState> {
  const user = requireActor(actor);
  const document = await findDocument(slug);
  await prisma.readingDone.upsert({
    where: { documentId_userId: { documentId: document.id, userId: user.id } },
    create: { documentId: document.id, userId: user.id },
    update: {},
  });
  return readingState(actor, slug);
}
