// Scores over resolved questions: the leaderboard of analysts and document authors under a chosen
// score, and one analyst's record with their calibration and its decomposition. Resolved questions
// hide no probabilities, but blind documents still hide others' scores until the reader's reading
// there is done.
import 'server-only';
import { z } from 'zod';
import { prisma } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { type Actor, requireActor } from '@/lib/actor';
import { AppError, invalid } from '@/lib/errors';
import { calibration, murphyDecomposition } from './index';
import { loadScoring, readContext, scoreQuestion } from './questions';
import { scoreOf } from './board';
import { scorePending } from './scoring';
import { hiddenDocuments } from '@/lib/visibility';
import {
  DEFAULT_MIN_QUESTIONS,
  HIGHER_IS_BETTER,
  type AnalystRecord,
  type LeaderboardQuery,
  type LeaderboardRow,
  leaderboardSchema,
  PAGE_SIZE,
  type ScoredQuestion,
  type ScoreKind,
  type ScoreSummary,
} from './schemas';

/** Every score on every resolved YES/NO question the actor may see (`where` narrows the questions). */
async function allScores(actor: Actor, where: Prisma.Sql = Prisma.sql`TRUE`): Promise<ScoredQuestion[]> {
  const rows = await loadScoring(Prisma.sql`q.outcome IN ('YES', 'NO') AND ${where}`);
  const ctx = await readContext(actor, rows);
  return rows.flatMap((q) =>
    ctx.blindDocs.has(q.documentId)
      ? []
      : (scoreQuestion(q) ?? []).map((s) => ({
          ...s,
          question: {
            id: q.id,
            statement: q.statement,
            outcome: q.outcome as 'YES' | 'NO',
            document: { slug: q.document.slug, title: q.document.title },
          },
        })),
  );
}

function mean(xs: (number | null)[]): number | null {
  let sum = 0;
  let n = 0;
  for (const x of xs) {
    if (x === null) continue;
    sum += x;
    n++;
  }
  return n ? sum / n : null;
}

/** Mean scores over a forecaster's scored questions (at least one), each over the questions that have it. */
function summarize(scores: ScoredQuestion[]): ScoreSummary {
  return {
    questions: scores.length,
    meanBrier: mean(scores.map((s) => s.brier)),
    meanLog: mean(scores.map((s) => s.log)),
    meanRelativeBrier: mean(scores.map((s) => s.relativeBrier)),
    meanPeer: mean(scores.map((s) => s.peer)),
    meanBaseline: mean(scores.map((s) => s.baseline)),
    meanTimeBrier: mean(scores.map((s) => s.timeBrier)),
    meanTimeRelative: mean(scores.map((s) => s.timeRelative)),
    coverage: mean(scores.map((s) => s.coverage)) ?? 0,
  };
}

const SCORE_COLUMN: Record<ScoreKind, Prisma.Sql> = {
  peer: Prisma.sql`sc.peer`,
  baseline: Prisma.sql`sc.baseline`,
  brier: Prisma.sql`sc."timeBrier"`,
  relative: Prisma.sql`sc."timeRelative"`,
  'at-close': Prisma.sql`sc.brier`,
};

type LeaderboardSqlRow = ScoreSummary & {
  kind: 'analyst' | 'author';
  id: string | null;
  name: string;
  value: number | null;
  rank: number | null;
  total: number;
};

/**
 * Analysts and document authors ranked by the mean of `score` (peer by default) over the resolved
 * questions they have that score on. Forecasters with fewer than `min` such questions (default 3)
 * are listed after the ranked ones, unranked. Equal means share a rank. A page of PAGE_SIZE rows
 * (`page` from 1, the first by default).
 *
 * From the stored scores (lib/forecasts/scoring.ts), averaged, ranked and paged in one statement;
 * questions not scored yet (resolved by hand in SQL, or whose inputs changed) are scored first.
 * `rankScoresInMemory` below is the same ranking over scores computed on the spot, which the
 * tests hold this one to.
 */
export async function leaderboardPage(
  actor: Actor | null,
  query: LeaderboardQuery = {},
): Promise<{ rows: LeaderboardRow[]; total: number; page: number; pageSize: number }> {
  const user = requireActor(actor);
  const parsed = leaderboardSchema.safeParse(query);
  if (!parsed.success) throw invalid(parsed.error.issues);
  const { score = 'peer', min = DEFAULT_MIN_QUESTIONS, page = 1 } = parsed.data;
  await scorePending();
  const blind = await prisma.document.findMany({ where: { blind: true }, select: { id: true, blind: true } });
  const hidden = [...(await hiddenDocuments(user, blind))];
  const value = SCORE_COLUMN[score];
  // Lower is better unless HIGHER_IS_BETTER: ordering by value × sign puts the best first.
  const sign = HIGHER_IS_BETTER[score] ? -1 : 1;
  const rows = await prisma.$queryRaw<LeaderboardSqlRow[]>`
    WITH agg AS (
      SELECT CASE WHEN sc."analystId" IS NULL THEN 'author' ELSE 'analyst' END AS kind, sc."analystId" AS id,
        CASE WHEN sc."analystId" IS NULL THEN COALESCE(d.byline, 'Author of “' || d.title || '”') ELSE u.name END AS name,
        count(*)::int AS questions, avg(sc.brier) AS "meanBrier", avg(sc.log) AS "meanLog", avg(sc."relativeBrier") AS "meanRelativeBrier",
        avg(sc.peer) AS "meanPeer", avg(sc.baseline) AS "meanBaseline", avg(sc."timeBrier") AS "meanTimeBrier",
        avg(sc."timeRelative") AS "meanTimeRelative", COALESCE(avg(sc.coverage), 0) AS coverage,
        avg(${value}) AS value, count(${value})::int AS counted
      FROM "ForecastScore" sc
      JOIN "ForecastQuestion" q ON q.id = sc."questionId"
      JOIN "Document" d ON d.id = q."documentId"
      LEFT JOIN "User" u ON u.id = sc."analystId"
      WHERE q.outcome IN ('YES', 'NO') AND NOT (q."documentId" = ANY(${hidden}::uuid[]))
      GROUP BY 1, 2, 3
    ), ranked AS (
      SELECT agg.*, (value IS NOT NULL AND counted >= ${min}) AS ranked FROM agg
    )
    SELECT kind, id::text AS id, name, questions, "meanBrier", "meanLog", "meanRelativeBrier", "meanPeer", "meanBaseline",
      "meanTimeBrier", "meanTimeRelative", coverage, value,
      CASE WHEN ranked THEN rank() OVER (PARTITION BY ranked ORDER BY value * ${sign}) END::int AS rank,
      count(*) OVER ()::int AS total
    FROM ranked
    ORDER BY ranked DESC, value * ${sign} ASC NULLS LAST, questions DESC, name, id
    LIMIT ${PAGE_SIZE} OFFSET ${(page - 1) * PAGE_SIZE}`;
  return {
    rows: rows.map((r) => ({
      forecaster: r.kind === 'analyst' ? { kind: 'analyst', id: r.id!, name: r.name } : { kind: 'author', name: r.name },
      author: r.kind === 'author',
      score,
      value: r.value,
      questions: r.questions,
      meanBrier: r.meanBrier,
      meanLog: r.meanLog,
      meanRelativeBrier: r.meanRelativeBrier,
      meanPeer: r.meanPeer,
      meanBaseline: r.meanBaseline,
      meanTimeBrier: r.meanTimeBrier,
      meanTimeRelative: r.meanTimeRelative,
      coverage: r.coverage,
      rank: r.rank,
    })),
    total: rows[0]?.total ?? 0,
    page,
    pageSize: PAGE_SIZE,
  };
}

/** The leaderboard's first page (or `page`): see leaderboardPage. */
export async function leaderboard(actor: Actor | null, query: LeaderboardQuery = {}): Promise<LeaderboardRow[]> {
  return (await leaderboardPage(actor, query)).rows;
}

/**
 * The whole leaderboard computed from the pure functions over every question, on the spot: what
 * the stored scores must add up to (lib/forecasts/scoring.int.test.ts).
 */
export async function rankScoresInMemory(actor: Actor, query: { score?: ScoreKind; min?: number } = {}): Promise<LeaderboardRow[]> {
  const { score = 'peer', min = DEFAULT_MIN_QUESTIONS } = query;
  const groups = new Map<string, ScoredQuestion[]>();
  for (const s of await allScores(actor)) {
    const key = s.forecaster.kind === 'analyst' ? `analyst:${s.forecaster.id}` : `author:${s.forecaster.name}`;
    const list = groups.get(key);
    if (list) list.push(s);
    else groups.set(key, [s]);
  }
  const pick = scoreOf[score];
  const rows = [...groups.values()].map((list) => {
    const counted = list.filter((s) => pick(s) !== null);
    return {
      forecaster: list[0].forecaster,
      author: list[0].forecaster.kind === 'author',
      score,
      value: mean(counted.map(pick)),
      counted: counted.length,
      ...summarize(list),
    };
  });
  return rank(rows, score, min);
}

function rank<T extends { value: number | null; counted: number; questions: number }>(rows: T[], score: ScoreKind, min: number) {
  const sign = HIGHER_IS_BETTER[score] ? -1 : 1;
  const order = (a: T, b: T) => {
    if (a.value === null || b.value === null) return (a.value === null ? 1 : 0) - (b.value === null ? 1 : 0);
    return sign * (a.value - b.value) || b.questions - a.questions;
  };
  const ranked = rows.filter((r) => r.value !== null && r.counted >= min).sort(order);
  const unranked = rows.filter((r) => !(r.value !== null && r.counted >= min)).sort(order);
  // Competition ranking: equal scores share the better rank (1, 1, 3).
  const withRanks = ranked.map((r, i) => ({ r, rank: i + 1 }));
  for (let i = 1; i < withRanks.length; i++) {
    if (withRanks[i].r.value === withRanks[i - 1].r.value) withRanks[i].rank = withRanks[i - 1].rank;
  }
  return [...withRanks.map(({ r, rank }) => ({ ...strip(r), rank })), ...unranked.map((r) => ({ ...strip(r), rank: null }))];
}

function strip<T extends { counted: number }>(row: T): Omit<T, 'counted'> {
  const { counted: _, ...rest } = row;
  return rest;
}

export async function analystRecord(actor: Actor | null, analystId: string): Promise<AnalystRecord> {
  const user = requireActor(actor);
  const analyst = z.uuid().safeParse(analystId).success
    ? await prisma.user.findUnique({ where: { id: analystId }, select: { id: true, name: true } })
    : null;
  if (!analyst) throw new AppError('NOT_FOUND', 'No such analyst');
  const forecast = Prisma.sql`EXISTS (SELECT 1 FROM "ForecastEntry" x WHERE x."questionId" = q.id AND x."analystId" = ${analyst.id}::uuid)`;
  const scores = (await allScores(user, forecast)).filter((s) => s.forecaster.kind === 'analyst' && s.forecaster.id === analyst.id);
  const open = await prisma.forecastQuestion.count({ where: { outcome: null, entries: { some: { analystId: analyst.id } } } });
  const items = scores.flatMap((s) => (s.probability === null ? [] : [{ p: s.probability, outcome: s.question.outcome === 'YES' ? (1 as const) : (0 as const) }]));
  const d = items.length ? murphyDecomposition(items) : null;
  return {
    analyst,
    scores,
    summary: scores.length ? summarize(scores) : null,
    calibration: calibration(items, 10),
    // Skill against always forecasting the base rate of these questions, whose Brier is the uncertainty.
    decomposition: d && {
      ...d,
      baseRate: items.reduce((s, i) => s + i.outcome, 0) / items.length,
      skill: d.uncertainty > 0 ? 1 - d.brier / d.uncertainty : null,
    },
    open,
  };
}
