// Forecast questions (issue #3): overlapping forecast passages of several analysts join one
// question; each analyst's probabilities are appended as entries, never overwritten; an admin
// resolves the question and resolved YES/NO questions score every analyst and the document's own
// author. Scores are computed when read, from the entries, so there is nothing to keep in step.
import { z } from 'zod';
import { prisma } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { type Actor, requireActor, requireAdmin, requireWriter } from '@/lib/actor';
import { AppError, invalid } from '@/lib/errors';
import { seesOthers } from '@/lib/visibility';
import { type AnnotationView, CONFIDENCES } from '@/lib/annotations/schemas';
// The annotation service also calls this module (joining questions); both only call each other at run time.
import { mirrorForecastEntry } from '@/lib/annotations/service';
import { aggregate, type AggregationMethod, spread } from './aggregate';
import { brierScore, logScore } from './scores';
import { calibration, type CalibrationBin } from './calibration';
import { overlaps } from '@/lib/anchoring/spans';
import { byOverlap } from './join';
import { canonicalTerm, termMidpoint, termMismatch } from './terms';

type Client = Prisma.TransactionClient;
type Confidence = (typeof CONFIDENCES)[number];

export const OUTCOMES = ['YES', 'NO', 'AMBIGUOUS', 'ANNULLED'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const METHODS = ['median', 'mean', 'geo-mean-odds'] as const satisfies readonly AggregationMethod[];

// ---------------------------------------------------------------------------------------------
// Joining (called by the annotation service inside its transaction)

export type ForecastPassage = {
  documentId: string;
  start: number;
  end: number;
  exact: string;
  statement: string | null;
  resolveBy: Date | null;
  criteria: string | null;
};

/**
 * The question a forecast passage belongs to: `requested` (a question on the same document that
 * overlaps it), a new one for 'new', or when absent the open question on the document that overlaps
 * it best, else a new one.
 */
export async function joinQuestion(tx: Client, actor: Actor, passage: ForecastPassage, requested?: string): Promise<string> {
  // Two analysts tagging the same passage at once must not open two questions.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`forecast-join:${passage.documentId}`}))`;
  if (requested && requested !== 'new') {
    const question = await tx.forecastQuestion.findUnique({
      where: { id: requested },
      select: { id: true, documentId: true, start: true, end: true, outcome: true },
    });
    if (!question || question.documentId !== passage.documentId || !overlaps(question, passage)) {
      throw new AppError('INVALID', 'That question is not on an overlapping passage of this document', {
        fields: { questionId: 'Not a question on an overlapping passage' },
      });
    }
    if (question.outcome) {
      throw new AppError('INVALID', 'That question is already resolved', { fields: { questionId: 'Already resolved' } });
    }
    return question.id;
  }
  if (!requested) {
    const candidates = await tx.forecastQuestion.findMany({
      where: { documentId: passage.documentId, outcome: null, start: { lt: passage.end }, end: { gt: passage.start } },
      select: { id: true, start: true, end: true },
    });
    const best = byOverlap(candidates, passage)[0];
    if (best) return best.id;
  }
  const created = await tx.forecastQuestion.create({
    data: {
      documentId: passage.documentId,
      start: passage.start,
      end: passage.end,
      exact: passage.exact,
      statement: (passage.statement ?? passage.exact).slice(0, 2000),
      resolveBy: passage.resolveBy,
      criteria: passage.criteria,
      createdById: actor.id,
    },
    select: { id: true },
  });
  return created.id;
}

/** Appends an entry unless the question is resolved (its scores are final). */
export async function appendFromAnnotation(
  tx: Client,
  analystId: string,
  questionId: string,
  entry: { probability: number; confidence: Confidence | null; term?: string | null },
): Promise<void> {
  const question = await tx.forecastQuestion.findUnique({ where: { id: questionId }, select: { outcome: true } });
  if (!question || question.outcome) return;
  await tx.forecastEntry.create({
    data: {
      questionId,
      analystId,
      probability: entry.probability,
      confidence: entry.confidence,
      term: entry.term ? canonicalTerm(entry.term) : null,
    },
    select: { id: true },
  });
}

// ---------------------------------------------------------------------------------------------
// Hidden probabilities: an analyst sees others' probabilities on a question only once they have
// given their own, or once it is resolved. Viewers forecast nothing, so nothing is hidden from them.

/** Questions among `questionIds` on which `actor` may see others' probabilities. */
async function revealedQuestions(actor: Actor, questionIds: string[]): Promise<Set<string>> {
  if (questionIds.length === 0) return new Set();
  const rows = await prisma.forecastQuestion.findMany({
    where: {
      id: { in: questionIds },
      OR: [{ outcome: { not: null } }, { entries: { some: { analystId: actor.id } } }],
    },
    select: { id: true },
  });
  return new Set(rows.map((r) => r.id));
}

/** Withholds `forecast.probability` on others' forecasts whose question the actor has not yet forecast. */
export async function maskForecasts(actor: Actor, views: AnnotationView[]): Promise<AnnotationView[]> {
  if (actor.role === 'VIEWER') return views;
  const guarded = (v: AnnotationView) => v.author.id !== actor.id && v.forecast?.questionId && v.forecast.probability !== null;
  const ids = [...new Set(views.filter(guarded).map((v) => v.forecast!.questionId!))];
  if (ids.length === 0) return views;
  const revealed = await revealedQuestions(actor, ids);
  return views.map((v) =>
    guarded(v) && !revealed.has(v.forecast!.questionId!) ? { ...v, forecast: { ...v.forecast!, probability: null, hidden: true } } : v,
  );
}

// ---------------------------------------------------------------------------------------------
// Entries

const entrySchema = z
  .strictObject({
    probability: z.number('Probability is a number 0–1').min(0, 'Probability is 0–1').max(1, 'Probability is 0–1').optional(),
    confidence: z.enum(CONFIDENCES, 'Confidence is LOW, MODERATE or HIGH').optional(),
    term: z.string().refine((t) => canonicalTerm(t) !== null, 'Not an ICD 203 term (e.g. "likely")').optional(),
  })
  .refine((e) => e.probability !== undefined || e.term !== undefined, {
    path: ['probability'],
    message: 'Give a probability or an estimative term',
  });

export type EntryView = {
  id: string;
  questionId: string;
  analyst: { id: string; name: string };
  probability: number;
  confidence: Confidence | null;
  term: string | null;
  createdAt: string;
  /** Present when the chosen term and the number disagree; the entry is kept as given. */
  warning?: string;
};

const uuid = z.uuid();

/** Appends the actor's probability for a question (201); a term alone stands for the middle of its range. */
export async function addEntry(actor: Actor | null, questionId: string, input: unknown): Promise<EntryView> {
  const analyst = requireWriter(actor);
  const parsed = entrySchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues);
  const { term, confidence } = parsed.data;
  const probability = parsed.data.probability ?? termMidpoint(term!);
  const question = uuid.safeParse(questionId).success
    ? await prisma.forecastQuestion.findUnique({ where: { id: questionId }, select: { outcome: true } })
    : null;
  if (!question) throw new AppError('NOT_FOUND', 'No such forecast question');
  const rows = await prisma.$transaction(async (tx) => {
    // The resolution check and the insert are one statement, so an entry cannot slip in after the outcome.
    const inserted = await tx.$queryRaw<{ id: bigint; createdAt: Date }[]>`
      INSERT INTO "ForecastEntry" ("questionId", "analystId", probability, confidence, term)
      SELECT id, ${analyst.id}::uuid, ${probability}::float8, ${confidence ?? null}::"Confidence", ${term ? canonicalTerm(term) : null}
      FROM "ForecastQuestion" WHERE id = ${questionId}::uuid AND outcome IS NULL
      RETURNING id, "createdAt"`;
    if (inserted.length === 0) throw new AppError('CONFLICT', 'This question is resolved; its forecasts are final');
    await mirrorForecastEntry(tx, analyst, questionId, { probability, confidence: confidence ?? null });
    return inserted;
  });
  const warning = term ? termMismatch(term, probability) : null;
  return {
    id: rows[0].id.toString(),
    questionId,
    analyst: { id: analyst.id, name: analyst.name },
    probability,
    confidence: confidence ?? null,
    term: term ? canonicalTerm(term) : null,
    createdAt: rows[0].createdAt.toISOString(),
    ...(warning ? { warning } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Resolution and the question's own fields

const resolutionSchema = z.strictObject({
  outcome: z.enum(OUTCOMES, 'Outcome is YES, NO, AMBIGUOUS or ANNULLED'),
  note: z.string().trim().min(1, 'Say how it resolved').max(5000),
  source: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().trim().max(2000).optional(),
  ),
});

export async function resolveQuestion(actor: Actor | null, questionId: string, input: unknown): Promise<QuestionView> {
  const admin = requireAdmin(actor);
  const parsed = resolutionSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues);
  await findQuestionId(questionId);
  const { count } = await prisma.forecastQuestion.updateMany({
    where: { id: questionId, outcome: null },
    data: {
      outcome: parsed.data.outcome,
      resolutionNote: parsed.data.note,
      resolutionSource: parsed.data.source ?? null,
      resolvedAt: new Date(),
      resolvedById: admin.id,
    },
  });
  if (count === 0) throw new AppError('CONFLICT', 'This question is already resolved');
  return getQuestion(admin, questionId);
}

const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : typeof v === 'string' ? v.trim() : v), z.string().max(max).nullable().optional());

const questionPatchSchema = z.strictObject({
  statement: z.string().trim().min(1, 'The statement is empty').max(2000).optional(),
  resolveBy: z.preprocess((v) => (v === '' ? null : v), z.iso.date('Resolve-by is a date (YYYY-MM-DD)').nullable().optional()),
  criteria: optionalText(2000),
  authorWording: optionalText(500),
  authorProbability: z.preprocess(
    (v) => (v === '' ? null : v),
    z.number('The author’s probability is a number 0–1').min(0, 'Probability is 0–1').max(1, 'Probability is 0–1').nullable().optional(),
  ),
});

/**
 * Edits the question: its statement and criteria, and the document author's own likelihood wording
 * with the probability it implies (an ICD 203 wording without a number stands for its range's
 * middle). Admins and the question's creator only.
 */
export async function updateQuestion(actor: Actor | null, questionId: string, input: unknown): Promise<QuestionView> {
  const user = requireWriter(actor);
  const parsed = questionPatchSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues);
  const question = await prisma.forecastQuestion.findUnique({ where: { id: await findQuestionId(questionId) } });
  if (question!.createdById !== user.id && user.role !== 'ADMIN') {
    throw new AppError('FORBIDDEN', 'Only an admin or the question’s creator can edit it');
  }
  const patch = parsed.data;
  let authorProbability = patch.authorProbability;
  if (authorProbability === undefined && patch.authorWording && canonicalTerm(patch.authorWording)) {
    authorProbability = termMidpoint(patch.authorWording);
  }
  await prisma.forecastQuestion.update({
    where: { id: questionId },
    data: {
      statement: patch.statement,
      resolveBy: patch.resolveBy === undefined ? undefined : patch.resolveBy ? new Date(`${patch.resolveBy}T00:00:00Z`) : null,
      criteria: patch.criteria,
      authorWording: patch.authorWording,
      authorProbability,
    },
  });
  return getQuestion(user, questionId);
}

async function findQuestionId(questionId: string): Promise<string> {
  const found = uuid.safeParse(questionId).success
    ? await prisma.forecastQuestion.findUnique({ where: { id: questionId }, select: { id: true } })
    : null;
  if (!found) throw new AppError('NOT_FOUND', 'No such forecast question');
  return found.id;
}

// ---------------------------------------------------------------------------------------------
// Reading: questions with their forecasters, aggregate, spread and scores

export type Forecaster = { kind: 'analyst'; id: string; name: string } | { kind: 'author'; name: string };

export type ScoreView = {
  forecaster: Forecaster;
  probability: number;
  brier: number;
  log: number;
  /** Brier minus the median of the analysts' Briers on the question: below 0 beat the median forecaster. */
  relativeBrier: number | null;
};

export type ForecasterView = {
  analyst: { id: string; name: string };
  /** Null while hidden (give yours first). */
  probability: number | null;
  confidence: Confidence | null;
  term: string | null;
  at: string;
  hidden: boolean;
  history: { id: string; probability: number | null; confidence: Confidence | null; term: string | null; at: string }[];
};

export type QuestionView = {
  id: string;
  document: { id: string; slug: string; title: string; byline: string | null };
  passage: { start: number; end: number; exact: string };
  statement: string;
  resolveBy: string | null;
  criteria: string | null;
  createdBy: { id: string; name: string };
  createdAt: string;
  author: { name: string | null; wording: string | null; probability: number | null };
  forecasters: ForecasterView[];
  /** Whether the actor has given a probability here. */
  mine: boolean;
  /** False while others' probabilities are hidden from the actor; aggregate and spread are null then. */
  revealed: boolean;
  aggregate: { method: AggregationMethod; value: number; median: number; mean: number; geoMeanOdds: number } | null;
  spread: { sdLogOdds: number; iqr: number } | null;
  outcome: Outcome | null;
  resolution: { note: string | null; source: string | null; at: string; by: { id: string; name: string } | null } | null;
  scores: ScoreView[] | null;
};

type EntryRow = {
  id: string;
  analystId: string;
  analystName: string;
  probability: number;
  confidence: Confidence | null;
  term: string | null;
  /** ISO 8601 in UTC, so it also compares as a string. */
  at: string;
};

type QuestionRow = {
  id: string;
  documentId: string;
  start: number;
  end: number;
  exact: string;
  statement: string;
  resolveBy: Date | null;
  criteria: string | null;
  createdById: string;
  createdAt: Date;
  authorWording: string | null;
  authorProbability: number | null;
  outcome: Outcome | null;
  resolutionNote: string | null;
  resolutionSource: string | null;
  resolvedAt: Date | null;
  document: { id: string; slug: string; title: string; byline: string | null; blind: boolean };
  createdBy: { id: string; name: string };
  resolvedBy: { id: string; name: string } | null;
  entries: EntryRow[];
};

type RawQuestion = Omit<QuestionRow, 'document' | 'createdBy' | 'resolvedBy' | 'entries'> & {
  slug: string;
  title: string;
  byline: string | null;
  blind: boolean;
  createdByName: string;
  resolvedById: string | null;
  resolvedByName: string | null;
  /** [id, analystId, probability, confidence, term, createdAt in epoch ms] */
  entries: [number, string, number, Confidence | null, string | null, number][];
};

/**
 * Questions matching `where` (on alias q) with their document and every entry, in one statement:
 * entries come as one JSON array per question, which costs a fraction of loading them as rows
 * through Prisma's relation queries (the board must stay fast at 25 analysts × thousands of entries).
 */
async function loadQuestions(where: Prisma.Sql, entries: 'all' | 'scored' = 'all'): Promise<QuestionRow[]> {
  const [raw, users] = await Promise.all([loadRaw(where, entries), prisma.user.findMany({ select: { id: true, name: true } })]);
  const names = new Map(users.map((u) => [u.id, u.name]));
  return raw.map(({ slug, title, byline, blind, createdByName, resolvedById, resolvedByName, entries, ...q }) => ({
    ...q,
    document: { id: q.documentId, slug, title, byline, blind },
    createdBy: { id: q.createdById, name: createdByName },
    resolvedBy: resolvedById ? { id: resolvedById, name: resolvedByName! } : null,
    entries: entries.map(([id, analystId, probability, confidence, term, at]) => ({
      id: String(id),
      analystId,
      analystName: names.get(analystId) ?? '',
      probability,
      confidence,
      term,
      at: new Date(at).toISOString(),
    })),
  }));
}

// Entries as compact JSON arrays with epoch-millisecond times: formatting dates and repeating
// names in SQL doubled the statement's time.
// `scored` loads only what scoring reads: each analyst's latest entry before the resolution.
function loadRaw(where: Prisma.Sql, entries: 'all' | 'scored') {
  const source =
    entries === 'all'
      ? Prisma.sql`SELECT * FROM "ForecastEntry" e WHERE e."questionId" = q.id`
      : Prisma.sql`SELECT DISTINCT ON (e."analystId") * FROM "ForecastEntry" e
          WHERE e."questionId" = q.id AND e."createdAt" <= q."resolvedAt" ORDER BY e."analystId", e.id DESC`;
  return prisma.$queryRaw<RawQuestion[]>`
    SELECT q.id, q."documentId", q.start, q."end", q.exact, q.statement, q."resolveBy", q.criteria, q."createdById",
      q."createdAt", q."authorWording", q."authorProbability", q.outcome::text AS outcome, q."resolutionNote",
      q."resolutionSource", q."resolvedAt", d.slug, d.title, d.byline, d.blind, c.name AS "createdByName",
      q."resolvedById", r.name AS "resolvedByName",
      COALESCE((
        SELECT json_agg(json_build_array(e.id, e."analystId", e.probability, e.confidence, e.term,
          (extract(epoch FROM e."createdAt") * 1000)::bigint) ORDER BY e.id)
        FROM (${source}) e
      ), '[]'::json) AS entries
    FROM "ForecastQuestion" q
    JOIN "Document" d ON d.id = q."documentId"
    JOIN "User" c ON c.id = q."createdById"
    LEFT JOIN "User" r ON r.id = q."resolvedById"
    WHERE ${where}
    ORDER BY d.title, q.start, q."createdAt"`;
}

const isoDate = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
const median = (xs: number[]) => aggregate(xs, 'median');

/** Each analyst's entries, oldest first, grouped in order of their first entry. */
function byAnalyst(entries: EntryRow[]): EntryRow[][] {
  const groups = new Map<string, EntryRow[]>();
  for (const e of entries) {
    const list = groups.get(e.analystId);
    if (list) list.push(e);
    else groups.set(e.analystId, [e]);
  }
  return [...groups.values()];
}

/** Resolved YES/NO: every analyst's latest entry before resolution, and the document author's probability. */
export function scoreQuestion(q: Pick<QuestionRow, 'outcome' | 'resolvedAt' | 'entries' | 'authorProbability' | 'document'>): ScoreView[] | null {
  if (q.outcome !== 'YES' && q.outcome !== 'NO') return null;
  const outcome = q.outcome === 'YES' ? 1 : 0;
  const cutoff = q.resolvedAt?.toISOString() ?? '9999';
  const latest = byAnalyst(q.entries.filter((e) => e.at <= cutoff)).map((list) => list[list.length - 1]);
  const analysts = latest.map((e) => ({
    forecaster: { kind: 'analyst' as const, id: e.analystId, name: e.analystName },
    probability: e.probability,
    brier: brierScore(e.probability, outcome),
    log: logScore(e.probability, outcome),
  }));
  const medianBrier = analysts.length ? median(analysts.map((a) => a.brier)) : null;
  const scores: ScoreView[] = analysts.map((a) => ({ ...a, relativeBrier: medianBrier === null ? null : a.brier - medianBrier }));
  if (q.authorProbability !== null) {
    const brier = brierScore(q.authorProbability, outcome);
    scores.push({
      forecaster: { kind: 'author', name: q.document.byline ?? `Author of “${q.document.title}”` },
      probability: q.authorProbability,
      brier,
      log: logScore(q.authorProbability, outcome),
      relativeBrier: medianBrier === null ? null : brier - medianBrier,
    });
  }
  return scores;
}

type ReadContext = { actor: Actor; blindDocs: Set<string> };

function toQuestionView(q: QuestionRow, ctx: ReadContext, method: AggregationMethod): QuestionView | null {
  const { actor } = ctx;
  const mine = q.entries.some((e) => e.analystId === actor.id);
  // Blind mode: until the analyst's reading is done, others' forecasts on the document stay out of sight.
  const blindHere = ctx.blindDocs.has(q.documentId);
  const entries = blindHere ? q.entries.filter((e) => e.analystId === actor.id) : q.entries;
  if (blindHere && !mine && q.createdById !== actor.id) return null;
  const revealed = actor.role === 'VIEWER' || q.outcome !== null || mine;
  const forecasters = byAnalyst(entries).map((list): ForecasterView => {
    const last = list[list.length - 1];
    const hidden = !revealed && last.analystId !== actor.id;
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

async function readContext(actor: Actor, rows: QuestionRow[]): Promise<ReadContext> {
  const blindIds = [...new Set(rows.filter((q) => q.document.blind).map((q) => q.documentId))];
  let blindDocs = new Set<string>();
  if (actor.role !== 'VIEWER' && blindIds.length) {
    const done = await prisma.readingDone.findMany({ where: { userId: actor.id, documentId: { in: blindIds } }, select: { documentId: true } });
    const doneIds = new Set(done.map((d) => d.documentId));
    blindDocs = new Set(blindIds.filter((id) => !doneIds.has(id)));
  }
  return { actor, blindDocs };
}

export type OpenQuestion = { id: string; statement: string; start: number; end: number };

/**
 * The document's unresolved questions a new forecast could join (the form offers them by overlap).
 * On a blind document the actor has not finished, only questions they opened or forecast.
 */
export async function openQuestions(actor: Actor | null, slug: string): Promise<OpenQuestion[]> {
  const reader = requireActor(actor);
  const document = await prisma.document.findUnique({ where: { slug }, select: { id: true } });
  if (!document) throw new AppError('NOT_FOUND', `No document "${slug}"`);
  const ownOnly = !(await seesOthers(reader, document.id));
  return prisma.forecastQuestion.findMany({
    where: {
      documentId: document.id,
      outcome: null,
      ...(ownOnly ? { OR: [{ createdById: reader.id }, { entries: { some: { analystId: reader.id } } }] } : {}),
    },
    select: { id: true, statement: true, start: true, end: true },
    orderBy: { start: 'asc' },
  });
}

const listSchema = z.strictObject({
  method: z.enum(METHODS, 'method is median, mean or geo-mean-odds').optional(),
  sort: z.enum(['document', 'disagreement', 'resolveBy'], 'sort is document, disagreement or resolveBy').optional(),
  document: z.string().min(1).optional(),
  status: z.enum(['open', 'resolved'], 'status is open or resolved').optional(),
});

/** Query-string values, checked here: the board and GET /api/forecasts pass them through. */
export type ListQuestionsQuery = Partial<Record<keyof z.input<typeof listSchema>, string>>;

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

// ---------------------------------------------------------------------------------------------
// Leaderboard and an analyst's record

export type ScoredQuestion = ScoreView & {
  question: { id: string; statement: string; outcome: 'YES' | 'NO'; document: { slug: string; title: string } };
};

/** Every score on every resolved YES/NO question (resolved questions hide nothing, but blind documents still do). */
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

export type LeaderboardRow = {
  forecaster: Forecaster;
  questions: number;
  meanBrier: number;
  meanLog: number;
  /** Over the questions that had analysts to compare with. */
  meanRelativeBrier: number | null;
};

const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);

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
    .map((list) => ({
      forecaster: list[0].forecaster,
      questions: list.length,
      meanBrier: mean(list.map((s) => s.brier))!,
      meanLog: mean(list.map((s) => s.log))!,
      meanRelativeBrier: mean(list.flatMap((s) => (s.relativeBrier === null ? [] : [s.relativeBrier]))),
    }))
    .sort((a, b) => a.meanBrier - b.meanBrier || b.questions - a.questions);
}

export type AnalystRecord = {
  analyst: { id: string; name: string };
  scores: ScoredQuestion[];
  summary: Omit<LeaderboardRow, 'forecaster'> | null;
  calibration: CalibrationBin[];
  /** Questions the analyst has forecast that are still open. */
  open: number;
};

export async function analystRecord(actor: Actor | null, analystId: string): Promise<AnalystRecord> {
  const user = requireActor(actor);
  const analyst = uuid.safeParse(analystId).success
    ? await prisma.user.findUnique({ where: { id: analystId }, select: { id: true, name: true } })
    : null;
  if (!analyst) throw new AppError('NOT_FOUND', 'No such analyst');
  const scores = (await allScores(user)).filter((s) => s.forecaster.kind === 'analyst' && s.forecaster.id === analyst.id);
  const open = await prisma.forecastQuestion.count({ where: { outcome: null, entries: { some: { analystId: analyst.id } } } });
  const relative = scores.flatMap((s) => (s.relativeBrier === null ? [] : [s.relativeBrier]));
  return {
    analyst,
    scores,
    summary: scores.length
      ? {
          questions: scores.length,
          meanBrier: mean(scores.map((s) => s.brier))!,
          meanLog: mean(scores.map((s) => s.log))!,
          meanRelativeBrier: mean(relative),
        }
      : null,
    calibration: calibration(scores.map((s) => ({ p: s.probability, outcome: s.question.outcome === 'YES' ? 1 : 0 })), 10),
    open,
  };
}
