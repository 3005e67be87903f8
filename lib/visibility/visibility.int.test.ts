// The blind-mode rule exists twice, as a Prisma filter and as SQL for raw reads: both must pick the
// same annotations for every kind of reader, on open and blind documents, before and after a
// reading is done.
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import type { Actor } from '@/lib/actor';
import { loadCorpus } from '@/lib/documents/load';
import { markReadingDone, setBlind } from '@/lib/documents/blind';
import { actor } from '@/test/actors';
import { visibleTo, visibleToSql } from './index';

let admin: Actor;
let alice: Actor;
let boris: Actor;
let viewer: Actor;

beforeAll(async () => {
  await loadCorpus();
  admin = await actor('admin');
  alice = await actor('alice');
  boris = await actor('boris');
  viewer = await actor('viewer', 'VIEWER');
  const [open, blindDone, blindPending] = await prisma.document.findMany({ orderBy: { slug: 'asc' }, take: 3 });
  await setBlind(admin, blindDone.slug, { blind: true });
  await setBlind(admin, blindPending.slug, { blind: true });
  await markReadingDone(alice, blindDone.slug);
  await prisma.annotation.createMany({
    data: [open, blindDone, blindPending].flatMap((doc) =>
      [admin, alice, boris].map((author) => ({
        documentId: doc.id,
        authorId: author.id,
        kind: 'FACT' as const,
        start: 0,
        end: 1,
        exact: [...doc.text][0],
        prefix: '',
        suffix: '',
        textHash: doc.textHash,
      })),
    ),
  });
});

describe('visibleToSql', () => {
  it('picks the annotations visibleTo picks, for every reader', async () => {
    for (const reader of [admin, alice, boris, viewer]) {
      const byPrisma = await prisma.annotation.findMany({ where: visibleTo(reader), select: { id: true }, orderBy: { id: 'asc' } });
      const bySql = await prisma.$queryRaw<{ id: string }[]>(
        Prisma.sql`SELECT a.id FROM "Annotation" a WHERE ${visibleToSql(reader)} ORDER BY a.id`,
      );
      expect(bySql.map((r) => r.id)).toEqual(byPrisma.map((r) => r.id));
    }
    // The case the rule is for: boris has not finished the blind documents, alice one of them.
    const count = async (reader: Actor) =>
      (await prisma.$queryRaw<{ n: number }[]>(Prisma.sql`SELECT count(*)::int AS n FROM "Annotation" a WHERE ${visibleToSql(reader)}`))[0].n;
    expect([await count(viewer), await count(alice), await count(boris)]).toEqual([9, 3 + 3 + 1, 3 + 1 + 1]);
  });

  it('works on any alias', async () => {
    const rows = await prisma.$queryRaw<{ n: number }[]>(
      Prisma.sql`SELECT count(*)::int AS n FROM "Annotation" x WHERE ${visibleToSql(boris, 'x')}`,
    );
    expect(rows[0].n).toBe(5);
  });
});
