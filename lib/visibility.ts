// Blind mode (issue #3): in a blind document an analyst sees only their own annotations until
// they mark their reading done; then everyone's appear. Every read of annotations (lists, single
// reads, history, live events, exports, the compare page) goes through these two functions, so the
// rule lives in one place. Viewers assess nothing, so nothing is hidden from them.
import { prisma } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import type { Actor } from '@/lib/actor';

/** A filter on annotations: those `actor` may see, on any document. */
export function visibleTo(actor: Actor): Prisma.AnnotationWhereInput {
  if (actor.role === 'VIEWER') return {};
  return {
    OR: [
      { authorId: actor.id },
      { document: { blind: false } },
      { document: { readings: { some: { userId: actor.id } } } },
    ],
  };
}

/**
 * `visibleTo` as an SQL condition, for raw reads that Prisma's filters would slow down (exports):
 * the same rule on the annotation aliased `alias`. visibility.int.test.ts holds the two in step.
 */
export function visibleToSql(actor: Actor, alias = 'a'): Prisma.Sql {
  if (actor.role === 'VIEWER') return Prisma.sql`TRUE`;
  const a = Prisma.raw(`"${alias.replaceAll('"', '""')}"`);
  return Prisma.sql`(${a}."authorId" = ${actor.id}::uuid OR EXISTS (
    SELECT 1 FROM "Document" vd WHERE vd.id = ${a}."documentId"
      AND (NOT vd.blind OR EXISTS (SELECT 1 FROM "ReadingDone" vr WHERE vr."documentId" = vd.id AND vr."userId" = ${actor.id}::uuid))))`;
}

/** Whether `actor` sees everyone's annotations on the document (true unless it is blind and they are not done). */
export async function seesOthers(actor: Actor, documentId: string): Promise<boolean> {
  if (actor.role === 'VIEWER') return true;
  const document = await prisma.document.findUnique({
    where: { id: documentId },
    select: { blind: true, readings: { where: { userId: actor.id }, select: { userId: true } } },
  });
  return !document?.blind || document.readings.length > 0;
}
