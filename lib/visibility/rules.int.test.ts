// Every server form of the read rules agrees with the predicates of rules.ts, case by case: readers
// (admin, the author, another analyst, a viewer) × documents (open, blind) × reading states (done or
// not) for blind mode; readers × questions (open without their forecast, open with it, resolved) for
// hidden probabilities. A form that drifts from its rule fails here with the case that differs.
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import type { Actor } from '@/lib/actor';
import { loadCorpus } from '@/lib/documents/load';
import { markReadingDone, setBlind } from '@/lib/documents/blind';
import { actor } from '@/test/actors';
import {
  canAddDocument,
  canArchiveDocument,
  canRecordConsensus,
  canReviseDocument,
  canReviewDisagreement,
  canSeeAnnotation,
  hiddenDocuments,
  hiddenProbabilities,
  seesAnnotation,
  seesDocument,
  seesOthers,
  seesOthersOn,
  seesProbabilities,
  seesProbabilityOf,
  visibleTo,
  visibleToSql,
} from './index';

type Doc = { id: string; slug: string; blind: boolean; done: boolean };

let admin: Actor;
let alice: Actor;
let boris: Actor;
let viewer: Actor;
let readers: Actor[];
let docs: Doc[];
let annotations: { id: string; authorId: string; documentId: string }[];

beforeAll(async () => {
  await loadCorpus();
  admin = await actor('admin');
  alice = await actor('alice');
  boris = await actor('boris');
  viewer = await actor('viewer', 'VIEWER');
  readers = [admin, alice, boris, viewer];
  const corpus = await prisma.document.findMany({ orderBy: { slug: 'asc' }, take: 4 });
  docs = [
    { blind: false, done: false },
    { blind: false, done: true },
    { blind: true, done: false },
    { blind: true, done: true },
  ].map((state, i) => ({ id: corpus[i].id, slug: corpus[i].slug, ...state }));
  for (const doc of docs) {
    if (doc.blind) await setBlind(admin, doc.slug, { blind: true });
    if (doc.done) for (const reader of readers) await markReadingDone(reader, doc.slug);
  }
  await prisma.annotation.createMany({
    data: corpus.flatMap((doc) =>
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
  annotations = await prisma.annotation.findMany({ select: { id: true, authorId: true, documentId: true } });
});

const docOf = (id: string) => docs.find((d) => d.id === id)!;

describe('blind mode', () => {
  it('holds the predicate, the Prisma filter, the SQL condition and the checks by id equal in every case', async () => {
    const cases: string[] = [];
    for (const reader of readers) {
      const byPrisma = new Set((await prisma.annotation.findMany({ where: visibleTo(reader), select: { id: true } })).map((r) => r.id));
      const bySql = new Set(
        (await prisma.$queryRaw<{ id: string }[]>(Prisma.sql`SELECT a.id FROM "Annotation" a WHERE ${visibleToSql(reader)}`)).map((r) => r.id),
      );
      const hidden = await hiddenDocuments(reader, docs);
      for (const doc of docs) {
        const others = seesOthersOn(reader, doc);
        expect(await seesOthers(reader, doc.id), `${reader.name} on ${JSON.stringify(doc)}`).toBe(others);
        expect(hidden.has(doc.id), `${reader.name} on ${JSON.stringify(doc)}`).toBe(!others);
      }
      for (const a of annotations) {
        const expected = seesAnnotation(reader, a, seesOthersOn(reader, docOf(a.documentId)));
        const where = `${reader.name} reading ${a.authorId === reader.id ? 'own' : 'another’s'} on ${JSON.stringify(docOf(a.documentId))}`;
        expect(byPrisma.has(a.id), `filter: ${where}`).toBe(expected);
        expect(bySql.has(a.id), `SQL: ${where}`).toBe(expected);
        expect(await canSeeAnnotation(reader, a), `by id: ${where}`).toBe(expected);
        cases.push(`${where}: ${expected}`);
      }
    }
    // 4 readers × 4 documents × 3 authors, and the rule bites: some of them are hidden.
    expect(cases).toHaveLength(48);
    expect(cases.filter((c) => c.endsWith('false'))).toHaveLength(3 * 2); // on the blind, not-done document: admin, alice and boris each miss the other two
  });

  it('hides exactly the others’ annotations on a blind document until the reading is done', () => {
    expect(seesOthersOn(alice, { blind: true, done: false })).toBe(false);
    expect(seesOthersOn(alice, { blind: true, done: true })).toBe(true);
    expect(seesOthersOn(alice, { blind: false, done: false })).toBe(true);
    expect(seesOthersOn(viewer, { blind: true, done: false })).toBe(true);
    expect(seesAnnotation(alice, { authorId: alice.id }, false)).toBe(true);
    expect(seesAnnotation(alice, { authorId: boris.id }, false)).toBe(false);
  });
});

describe('hidden probabilities', () => {
  it('withholds another’s probability exactly where the predicate says, for every reader and question state', async () => {
    const doc = docs[0];
    const make = (outcome: 'YES' | null) =>
      prisma.forecastQuestion.create({
        data: { documentId: doc.id, start: 0, end: 1, exact: 'x', statement: 'x', createdById: admin.id, outcome, resolvedAt: outcome && new Date() },
      });
    const open = await make(null);
    const resolved = await make('YES');
    // Alice and boris forecast the open question; admin forecasts nothing.
    await prisma.forecastEntry.createMany({
      data: [alice, boris].flatMap((a) => [open, resolved].map((q) => ({ questionId: q.id, analystId: a.id, probability: 0.5 }))),
    });
    const forecasts = [alice, boris].flatMap((a) => [open, resolved].map((q) => ({ authorId: a.id, questionId: q.id, probability: 0.5 })));
    for (const reader of [...readers, await actor('carol')]) {
      const hidden = await hiddenProbabilities(reader, forecasts);
      forecasts.forEach((f, i) => {
        const question = f.questionId === open.id ? open : resolved;
        const revealed = seesProbabilities(reader, {
          resolved: question.outcome !== null,
          forecastByWho: reader.id === alice.id || reader.id === boris.id,
        });
        expect(hidden[i], `${reader.name} reading ${f.authorId === reader.id ? 'own' : 'another’s'} on the ${question.outcome ? 'resolved' : 'open'} question`).toBe(
          !seesProbabilityOf(reader, f, revealed),
        );
      });
    }
    // The case the rule is for: an analyst who has not forecast sees no one's probability on an open question.
    const carol = await actor('carol2');
    expect(await hiddenProbabilities(carol, forecasts)).toEqual([true, false, true, false]);
  });
});

describe('judgments: reviewing disagreements and recording consensus', () => {
  it('lets every assessor mark a row, and only an admin record consensus', () => {
    const cases = [
      ['ADMIN', true, true],
      ['ANALYST', true, false],
      ['VIEWER', false, false],
    ] as const;
    for (const [role, review, consensus] of cases) {
      expect(canReviewDisagreement({ id: 'x', role }), role).toBe(review);
      expect(canRecordConsensus({ id: 'x', role }), role).toBe(consensus);
    }
  });
});

describe('documents: adding, revising, archiving (issue #9)', () => {
  it('lets analysts and admins add and revise, only admins archive and see what is archived', () => {
    const cases = [
      ['ADMIN', true, true],
      ['ANALYST', true, false],
      ['VIEWER', false, false],
    ] as const;
    for (const [role, write, archive] of cases) {
      expect(canAddDocument({ id: 'x', role }), role).toBe(write);
      expect(canReviseDocument({ id: 'x', role }), role).toBe(write);
      expect(canArchiveDocument({ id: 'x', role }), role).toBe(archive);
      expect(seesDocument({ id: 'x', role }, { archived: true }), role).toBe(archive);
      expect(seesDocument({ id: 'x', role }, { archived: false }), role).toBe(true);
    }
  });
});
