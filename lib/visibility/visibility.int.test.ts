// The blind-mode rule exists twice, as a Prisma filter and as SQL for raw reads: both must pick the
// same annotations for every kind of reader, on open and blind documents, before and after a
// reading is done. The archive rule (seesDocument) likewise, by slug, as a filter and as SQL, and
// the doors that open a document by its slug keep to it.
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import type { Actor } from '@/lib/actor';
import { loadCorpus } from '@/lib/documents/load';
import { markReadingDone, setBlind } from '@/lib/documents/blind';
import { actor } from '@/test/actors';
import { archiveDocument, restoreDocument } from '@/lib/documents/manage';
import { listAnnotations, listHighlights } from '@/lib/annotations/service';
import { compareDocument, corpusAgreement, documentAgreement } from '@/lib/compare/service';
import { disagreementQueue, reviewDisagreement } from '@/lib/compare/queue';
import { exportAnnotations } from '@/lib/export/service';
import { canSeeAnnotation, inOpenDocumentSql, openDocument, openDocumentSql, openDocuments, visibleTo, visibleToSql } from './index';

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

describe('archived documents: absent to all but admins, in every form and at every door', () => {
  it('opens, lists, exports and compares an archived document only for admins', async () => {
    const [open, , , archived] = await prisma.document.findMany({ orderBy: { slug: 'asc' }, take: 4 });
    const own = await prisma.annotation.create({
      data: { documentId: archived.id, authorId: alice.id, kind: 'CLAIM', start: 0, end: 1, exact: [...archived.text][0], prefix: '', suffix: '', textHash: archived.textHash },
    });
    await archiveDocument(admin, archived.slug);
    try {
      for (const reader of [admin, alice, boris, viewer]) {
        const sees = reader.role === 'ADMIN';
        const who = reader.name;
        // By slug, and the SQL and filter forms, agree with seesDocument.
        if (sees) expect((await openDocument(reader, archived.slug, { id: true })).id).toBe(archived.id);
        else await expect(openDocument(reader, archived.slug, { id: true }), who).rejects.toMatchObject({ code: 'NOT_FOUND' });
        expect(await openDocument(reader, open.slug, { id: true, slug: true })).toEqual({ id: open.id, slug: open.slug });
        const bySql = await prisma.$queryRaw<{ id: string }[]>(Prisma.sql`SELECT d.id FROM "Document" d WHERE ${openDocumentSql(reader, 'd')} ORDER BY d.id`);
        const byFilter = await prisma.document.findMany({ where: openDocuments(reader), select: { id: true }, orderBy: { id: 'asc' } });
        expect(bySql.map((d) => d.id), who).toEqual(byFilter.map((d) => d.id));
        expect(byFilter.some((d) => d.id === archived.id), who).toBe(sees);
        const onArchived = await prisma.$queryRaw<{ n: number }[]>(
          Prisma.sql`SELECT count(*)::int AS n FROM "Annotation" a WHERE a."documentId" = ${archived.id}::uuid AND ${inOpenDocumentSql(reader, 'a')}`,
        );
        expect(onArchived[0].n > 0, who).toBe(sees);
        // By id, even the author's own: alice wrote it.
        expect(await canSeeAnnotation(reader, own), who).toBe(sees);
        // The doors: its annotations, comparing, the corpus, the queue, exports.
        const doors = [listAnnotations, listHighlights, documentAgreement, compareDocument];
        for (const door of doors) {
          if (sees) await expect(door(reader, archived.slug), `${door.name} ${who}`).resolves.toBeTruthy();
          else await expect(door(reader, archived.slug), `${door.name} ${who}`).rejects.toMatchObject({ code: 'NOT_FOUND' });
        }
        expect((await corpusAgreement(reader)).documents.some((d) => d.slug === archived.slug), who).toBe(false);
        expect((await disagreementQueue(reader)).rows.some((r) => r.document.slug === archived.slug), who).toBe(false);
        const exported = await exportAnnotations(reader, { format: 'jsonl', document: archived.slug }, 'https://assay.test');
        expect(exported.total > 0, who).toBe(sees);
      }
      await expect(reviewDisagreement(alice, { document: archived.slug, key: 'a'.repeat(32), state: 'settled' })).rejects.toMatchObject({
        code: 'INVALID',
        fields: { document: expect.any(String) },
      });
    } finally {
      await restoreDocument(admin, archived.slug);
      await prisma.annotation.delete({ where: { id: own.id } });
    }
  });
});
