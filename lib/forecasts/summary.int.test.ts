// Issue #13 on real PostgreSQL: what the board and the leaderboard read instead of every entry.
// The per-question summary the database keeps with each entry equals the pure spread of the
// forecasts in force; the board's pages, chosen and sorted in SQL, equal the views sorted in memory
// for every reader and order; the stored scores equal scoreQuestion's, and the leaderboard averaged
// in SQL equals the one computed on the spot, through re-openings, new resolutions and edits.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import type { Actor } from '@/lib/actor';
import { actor } from '@/test/actors';
import { loadCorpus } from '@/lib/documents/load';
import { listQuestions, listQuestionsPage } from './board';
import { leaderboardPage, rankScoresInMemory } from './leaderboard';
import { loadScoring, scoreQuestion } from './questions';
import { reopenQuestion, resolveQuestion, updateQuestion } from './resolution';
import { scorePending } from './scoring';
import { spread, termMidpoint } from './index';
import { SCORES } from './schemas';

let admin: Actor;
let analysts: Actor[];
let viewer: Actor;
let outsider: Actor;
const questionIds: string[] = [];

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;

beforeAll(async () => {
  await loadCorpus();
  admin = await actor('admin');
  analysts = [await actor('alice'), await actor('bob'), await actor('carol'), await actor('dan')];
  viewer = await actor('viewer', 'VIEWER');
  outsider = await actor('outsider');
  const docs = await prisma.document.findMany({ select: { id: true }, orderBy: { title: 'asc' }, take: 3 });
  // The second document is blind, and nobody has finished reading it.
  await prisma.document.update({ where: { id: docs[1].id }, data: { blind: true } });
  const next = random(13);
  const now = Date.now();
  // 130 questions (three pages), as analysts would leave them: several forecasts each, updates,
  // withdrawals, probabilities at the clipping edges, a few with the author's wording. Most are on
  // the first document, so that a later page of the board draws more than a page from one document.
  for (let i = 0; i < 130; i++) {
    const id = randomUUID();
    questionIds.push(id);
    const openedAt = new Date(now - 60 * DAY + i * 1000);
    const resolveBy = i % 7 === 0 ? null : new Date(Date.UTC(2020 + (i % 5), i % 12, 1 + (i % 27)));
    await prisma.$executeRaw`
      INSERT INTO "ForecastQuestion" (id, "documentId", start, "end", exact, statement, "createdById", "createdAt", "resolveBy", "authorProbability")
      VALUES (${id}::uuid, ${docs[i < 60 ? 0 : i % 3].id}::uuid, ${i * 10}, ${i * 10 + 20}, 'passage', ${`Question ${i}`}, ${analysts[i % 4].id}::uuid,
        ${openedAt}, ${resolveBy}::date, ${i % 5 === 0 ? 0.8 : null}::float8)`;
    for (const [k, analyst] of analysts.entries()) {
      if (next() < 0.35 && k !== i % 4) continue;
      const updates = 1 + Math.floor(next() * 3);
      for (let u = 0; u < updates; u++) {
        const at = new Date(openedAt.getTime() + (k * 3 + u + 1) * DAY);
        const withdrawn = u > 0 && next() < 0.15;
        const p = next() < 0.1 ? [0, 1, 0.0005][Math.floor(next() * 3)] : Math.round(next() * 100) / 100;
        await prisma.$executeRaw`
          INSERT INTO "ForecastEntry" ("questionId", "analystId", probability, withdrawn, "createdAt")
          VALUES (${id}::uuid, ${analyst.id}::uuid, ${withdrawn ? null : p}::float8, ${withdrawn}, ${at})`;
      }
    }
  }
  // A third resolved by an admin through the service, a sixth by hand in SQL (scored by the first read).
  for (let i = 0; i < 130; i += 3) {
    await resolveQuestion(admin, questionIds[i], { outcome: i % 2 ? 'YES' : 'NO', note: 'resolved' });
  }
  await prisma.$executeRaw`
    UPDATE "ForecastQuestion" SET outcome = (CASE WHEN random() < 0.5 THEN 'YES' ELSE 'NO' END)::"ForecastOutcome",
      "resolvedAt" = "createdAt" + interval '40 days'
    WHERE id = ANY(${questionIds.filter((_, i) => i % 6 === 1)}::uuid[])`;
});

describe('the per-question summary', () => {
  it('holds the entries, the forecasts in force and their spread, as the pure functions give them', async () => {
    const summaries = await prisma.forecastSummary.findMany({ where: { questionId: { in: questionIds } } });
    expect(summaries).toHaveLength(questionIds.length);
    const entries = await prisma.forecastEntry.findMany({ where: { questionId: { in: questionIds } }, orderBy: { id: 'asc' } });
    let spreads = 0;
    for (const s of summaries) {
      const own = entries.filter((e) => e.questionId === s.questionId);
      const latest = new Map<string, (typeof own)[number]>();
      for (const e of own) latest.set(e.analystId, e);
      const inForce = [...latest.values()].filter((e) => !e.withdrawn).map((e) => e.probability!);
      expect(s.entries).toBe(own.length);
      expect(s.inForce).toBe(inForce.length);
      if (inForce.length) {
        expect(s.sdLogOdds).toBeCloseTo(spread(inForce).sdLogOdds, 9);
        spreads++;
      } else expect(s.sdLogOdds).toBeNull();
    }
    expect(spreads).toBeGreaterThan(100);
  });
});

describe('the board, paged in SQL', () => {
  it('gives the same questions in the same order as the views sorted in memory, for every reader and order', async () => {
    for (const reader of [viewer, analysts[0], analysts[2], outsider, admin]) {
      for (const sort of ['document', 'disagreement', 'resolveBy'] as const) {
        const all = await listQuestions(reader, { sort });
        const paged: string[] = [];
        let total = -1;
        for (let page = 1; page <= 5; page++) {
          const result = await listQuestionsPage(reader, { sort, page });
          total = result.total;
          paged.push(...result.questions.map((q) => q.id));
          if (result.questions.length < 50) break;
        }
        expect({ reader: reader.name, sort, ids: paged }).toEqual({ reader: reader.name, sort, ids: all.map((q) => q.id) });
        expect(total).toBe(all.length);
      }
    }
    // Blind mode hides questions on the blind document from those who neither opened nor forecast them.
    expect((await listQuestions(outsider)).length).toBeLessThan((await listQuestions(viewer)).length);
  });

  it('counts what a filter leaves, by document and by state, as the views do', async () => {
    const documents = await prisma.document.findMany({ select: { slug: true } });
    for (const reader of [viewer, outsider]) {
      for (const filter of [...documents.map((d) => ({ document: d.slug })), { status: 'open' }, { status: 'resolved' }]) {
        const all = await listQuestions(reader, filter);
        const first = await listQuestionsPage(reader, { ...filter, page: 1 });
        expect({ reader: reader.name, filter, total: first.total }).toEqual({ reader: reader.name, filter, total: all.length });
        expect(first.questions.map((q) => q.id)).toEqual(all.slice(0, 50).map((q) => q.id));
      }
    }
  });
});

/** Every stored score equals scoreQuestion's over the question as it stands. */
async function expectStoredScoresPure(ids: string[]) {
  const rows = await loadScoring(Prisma.sql`q.id = ANY(${ids}::uuid[]) AND q.outcome IN ('YES', 'NO')`);
  expect(rows.length).toBeGreaterThan(0);
  for (const q of rows) {
    const stored = await prisma.forecastScore.findMany({ where: { questionId: q.id }, orderBy: { position: 'asc' } });
    const pure = scoreQuestion(q)!;
    expect(stored.map((s) => s.analystId)).toEqual(pure.map((p) => (p.forecaster.kind === 'analyst' ? p.forecaster.id : null)));
    stored.forEach((s, i) => {
      const { forecaster: _, ...figures } = pure[i];
      expect({ ...s, questionId: undefined, position: undefined, analystId: undefined }).toEqual({ ...figures, questionId: undefined, position: undefined, analystId: undefined });
    });
  }
}

async function expectLeaderboardPure(reader: Actor) {
  for (const score of SCORES) {
    for (const min of [0, 3]) {
      const stored = (await leaderboardPage(reader, { score, min })).rows;
      const pure = (await rankScoresInMemory(reader, { score, min })).slice(0, 50);
      expect(stored.map((r) => [r.forecaster, r.rank, r.questions])).toEqual(pure.map((r) => [r.forecaster, r.rank, r.questions]));
      stored.forEach((r, i) => {
        for (const key of ['value', 'meanBrier', 'meanLog', 'meanRelativeBrier', 'meanPeer', 'meanBaseline', 'meanTimeBrier', 'meanTimeRelative', 'coverage'] as const) {
          if (pure[i][key] === null) expect(r[key]).toBeNull();
          else expect(r[key]).toBeCloseTo(pure[i][key]!, 9);
        }
      });
    }
  }
}

describe('stored scores and the leaderboard', () => {
  it('equal the pure computation, whether scored at resolution or by the first read', async () => {
    const pendingBefore = await prisma.forecastSummary.count({ where: { questionId: { in: questionIds }, scored: false, question: { outcome: { not: null } } } });
    expect(pendingBefore).toBeGreaterThan(10); // those resolved by hand
    await expectLeaderboardPure(viewer);
    expect(await prisma.forecastSummary.count({ where: { questionId: { in: questionIds }, scored: false, question: { outcome: { not: null } } } })).toBe(0);
    await expectStoredScoresPure(questionIds);
    await expectLeaderboardPure(outsider);
    await expectLeaderboardPure(analysts[1]);
  });

  it('follow a re-opening, a new resolution and an edit of a resolved question', async () => {
    const id = questionIds[3];
    expect(await prisma.forecastScore.count({ where: { questionId: id } })).toBeGreaterThan(0);
    await reopenQuestion(admin, id, { note: 'wrong source' });
    expect(await prisma.forecastScore.count({ where: { questionId: id } })).toBe(0);
    await expectLeaderboardPure(viewer);
    await resolveQuestion(admin, id, { outcome: 'YES', note: 'right source' });
    expect(await prisma.forecastSummary.findUnique({ where: { questionId: id } })).toMatchObject({ scored: true });
    await expectStoredScoresPure([id]);
    await updateQuestion(admin, id, { authorWording: 'remote' });
    await expectStoredScoresPure([id]);
    expect((await prisma.forecastScore.findFirst({ where: { questionId: id, analystId: null } }))?.probability).toBeCloseTo(termMidpoint('remote'), 12);
    await expectLeaderboardPure(viewer);
    // Nothing is left to score, and scoring again changes nothing.
    expect(await scorePending()).toBe(0);
  });
});
