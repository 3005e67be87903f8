// The forecast board: every question the reader may see with its lifecycle (close time,
// clarifications, re-openings), forecasters, community prediction over time, spread and scores;
// one question; and the open questions a new forecast passage could join.
import 'server-only';
import { z } from 'zod';
import { prisma } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { type Actor, requireActor } from '@/lib/actor';
import { AppError, invalid } from '@/lib/errors';
import { isoDate } from '@/lib/dates';
import {
  hiddenDocuments,
  inOpenDocumentSql,
  openDocument,
  probabilitiesRevealedSql,
  questionsVisibleTo,
  questionsVisibleToSql,
  seesOthers,
  seesProbabilities,
  seesProbabilityOf,
  seesQuestion,
} from '@/lib/visibility';
import { aggregate, communityPrediction, extremizedMean, spread } from './index';
import {
  byAnalyst,
  type EntryRow,
  loadQuestions,
  type QuestionRow,
  type ReadContext,
  readContext,
  scheduledClose,
  scheduledCloseSql,
  scoreQuestion,
} from './questions';
import {
  type CommunityMethod,
  DEFAULT_EXTREMIZE,
  type ForecasterView,
  HIGHER_IS_BETTER,
  type ListQuestionsQuery,
  listSchema,
  type OpenQuestion,
  PAGE_SIZE,
  type QuestionView,
  type ScoreKind,
  type ScoreView,
} from './schemas';

const uuid = z.uuid();

type Options = { method: CommunityMethod; a: number; score: ScoreKind };

type Latest = { at: number; p: number };

/** The community prediction of the forecasts in force by `method`. */
function pool(latest: Latest[], method: CommunityMethod, a: number): number {
  const ps = latest.map((f) => f.p);
  switch (method) {
    case 'recency-median':
      return communityPrediction(latest);
    case 'extremized':
      return extremizedMean(ps, a);
    default:
      return aggregate(ps, method);
  }
}

/** After every entry (or withdrawal), the community prediction of the forecasts then in force. */
function communityTimeline(entries: EntryRow[], method: CommunityMethod, a: number): { at: string; value: number; n: number }[] {
  const inForce = new Map<string, Latest>();
  const points: { at: string; value: number; n: number }[] = [];
  for (const e of entries) {
    if (e.withdrawn) inForce.delete(e.analystId);
    else inForce.set(e.analystId, { at: e.ms, p: e.probability! });
    const point = inForce.size ? { at: e.at, value: pool([...inForce.values()], method, a), n: inForce.size } : null;
    if (points.length && points[points.length - 1].at === e.at) points.pop();
    if (point) points.push(point);
  }
  return points;
}

/** The score a ScoreView holds under each kind. */
export const scoreOf: Record<ScoreKind, (s: ScoreView) => number | null> = {
  peer: (s) => s.peer,
  baseline: (s) => s.baseline,
  brier: (s) => s.timeBrier,
  relative: (s) => s.timeRelative,
  'at-close': (s) => s.brier,
};

/** Best first by `score`; forecasters without that score last. */
function rankScores(scores: ScoreView[], score: ScoreKind): ScoreView[] {
  const sign = HIGHER_IS_BETTER[score] ? -1 : 1;
  return [...scores].sort((x, y) => {
    const a = scoreOf[score](x);
    const b = scoreOf[score](y);
    if (a === null || b === null) return (a === null ? 1 : 0) - (b === null ? 1 : 0);
    return sign * (a - b);
  });
}

function state(q: QuestionRow, now = Date.now()): QuestionView['state'] {
  if (q.outcome) return 'resolved';
  const close = scheduledClose(q);
  return close && close.getTime() <= now ? 'closed' : 'open';
}

function toQuestionView(q: QuestionRow, ctx: ReadContext, options: Options): QuestionView | null {
  const { actor } = ctx;
  const { method, a } = options;
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
      withdrawn: last.withdrawn,
      history: list.map((e) => ({
        id: e.id,
        probability: hidden ? null : e.probability,
        confidence: e.confidence,
        term: hidden ? null : e.term,
        at: e.at,
        withdrawn: e.withdrawn,
      })),
    };
  });
  const sees = revealed && !blindHere;
  // The forecasts in force now: each analyst's latest, unless withdrawn.
  const latest: Latest[] = sees ? forecasters.flatMap((f) => (f.withdrawn ? [] : [{ at: Date.parse(f.at), p: f.probability! }])) : [];
  const ps = latest.map((f) => f.p);
  const pooled = latest.length
    ? {
        median: aggregate(ps, 'median'),
        mean: aggregate(ps, 'mean'),
        geoMeanOdds: aggregate(ps, 'geo-mean-odds'),
        recencyMedian: communityPrediction(latest),
        extremized: extremizedMean(ps, a),
      }
    : null;
  const close = scheduledClose(q);
  const scores = blindHere ? null : scoreQuestion(q);
  return {
    id: q.id,
    document: { id: q.document.id, slug: q.document.slug, title: q.document.title, byline: q.document.byline },
    passage: { start: q.start, end: q.end, exact: q.exact },
    statement: q.statement,
    resolveBy: isoDate(q.resolveBy),
    criteria: q.criteria,
    createdBy: q.createdBy,
    createdAt: q.createdAt.toISOString(),
    closeAt: close?.toISOString() ?? null,
    state: state(q),
    clarifications: q.clarifications,
    reopenings: q.reopenings,
    author: { name: q.document.byline, wording: q.authorWording, probability: q.authorProbability },
    forecasters,
    mine,
    revealed,
    aggregate: pooled && {
      method,
      value: {
        median: pooled.median,
        mean: pooled.mean,
        'geo-mean-odds': pooled.geoMeanOdds,
        'recency-median': pooled.recencyMedian,
        extremized: pooled.extremized,
      }[method],
      ...pooled,
      a,
    },
    community: sees ? communityTimeline(entries, method, a) : null,
    spread: latest.length ? spread(ps) : null,
    outcome: q.outcome,
    resolution:
      q.outcome && q.resolvedAt
        ? { note: q.resolutionNote, source: q.resolutionSource, at: q.resolvedAt.toISOString(), by: q.resolvedBy }
        : null,
    scores: scores && rankScores(scores, options.score),
  };
}

/**
 * The document's questions still taking entries that a new forecast could join (the form offers them
 * by overlap). On a blind document the actor has not finished, only questions they opened or forecast.
 */
export async function openQuestions(actor: Actor | null, slug: string): Promise<OpenQuestion[]> {
  const reader = requireActor(actor);
  const document = await openDocument(reader, slug, { id: true });
  const visible = questionsVisibleTo(reader, await seesOthers(reader, document.id));
  const candidates = await prisma.forecastQuestion.findMany({
    where: {
      documentId: document.id,
      outcome: null,
      ...visible,
    },
    select: { id: true, statement: true, start: true, end: true, createdAt: true, closeAt: true, resolveBy: true },
    orderBy: { start: 'asc' },
  });
  const now = Date.now();
  return candidates
    .filter((q) => (scheduledClose(q)?.getTime() ?? Infinity) > now)
    .map(({ id, statement, start, end }) => ({ id, statement, start, end }));
}

function parseList(query: ListQuestionsQuery) {
  const parsed = listSchema.safeParse(query);
  if (!parsed.success) throw invalid(parsed.error.issues);
  const { method = 'median', a = DEFAULT_EXTREMIZE, score = 'peer', sort = 'document', document, status, page } = parsed.data;
  const where = Prisma.sql`${document ? Prisma.sql`d.slug = ${document}` : Prisma.sql`TRUE`}
      AND ${
        status === 'resolved'
          ? Prisma.sql`q.outcome IS NOT NULL`
          : status === 'closed'
            ? Prisma.sql`q.outcome IS NULL AND ${scheduledCloseSql} <= now()`
            : status === 'open'
              ? Prisma.sql`q.outcome IS NULL AND COALESCE(${scheduledCloseSql} > now(), TRUE)`
              : Prisma.sql`TRUE`
      }`;
  return { options: { method, a, score }, sort, where, page, byDocument: Boolean(document) };
}

function sortViews(views: QuestionView[], sort: 'document' | 'disagreement' | 'resolveBy') {
  if (sort === 'disagreement') {
    // Questions whose spread the actor cannot see yet go last, in their usual order.
    views.sort((a, b) => (b.spread?.sdLogOdds ?? -1) - (a.spread?.sdLogOdds ?? -1));
  } else if (sort === 'resolveBy') {
    views.sort((a, b) => (a.resolveBy ?? '9999').localeCompare(b.resolveBy ?? '9999'));
  }
  return views;
}

/**
 * Every question the actor may see with its forecasters, community prediction, spread and scores.
 * One query for the questions with their entries (plus one for blind documents, if any): this is
 * GET /api/forecasts without `page`.
 */
export async function listQuestions(actor: Actor | null, query: ListQuestionsQuery = {}): Promise<QuestionView[]> {
  return (await listQuestionsPage(actor, query)).questions;
}

/**
 * One page of the board (`page` from 1, PAGE_SIZE questions), or every question without `page`.
 * A page is chosen, sorted and counted in one SQL statement over the questions and their summary
 * rows (ForecastSummary: the spread of the forecasts in force, kept current by the database with
 * every entry), under the same visibility rules as the views (lib/visibility: questionsVisibleToSql,
 * probabilitiesRevealedSql); only the page's questions are then read in full.
 */
export async function listQuestionsPage(
  actor: Actor | null,
  query: ListQuestionsQuery = {},
): Promise<{ questions: QuestionView[]; total: number; page: number | null; pageSize: number }> {
  const user = requireActor(actor);
  const { options, sort, where: chosen, page, byDocument } = parseList(query);
  // Questions on an archived document are absent to all but admins, as the document is.
  const where = Prisma.sql`${chosen} AND ${inOpenDocumentSql(user, 'q')}`;
  if (!page) {
    const rows = await loadQuestions(where);
    const ctx = await readContext(user, rows);
    const views = sortViews(rows.flatMap((q) => toQuestionView(q, ctx, options) ?? []), sort);
    return { questions: views, total: views.length, page: null, pageSize: views.length };
  }
  const hidden = await hiddenDocuments(user, await prisma.document.findMany({ where: { blind: true }, select: { id: true, blind: true } }));
  const boardOrder = Prisma.sql`d.title, q.start, q."createdAt", q.id`;
  // As sortViews: the spread the reader can see, largest first, then those they cannot (or none) in board order.
  const order =
    sort === 'disagreement'
      ? Prisma.sql`CASE WHEN ${probabilitiesRevealedSql(user, hidden)} THEN s."sdLogOdds" END DESC NULLS LAST, ${boardOrder}`
      : sort === 'resolveBy'
        ? Prisma.sql`q."resolveBy" ASC NULLS LAST, ${boardOrder}`
        : boardOrder;
  const filter = Prisma.sql`${where} AND ${questionsVisibleToSql(user, hidden)}`;
  const from = Prisma.sql`"ForecastQuestion" q JOIN "Document" d ON d.id = q."documentId" LEFT JOIN "ForecastSummary" s ON s."questionId" = q.id
    WHERE ${filter}`;
  const offset = (page - 1) * PAGE_SIZE;
  // In board order, a page holds at most offset + PAGE_SIZE questions of any one document, and those
  // are the first of that document in (start, createdAt, id): so each document gives just those, by
  // its (documentId, start) index, and only they are sorted (not every question on the board). The
  // documents come in title order (their title index), so a large library stops at the page's last title.
  const pageSql =
    sort === 'document'
      ? Prisma.sql`SELECT x.id FROM "Document" d CROSS JOIN LATERAL (
          SELECT q.id, q.start, q."createdAt" FROM "ForecastQuestion" q LEFT JOIN "ForecastSummary" s ON s."questionId" = q.id
          WHERE q."documentId" = d.id AND ${filter}
          ORDER BY q.start, q."createdAt", q.id LIMIT ${offset + PAGE_SIZE}) x
        ORDER BY d.title, x.start, x."createdAt", x.id LIMIT ${PAGE_SIZE} OFFSET ${offset}`
      : Prisma.sql`SELECT q.id FROM ${from} ORDER BY ${order} LIMIT ${PAGE_SIZE} OFFSET ${offset}`;
  // The page and the count side by side: counting over the window would hold every row for the sort.
  // The count joins the document only when filtering by it (every question has one; the summary never filters).
  const [keys, [{ total }]] = await Promise.all([
    prisma.$queryRaw<{ id: string }[]>(pageSql),
    prisma.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total
      FROM "ForecastQuestion" q ${byDocument ? Prisma.sql`JOIN "Document" d ON d.id = q."documentId"` : Prisma.empty} WHERE ${filter}`,
  ]);
  const ids = keys.map((k) => k.id);
  const rows = ids.length ? await loadQuestions(Prisma.sql`q.id = ANY(${ids}::uuid[])`) : [];
  const ctx = { actor: user, blindDocs: hidden };
  const byId = new Map(rows.map((q) => [q.id, q]));
  const questions = ids.flatMap((id) => {
    const q = byId.get(id);
    return (q && toQuestionView(q, ctx, options)) ?? [];
  });
  return { questions, total, page, pageSize: PAGE_SIZE };
}

export async function getQuestion(actor: Actor | null, questionId: string, query: ListQuestionsQuery = {}): Promise<QuestionView> {
  const user = requireActor(actor);
  const { options } = parseList({ method: query.method, a: query.a, score: query.score });
  const row = uuid.safeParse(questionId).success ? (await loadQuestions(Prisma.sql`q.id = ${questionId}::uuid AND ${inOpenDocumentSql(user, 'q')}`))[0] : null;
  const view = row && toQuestionView(row, await readContext(user, [row]), options);
  if (!view) throw new AppError('NOT_FOUND', 'No such forecast question');
  return view;
}
