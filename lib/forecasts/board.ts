// The forecast board: every question the reader may see with its forecasters, aggregate, spread
// and scores; one question; and the open questions a new forecast passage could join.
import 'server-only';
import { z } from 'zod';
import { prisma } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { type Actor, requireActor } from '@/lib/actor';
import { AppError, invalid } from '@/lib/errors';
import { isoDate } from '@/lib/dates';
import { questionsVisibleTo, seesOthers, seesProbabilities, seesProbabilityOf, seesQuestion } from '@/lib/visibility';
import { aggregate, type AggregationMethod, spread } from './index';
import { byAnalyst, loadQuestions, type QuestionRow, type ReadContext, readContext, scoreQuestion } from './questions';
import { type ForecasterView, type ListQuestionsQuery, listSchema, type OpenQuestion, type QuestionView } from './schemas';

const uuid = z.uuid();

function toQuestionView(q: QuestionRow, ctx: ReadContext, method: AggregationMethod): QuestionView | null {
  const { actor } = ctx;
  const mine = q.entries.some((e) => e.analystId === actor.id);
  // Blind mode: until the analyst's reading is done, others' forecasts on the document stay out of sight.
  const blindHere = ctx.blindDocs.has(q.documentId);
  if (!seesQuestion(actor, { createdById: q.createdById, forecastByWho: mine }, !blindHere)) return null;
  const entries = blindHere ? q.entries.filter((e) => e.analystId === actor.id) : q.entries;
  const revealed = seesProbabilities(actor, { resolved: q.outcome !== null, forecastByWho: mine });
  const forecasters = byAnalyst(entries).map((list): ForecasterView => {
    const last = list[list.length - 1];
    const hidden = !seesProbabilityOf(actor, { authorId: last.analystId }, revealed);
    return {
      analyst: { id: last.analystId, name: last.analystName },
      probability: hidden ? null : last.probability,
      confidence: last.confidence,
      term: hidden ? null : last.term,
      at: last.at,
      hidden,
      history: list.map((e) => ({
        id: e.id,
        probability: hidden ? null : e.probability,
        confidence: e.confidence,
        term: hidden ? null : e.term,
        at: e.at,
      })),
    };
  });
  const latest = revealed && !blindHere ? forecasters.map((f) => f.probability!) : [];
  const pooled = latest.length
    ? { median: aggregate(latest, 'median'), mean: aggregate(latest, 'mean'), geoMeanOdds: aggregate(latest, 'geo-mean-odds') }
    : null;
  return {
    id: q.id,
    document: { id: q.document.id, slug: q.document.slug, title: q.document.title, byline: q.document.byline },
    passage: { start: q.start, end: q.end, exact: q.exact },
    statement: q.statement,
    resolveBy: isoDate(q.resolveBy),
    criteria: q.criteria,
    createdBy: q.createdBy,
    createdAt: q.createdAt.toISOString(),
    author: { name: q.document.byline, wording: q.authorWording, probability: q.authorProbability },
    forecasters,
    mine,
    revealed,
    aggregate: pooled && {
      method,
      value: method === 'median' ? pooled.median : method === 'mean' ? pooled.mean : pooled.geoMeanOdds,
      ...pooled,
    },
    spread: latest.length ? spread(latest) : null,
    outcome: q.outcome,
    resolution:
      q.outcome && q.resolvedAt
        ? { note: q.resolutionNote, source: q.resolutionSource, at: q.resolvedAt.toISOString(), by: q.resolvedBy }
        : null,
    scores: blindHere ? null : scoreQuestion(q),
  };
}

/**
 * The document's unresolved questions a new forecast could join (the form offers them by overlap).
 * On a blind document the actor has not finished, only questions they opened or forecast.
 */
export async function openQuestions(actor: Actor | null, slug: string): Promise<OpenQuestion[]> {
  const reader = requireActor(actor);
  const document = await prisma.document.findUnique({ where: { slug }, select: { id: true } });
  if (!document) throw new AppError('NOT_FOUND', `No document "${slug}"`);
  const visible = questionsVisibleTo(reader, await seesOthers(reader, document.id));
  return prisma.forecastQuestion.findMany({
    where: {
      documentId: document.id,
      outcome: null,
      ...visible,
    },
    select: { id: true, statement: true, start: true, end: true },
    orderBy: { start: 'asc' },
  });
}

/**
 * Every question the actor may see with its forecasters, aggregate, spread and scores. One query for
 * the questions with their entries (plus one for blind documents, if any): this is the board and
 * GET /api/forecasts, timed by the benchmark.
 */
export async function listQuestions(actor: Actor | null, query: ListQuestionsQuery = {}): Promise<QuestionView[]> {
  const user = requireActor(actor);
  const parsed = listSchema.safeParse(query);
  if (!parsed.success) throw invalid(parsed.error.issues);
  const { method = 'median', sort = 'document', document, status } = parsed.data;
  const rows = await loadQuestions(
    Prisma.sql`${document ? Prisma.sql`d.slug = ${document}` : Prisma.sql`TRUE`}
      AND ${status === 'open' ? Prisma.sql`q.outcome IS NULL` : status === 'resolved' ? Prisma.sql`q.outcome IS NOT NULL` : Prisma.sql`TRUE`}`,
  );
  const ctx = await readContext(user, rows);
  const views = rows.flatMap((q) => toQuestionView(q, ctx, method) ?? []);
  if (sort === 'disagreement') {
    // Questions whose spread the actor cannot see yet go last, in their usual order.
    views.sort((a, b) => (b.spread?.sdLogOdds ?? -1) - (a.spread?.sdLogOdds ?? -1));
  } else if (sort === 'resolveBy') {
    views.sort((a, b) => (a.resolveBy ?? '9999').localeCompare(b.resolveBy ?? '9999'));
  }
  return views;
}

export async function getQuestion(actor: Actor | null, questionId: string, method: AggregationMethod = 'median'): Promise<QuestionView> {
  const user = requireActor(actor);
  const row = uuid.safeParse(questionId).success
    ? (await loadQuestions(Prisma.sql`q.id = ${questionId}::uuid`))[0]
    : null;
  const view = row && toQuestionView(row, await readContext(user, [row]), method);
  if (!view) throw new AppError('NOT_FOUND', 'No such forecast question');
  return view;
}

