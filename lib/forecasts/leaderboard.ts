// Scores over resolved questions: the leaderboard of analysts and document authors, and one
// analyst's record with their calibration. Resolved questions hide no probabilities, but blind
// documents still hide others' scores until the reader's reading there is done.
import 'server-only';
import { z } from 'zod';
import { prisma } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { type Actor, requireActor } from '@/lib/actor';
import { AppError } from '@/lib/errors';
import { calibration } from './index';
import { loadQuestions, readContext, scoreQuestion } from './questions';
import type { AnalystRecord, LeaderboardRow, ScoredQuestion, ScoreSummary } from './schemas';

/** Every score on every resolved YES/NO question the actor may see. */
async function allScores(actor: Actor): Promise<ScoredQuestion[]> {
  const rows = await loadQuestions(Prisma.sql`q.outcome IN ('YES', 'NO')`, 'scored');
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

const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);

/** Mean scores over a forecaster's scored questions (at least one). */
function summarize(scores: ScoredQuestion[]): ScoreSummary {
  return {
    questions: scores.length,
    meanBrier: mean(scores.map((s) => s.brier))!,
    meanLog: mean(scores.map((s) => s.log))!,
    meanRelativeBrier: mean(scores.flatMap((s) => (s.relativeBrier === null ? [] : [s.relativeBrier]))),
  };
}

/** Analysts and document authors ranked by mean Brier over resolved questions (lower is better). */
export async function leaderboard(actor: Actor | null): Promise<LeaderboardRow[]> {
  const user = requireActor(actor);
  const groups = new Map<string, ScoredQuestion[]>();
  for (const s of await allScores(user)) {
    const key = s.forecaster.kind === 'analyst' ? `analyst:${s.forecaster.id}` : `author:${s.forecaster.name}`;
    const list = groups.get(key);
    if (list) list.push(s);
    else groups.set(key, [s]);
  }
  return [...groups.values()]
    .map((list) => ({ forecaster: list[0].forecaster, ...summarize(list) }))
    .sort((a, b) => a.meanBrier - b.meanBrier || b.questions - a.questions);
}

export async function analystRecord(actor: Actor | null, analystId: string): Promise<AnalystRecord> {
  const user = requireActor(actor);
  const analyst = z.uuid().safeParse(analystId).success
    ? await prisma.user.findUnique({ where: { id: analystId }, select: { id: true, name: true } })
    : null;
  if (!analyst) throw new AppError('NOT_FOUND', 'No such analyst');
  const scores = (await allScores(user)).filter((s) => s.forecaster.kind === 'analyst' && s.forecaster.id === analyst.id);
  const open = await prisma.forecastQuestion.count({ where: { outcome: null, entries: { some: { analystId: analyst.id } } } });
  return {
    analyst,
    scores,
    summary: scores.length ? summarize(scores) : null,
    calibration: calibration(scores.map((s) => ({ p: s.probability, outcome: s.question.outcome === 'YES' ? 1 : 0 })), 10),
    open,
  };
}
