// Reading forecast questions: each with its document, every entry, clarification and re-opening in
// one statement; when a question closes; resolved YES/NO questions scored (at close and over
// time); and what blind mode hides from the reader. The board and the leaderboard are built from these rows.
import 'server-only';
import { z } from 'zod';
import { prisma } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import type { Actor } from '@/lib/actor';
import { AppError } from '@/lib/errors';
import { hiddenDocuments, seesDocument, seesQuestion } from '@/lib/visibility';
import { aggregate, brierScore, type Entry, logScore, scoresOverTime, type Window } from './index';
import type { Confidence, Outcome, ScoreView } from './schemas';

const uuid = z.uuid();

/**
 * The question's id as `actor` may reach it: 404 when there is none, its document is archived
 * (seesDocument) or blind mode hides it (seesQuestion), as on the board. What hides a question hides
 * it for every method, so every write to a question (an entry, an edit, its lifecycle) looks it up here.
 */
export async function findVisibleQuestion(actor: Actor, questionId: string): Promise<string> {
  const found = uuid.safeParse(questionId).success
    ? await prisma.forecastQuestion.findUnique({
        where: { id: questionId },
        select: {
          id: true,
          createdById: true,
          document: { select: { id: true, blind: true, archivedAt: true } },
          entries: { where: { analystId: actor.id }, select: { id: true }, take: 1 },
        },
      })
    : null;
  const visible =
    found &&
    seesDocument(actor, { archived: found.document.archivedAt !== null }) &&
    seesQuestion(actor, { createdById: found.createdById, forecastByWho: found.entries.length > 0 }, !(await hiddenDocuments(actor, [found.document])).has(found.document.id));
  if (!visible) throw new AppError('NOT_FOUND', 'No such forecast question');
  return found.id;
}

/** What scoring reads of an entry. */
export type ScoringEntry = {
  analystId: string;
  analystName: string;
  /** Null for a withdrawal. */
  probability: number | null;
  withdrawn: boolean;
  /** `at` in epoch milliseconds. */
  ms: number;
};

export type EntryRow = ScoringEntry & {
  id: string;
  confidence: Confidence | null;
  term: string | null;
  /** ISO 8601 in UTC, so it also compares as a string. */
  at: string;
};

export type QuestionRow = {
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
  closeAt: Date | null;
  authorWording: string | null;
  authorProbability: number | null;
  outcome: Outcome | null;
  resolutionNote: string | null;
  resolutionSource: string | null;
  resolvedAt: Date | null;
  document: { id: string; slug: string; title: string; byline: string | null; blind: boolean; publishedAt: Date | null };
  createdBy: { id: string; name: string };
  resolvedBy: { id: string; name: string } | null;
  entries: EntryRow[];
  clarifications: { id: string; text: string; at: string; by: { id: string; name: string } }[];
  reopenings: {
    id: string;
    note: string;
    at: string;
    by: { id: string; name: string };
    previous: { outcome: Outcome; note: string | null; source: string | null; at: string | null; by: { id: string; name: string } | null };
  }[];
};

/**
 * A question's columns in the order loadQuestions selects them; times in epoch milliseconds (resolveBy:
 * its date at midnight UTC).
 */
type RawQuestion = [
  id: string,
  documentId: string,
  start: number,
  end: number,
  exact: string,
  statement: string,
  resolveBy: number | null,
  criteria: string | null,
  createdById: string,
  createdAt: number,
  closeAt: number | null,
  authorWording: string | null,
  authorProbability: number | null,
  outcome: Outcome | null,
  resolutionNote: string | null,
  resolutionSource: string | null,
  resolvedAt: number | null,
  resolvedById: string | null,
  slug: string,
  title: string,
  byline: string | null,
  blind: boolean,
  publishedAt: number | null,
];
/** [questionId, id, analystId, probability, confidence, term, createdAt ms, withdrawn] */
type RawEntry = [string, number, string, number | null, Confidence | null, string | null, number, boolean];
/** [questionId, id, authorId, text, createdAt ms] */
type RawClarification = [string, number, string, string, number];
/** [questionId, id, actorId, note, createdAt ms, outcome, resolutionNote, resolutionSource, resolvedAt ms, resolvedById] */
type RawReopening = [string, number, string, string, number, Outcome, string | null, string | null, number | null, string | null];

/** Groups `rows` by their first element (the question's id), in order. */
function byQuestion<R extends [string, ...unknown[]]>(rows: R[]): Map<string, R[]> {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const list = groups.get(row[0]);
    if (list) list.push(row);
    else groups.set(row[0], [row]);
  }
  return groups;
}

/**
 * Questions matching `where` (on aliases q and d) with their document and every entry, clarification
 * and re-opening, in one statement answering four JSON texts: the questions (in board order), then
 * all their entries, clarifications and re-openings, each by one index scan over the chosen
 * questions. Correlated sub-selects building one array per question cost about twice as much in the
 * database, and Prisma's mapping of a row per question (its dates parsed one by one) cost more than
 * parsing one text (the board must stay fast at 25 analysts × thousands of entries). Times travel as
 * epoch milliseconds: formatting dates in SQL doubled the statement's time.
 */
export async function loadQuestions(where: Prisma.Sql): Promise<QuestionRow[]> {
  const ms = (column: Prisma.Sql) => Prisma.sql`(extract(epoch FROM ${column}) * 1000)::bigint`;
  const [[raw], users] = await Promise.all([
    prisma.$queryRaw<{ questions: string | null; entries: string | null; clarifications: string | null; reopenings: string | null }[]>`
      WITH chosen AS MATERIALIZED (
        SELECT q.id, q."documentId", q.start, q."end", q.exact, q.statement, q."resolveBy", q.criteria, q."createdById", q."createdAt",
          q."closeAt", q."authorWording", q."authorProbability", q.outcome, q."resolutionNote", q."resolutionSource", q."resolvedAt",
          q."resolvedById", d.slug, d.title, d.byline, d.blind, d."publishedAt"
        FROM "ForecastQuestion" q JOIN "Document" d ON d.id = q."documentId"
        WHERE ${where}
      )
      SELECT
        (SELECT json_agg(json_build_array(q.id, q."documentId", q.start, q."end", q.exact, q.statement,
            ${ms(Prisma.sql`q."resolveBy"::timestamp AT TIME ZONE 'UTC'`)}, q.criteria, q."createdById", ${ms(Prisma.sql`q."createdAt"`)},
            ${ms(Prisma.sql`q."closeAt"`)}, q."authorWording", q."authorProbability", q.outcome, q."resolutionNote", q."resolutionSource",
            ${ms(Prisma.sql`q."resolvedAt"`)}, q."resolvedById", q.slug, q.title, q.byline, q.blind, ${ms(Prisma.sql`q."publishedAt"`)})
          ORDER BY q.title, q.start, q."createdAt") FROM chosen q)::text AS questions,
        (SELECT json_agg(json_build_array(e."questionId", e.id, e."analystId", e.probability, e.confidence, e.term,
            ${ms(Prisma.sql`e."createdAt"`)}, e.withdrawn) ORDER BY e.id)
          FROM "ForecastEntry" e WHERE e."questionId" IN (SELECT id FROM chosen))::text AS entries,
        (SELECT json_agg(json_build_array(c."questionId", c.id, c."authorId", c.text, ${ms(Prisma.sql`c."createdAt"`)}) ORDER BY c.id)
          FROM "ForecastClarification" c WHERE c."questionId" IN (SELECT id FROM chosen))::text AS clarifications,
        (SELECT json_agg(json_build_array(o."questionId", o.id, o."actorId", o.note, ${ms(Prisma.sql`o."createdAt"`)}, o.outcome,
            o."resolutionNote", o."resolutionSource", ${ms(Prisma.sql`o."resolvedAt"`)}, o."resolvedById") ORDER BY o.id)
          FROM "ForecastReopening" o WHERE o."questionId" IN (SELECT id FROM chosen))::text AS reopenings`,
    prisma.user.findMany({ select: { id: true, name: true } }),
  ]);
  const names = new Map(users.map((u) => [u.id, u.name]));
  const user = (id: string) => ({ id, name: names.get(id) ?? '' });
  const iso = (ms: number) => new Date(ms).toISOString();
  const date = (ms: number | null) => (ms === null ? null : new Date(ms));
  const parse = <T>(text: string | null): T[] => (text ? JSON.parse(text) : []);
  const entries = byQuestion(parse<RawEntry>(raw.entries));
  const clarifications = byQuestion(parse<RawClarification>(raw.clarifications));
  const reopenings = byQuestion(parse<RawReopening>(raw.reopenings));
  return parse<RawQuestion>(raw.questions).map(
    ([id, documentId, start, end, exact, statement, resolveBy, criteria, createdById, createdAt, closeAt, authorWording, authorProbability,
      outcome, resolutionNote, resolutionSource, resolvedAt, resolvedById, slug, title, byline, blind, publishedAt]): QuestionRow => ({
      id,
      documentId,
      start,
      end,
      exact,
      statement,
      resolveBy: date(resolveBy),
      criteria,
      createdById,
      createdAt: new Date(createdAt),
      closeAt: date(closeAt),
      authorWording,
      authorProbability,
      outcome,
      resolutionNote,
      resolutionSource,
      resolvedAt: date(resolvedAt),
      document: { id: documentId, slug, title, byline, blind, publishedAt: date(publishedAt) },
      createdBy: user(createdById),
      resolvedBy: resolvedById ? user(resolvedById) : null,
      entries: (entries.get(id) ?? []).map(([, entryId, analystId, probability, confidence, term, at, withdrawn]) => ({
        id: String(entryId),
        analystId,
        analystName: names.get(analystId) ?? '',
        probability,
        withdrawn,
        ms: at,
        confidence,
        term,
        at: iso(at),
      })),
      clarifications: (clarifications.get(id) ?? []).map(([, clarificationId, authorId, text, at]) => ({
        id: String(clarificationId),
        text,
        at: iso(at),
        by: user(authorId),
      })),
      reopenings: (reopenings.get(id) ?? []).map(([, reopeningId, actorId, note, at, previous, previousNote, previousSource, previousAt, previousBy]) => ({
        id: String(reopeningId),
        note,
        at: iso(at),
        by: user(actorId),
        previous: { outcome: previous, note: previousNote, source: previousSource, at: previousAt === null ? null : iso(previousAt), by: previousBy ? user(previousBy) : null },
      })),
    }),
  );
}

/** A question as scoring reads it, with what the leaderboard shows and blind mode checks. */
export type ScoringRow = ScoringInput & {
  id: string;
  documentId: string;
  statement: string;
  document: { id: string; slug: string; title: string; byline: string | null; blind: boolean; publishedAt: Date | null };
};

/**
 * Questions matching `where` (aliases q and d) with only what scoring reads, for the leaderboard and
 * the analyst page. Two statements run side by side, each answering one text parsed once: the
 * questions as JSON, and all their entries as questionId,analystId,probability,epoch ms,withdrawn
 * in order. With each question's entries gathered by a JSON sub-select the read took about twice as
 * long at 4,000 resolved questions (bench/agreement.ts).
 */
export async function loadScoring(where: Prisma.Sql): Promise<ScoringRow[]> {
  type Raw = [string, string, string, number, number | null, number | null, Outcome, number | null, number | null];
  const ms = (column: Prisma.Sql) => Prisma.sql`(extract(epoch FROM ${column}) * 1000)::bigint`;
  const [[questions], [entries], users, documents] = await Promise.all([
    prisma.$queryRaw<{ data: string | null }[]>`
      SELECT json_agg(json_build_array(q.id, q."documentId", q.statement, ${ms(Prisma.sql`q."createdAt"`)}, ${ms(Prisma.sql`q."closeAt"`)},
          ${ms(Prisma.sql`q."resolveBy"::timestamp AT TIME ZONE 'UTC'`)}, q.outcome, ${ms(Prisma.sql`q."resolvedAt"`)}, q."authorProbability"
        ) ORDER BY d.title, q.start, q."createdAt")::text AS data
      FROM "ForecastQuestion" q JOIN "Document" d ON d.id = q."documentId"
      WHERE ${where}`,
    // Comma-separated fields, entries separated by ';' (no field holds either): a third cheaper than JSON to build.
    prisma.$queryRaw<{ data: string | null }[]>`
      SELECT string_agg(concat_ws(',', e."questionId", e."analystId", COALESCE(e.probability::text, ''), ${ms(Prisma.sql`e."createdAt"`)},
          e.withdrawn::int), ';' ORDER BY e.id) AS data
      FROM "ForecastEntry" e JOIN "ForecastQuestion" q ON q.id = e."questionId" JOIN "Document" d ON d.id = q."documentId"
      WHERE ${where}`,
    prisma.user.findMany({ select: { id: true, name: true } }),
    prisma.document.findMany({ select: { id: true, slug: true, title: true, byline: true, blind: true, publishedAt: true } }),
  ]);
  const names = new Map(users.map((u) => [u.id, u.name]));
  const docs = new Map(documents.map((d) => [d.id, d]));
  const date = (t: number | null) => (t === null ? null : new Date(t));
  const byQuestion = new Map<string, ScoringEntry[]>();
  for (const line of entries.data ? entries.data.split(';') : []) {
    const [questionId, analystId, probability, at, withdrawn] = line.split(',');
    const entry = { analystId, analystName: names.get(analystId) ?? '', probability: probability === '' ? null : Number(probability), withdrawn: withdrawn === '1', ms: Number(at) };
    const list = byQuestion.get(questionId);
    if (list) list.push(entry);
    else byQuestion.set(questionId, [entry]);
  }
  return ((questions.data ? JSON.parse(questions.data) : []) as Raw[]).map(
    ([id, documentId, statement, createdAt, closeAt, resolveBy, outcome, resolvedAt, authorProbability]) => ({
      id,
      documentId,
      statement,
      createdAt: new Date(createdAt),
      closeAt: date(closeAt),
      resolveBy: date(resolveBy),
      outcome,
      resolvedAt: date(resolvedAt),
      authorProbability,
      document: docs.get(documentId)!,
      entries: byQuestion.get(id) ?? [],
    }),
  );
}

const median = (xs: number[]) => aggregate(xs, 'median');

/** Each analyst's entries, oldest first, grouped in order of their first entry. */
export function byAnalyst<E extends { analystId: string }>(entries: E[]): E[][] {
  const groups = new Map<string, E[]>();
  for (const e of entries) {
    const list = groups.get(e.analystId);
    if (list) list.push(e);
    else groups.set(e.analystId, [e]);
  }
  return [...groups.values()];
}

const DAY_MS = 86_400_000;

/**
 * When a question stops taking entries: the close time an admin set, else the end (UTC) of its
 * resolve-by date — unless that came before the question opened (a question asked about an old
 * document after its resolve-by date), which then closes only when it is resolved (null here).
 * `scheduledCloseSql` is the same rule in SQL, for the insert that must refuse a late entry.
 */
export function scheduledClose(q: { createdAt: Date; closeAt: Date | null; resolveBy: Date | null }): Date | null {
  if (q.closeAt) return q.closeAt;
  if (q.resolveBy) {
    const end = q.resolveBy.getTime() + DAY_MS;
    if (end > q.createdAt.getTime()) return new Date(end);
  }
  return null;
}

/** `scheduledClose` of the question aliased q, as SQL (NULL: no close before resolution). */
export const scheduledCloseSql = Prisma.sql`COALESCE(q."closeAt", CASE WHEN ((q."resolveBy" + 1)::timestamp AT TIME ZONE 'UTC') > q."createdAt"
  THEN (q."resolveBy" + 1)::timestamp AT TIME ZONE 'UTC' END)`;

/** Why a question takes no more entries: resolved, or closed (409 either way). */
export async function refusal(questionId: string): Promise<AppError> {
  const q = await prisma.forecastQuestion.findUniqueOrThrow({ where: { id: questionId }, select: { outcome: true, createdAt: true, closeAt: true, resolveBy: true } });
  if (q.outcome) return new AppError('CONFLICT', 'This question is resolved; its forecasts are final');
  const close = scheduledClose(q);
  return new AppError('CONFLICT', `This question closed at ${close?.toISOString() ?? 'its close time'}; no more forecasts are accepted`, {
    detail: { closedAt: close?.toISOString() ?? null },
  });
}

/**
 * The window a resolved question is scored over: open at its creation, scheduled to close at its
 * close time (or, without one, at its resolution), closed in fact at the earlier of that and the
 * resolution. Null when unresolved or when the window is empty.
 */
export function scoringWindow(q: { createdAt: Date; closeAt: Date | null; resolveBy: Date | null; resolvedAt: Date | null }): Window | null {
  if (!q.resolvedAt) return null;
  const open = q.createdAt.getTime();
  const resolved = q.resolvedAt.getTime();
  const close = scheduledClose(q)?.getTime() ?? resolved;
  return close > open ? { open, close, closedAt: Math.min(close, resolved) } : null;
}

/** The document's author as a forecaster: named by the byline, or after the document. */
export const authorName = (document: { byline: string | null; title: string }) => document.byline ?? `Author of “${document.title}”`;

/** What scoring a question reads. */
export type ScoringInput = Pick<QuestionRow, 'outcome' | 'resolvedAt' | 'createdAt' | 'closeAt' | 'resolveBy' | 'authorProbability'> & {
  entries: ScoringEntry[];
  document: { byline: string | null; title: string; publishedAt: Date | null };
};

/** The scores-over-time entries of a question: the analysts' entries, and the document author's forecast from publication. */
export function timeEntries(q: ScoringInput, window: Window): Entry[] {
  const entries: Entry[] = q.entries.map((e) => ({ analyst: e.analystId, at: e.ms, p: e.probability ?? Number.NaN, withdrawn: e.withdrawn }));
  if (q.authorProbability !== null) {
    entries.push({ analyst: AUTHOR, at: Math.max(q.document.publishedAt?.getTime() ?? window.open, window.open), p: q.authorProbability });
  }
  return entries;
}

const AUTHOR = 'author';

/**
 * Resolved YES/NO: each forecaster's scores, at close (their last forecast in force when the
 * question closed: Brier, log, Brier relative to the analysts' median) and over time (peer,
 * baseline, time-averaged and relative Brier with coverage, lib/forecasts/overTime.ts). The
 * document author forecasts the probability their wording implies from publication to close.
 */
export function scoreQuestion(q: ScoringInput): ScoreView[] | null {
  if (q.outcome !== 'YES' && q.outcome !== 'NO') return null;
  const outcome = q.outcome === 'YES' ? 1 : 0;
  const window = scoringWindow(q);
  const cutoff = window ? window.closedAt! : (q.resolvedAt?.getTime() ?? Infinity);
  const over = window ? scoresOverTime(timeEntries(q, window), window, outcome) : {};
  const analysts = byAnalyst(q.entries).map((list) => {
    const before = list.filter((e) => e.ms <= cutoff);
    const last = before[before.length - 1];
    const p = last && !last.withdrawn ? last.probability : null;
    return { id: list[0].analystId, name: list[0].analystName, p, brier: p === null ? null : brierScore(p, outcome) };
  });
  const briers = analysts.flatMap((a) => (a.brier === null ? [] : [a.brier]));
  const medianBrier = briers.length ? median(briers) : null;
  const view = (forecaster: ScoreView['forecaster'], key: string, p: number | null, brier: number | null): ScoreView | null => {
    const t = over[key];
    if (p === null && !t) return null;
    return {
      forecaster,
      probability: p,
      brier,
      log: p === null ? null : logScore(p, outcome),
      relativeBrier: brier === null || medianBrier === null ? null : brier - medianBrier,
      peer: t?.peer ?? null,
      baseline: t?.baseline ?? null,
      timeBrier: t?.brier ?? null,
      timeRelative: t?.relative ?? null,
      coverage: t?.coverage ?? 0,
    };
  };
  const scores = analysts.flatMap((a) => view({ kind: 'analyst', id: a.id, name: a.name }, a.id, a.p, a.brier) ?? []);
  if (q.authorProbability !== null) {
    const author = view({ kind: 'author', name: authorName(q.document) }, AUTHOR, q.authorProbability, brierScore(q.authorProbability, outcome));
    if (author) scores.push(author);
  }
  return scores;
}

/** What a reader's view of the questions depends on besides the rows: the documents blind mode hides others' work on. */
export type ReadContext = { actor: Actor; blindDocs: Set<string> };

export async function readContext(actor: Actor, rows: { document: { id: string; blind: boolean } }[]): Promise<ReadContext> {
  return { actor, blindDocs: await hiddenDocuments(actor, rows.map((q) => q.document)) };
}
