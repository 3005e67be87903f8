// Stored scores (issue #13): each resolved YES/NO question's scores, as scoreQuestion computes them
// (lib/forecasts/questions.ts, over the pure functions of lib/forecasts/index.ts), kept in
// "ForecastScore" so the leaderboard averages them in SQL instead of re-scoring every question on
// every read. A question is scored when it is resolved, and by the first read that finds it
// unscored: the database drops a question's scores and marks it unscored whenever what they depend
// on changes (migration 20261128210000_forecast_summary: re-opening, a new resolution, close time,
// resolve-by date, the author's probability, the document's publication date).
import 'server-only';
import { prisma } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { loadScoring, scoreQuestion } from './questions';

const CHUNK = 500;

/** A stored score row: scoreQuestion's ScoreView at `position`, the forecaster by id (null: the document's author). */
export type StoredScore = {
  questionId: string;
  position: number;
  analystId: string | null;
  probability: number | null;
  brier: number | null;
  log: number | null;
  relativeBrier: number | null;
  peer: number | null;
  baseline: number | null;
  timeBrier: number | null;
  timeRelative: number | null;
  coverage: number;
};

/**
 * Scores the resolved YES/NO questions that have no stored scores (`ids` narrows them). Each is
 * stored only if nothing it depends on changed since it was read (its scores version), so a
 * re-opening that races a scoring is never covered over. Returns how many were scored.
 */
export async function scorePending(ids?: string[]): Promise<number> {
  const pending = await prisma.$queryRaw<{ id: string; version: number }[]>`
    SELECT s."questionId" AS id, s."scoresVersion" AS version
    FROM "ForecastSummary" s JOIN "ForecastQuestion" q ON q.id = s."questionId"
    WHERE NOT s.scored AND q.outcome IN ('YES', 'NO') ${ids ? Prisma.sql`AND q.id = ANY(${ids}::uuid[])` : Prisma.empty}`;
  let scored = 0;
  for (let i = 0; i < pending.length; i += CHUNK) {
    const chunk = pending.slice(i, i + CHUNK);
    const rows = await loadScoring(Prisma.sql`q.id = ANY(${chunk.map((p) => p.id)}::uuid[])`);
    const scores: StoredScore[] = rows.flatMap((q) =>
      (scoreQuestion(q) ?? []).map((s, position) => ({
        questionId: q.id,
        position,
        analystId: s.forecaster.kind === 'analyst' ? s.forecaster.id : null,
        probability: s.probability,
        brier: s.brier,
        log: s.log,
        relativeBrier: s.relativeBrier,
        peer: s.peer,
        baseline: s.baseline,
        timeBrier: s.timeBrier,
        timeRelative: s.timeRelative,
        coverage: s.coverage,
      })),
    );
    scored += (
      await prisma.$queryRaw<unknown[]>`
      WITH versions AS (
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) AS v(id uuid, version int)
      ), ok AS (
        UPDATE "ForecastSummary" s SET scored = true FROM versions v
        WHERE s."questionId" = v.id AND s."scoresVersion" = v.version AND NOT s.scored
        RETURNING s."questionId"
      ), written AS (
        INSERT INTO "ForecastScore" ("questionId", position, "analystId", probability, brier, log, "relativeBrier", peer, baseline,
          "timeBrier", "timeRelative", coverage)
        SELECT x."questionId", x.position, x."analystId", x.probability, x.brier, x.log, x."relativeBrier", x.peer, x.baseline,
          x."timeBrier", x."timeRelative", x.coverage
        FROM jsonb_to_recordset(${JSON.stringify(scores)}::jsonb) AS x("questionId" uuid, position int, "analystId" uuid,
          probability float8, brier float8, log float8, "relativeBrier" float8, peer float8, baseline float8, "timeBrier" float8,
          "timeRelative" float8, coverage float8)
        WHERE x."questionId" IN (SELECT "questionId" FROM ok)
      )
      SELECT 1 FROM ok`
    ).length;
  }
  return scored;
}
