// Reading forecast questions: each with its document, every entry, clarification and re-opening in
// one statement; when a question closes; resolved YES/NO questions scored (at close and over
// time); and what blind mode hides from the reader. The board and the leaderboard are built from these rows.
import { z } from 'zod';
import { prisma } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import type { Actor } from '@/lib/actor';
import { AppError } from '@/lib/errors';
import { hiddenDocuments } from '@/lib/visibility';
import { aggregate, brierScore, type Entry, logScore, scoresOverTime, type Window } from './index';
import type { Confidence, Outcome, ScoreView } from './schemas';

const uuid = z.uuid();

/** The question's id, or 404 when there is no such question. */
export async function findQuestionId(questionId: string): Promise<string> {
  const found = uuid.safeParse(questionId).success
    ? await prisma.forecastQuestion.findUnique({ where: { id: questionId }, select: { id: true } })
    : null;
  if (!found) throw new AppError('NOT_FOUND', 'No such forecast question');
  return found.id;
}

export type EntryRow = {
  id: string;
  analystId: string;
  analystName: string;
  /** Null for a withdrawal. */
  probability: number | null;
  withdrawn: boolean;
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

type RawQuestion = Omit<QuestionRow, 'document' | 'createdBy' | 'resolvedBy' | 'entries' | 'clarifications' | 'reopenings'> & {
  slug: string;
  title: string;
  byline: string | null;
  blind: boolean;
  publishedAt: Date | null;
  createdByName: string;
  resolvedById: string | null;
  resolvedByName: string | null;
  /** [id, analystId, probability, confidence, term, createdAt in epoch ms, withdrawn] */
  entries: [number, string, number | null, Confidence | null, string | null, number, boolean][];
  /** [id, authorId, text, createdAt in epoch ms] */
  clarifications: [number, string, string, number][];
  /** [id, actorId, note, createdAt ms, outcome, resolutionNote, resolutionSource, resolvedAt ms, resolvedById] */
  reopenings: [number, string, string, number, Outcome, string | null, string | null, number | null, string | null][];
};

/**
 * Questions matching `where` (on alias q) with their document and every entry, in one statement:
 * entries come as one JSON array per question, which costs a fraction of loading them as rows
 * through Prisma's relation queries (the board must stay fast at 25 analysts × thousands of entries).
 */
export async function loadQuestions(where: Prisma.Sql): Promise<QuestionRow[]> {
  const [raw, users] = await Promise.all([loadRaw(where), prisma.user.findMany({ select: { id: true, name: true } })]);
  const names = new Map(users.map((u) => [u.id, u.name]));
  const user = (id: string) => ({ id, name: names.get(id) ?? '' });
  const iso = (ms: number) => new Date(ms).toISOString();
  return raw.map(({ slug, title, byline, blind, publishedAt, createdByName, resolvedById, resolvedByName, entries, clarifications, reopenings, ...q }) => ({
    ...q,
    document: { id: q.documentId, slug, title, byline, blind, publishedAt },
    createdBy: { id: q.createdById, name: createdByName },
    resolvedBy: resolvedById ? { id: resolvedById, name: resolvedByName! } : null,
    entries: entries.map(([id, analystId, probability, confidence, term, at, withdrawn]) => ({
      id: String(id),
      analystId,
      analystName: names.get(analystId) ?? '',
      probability,
      withdrawn,
      confidence,
      term,
      at: iso(at),
    })),
    clarifications: clarifications.map(([id, authorId, text, at]) => ({ id: String(id), text, at: iso(at), by: user(authorId) })),
    reopenings: reopenings.map(([id, actorId, note, at, outcome, resolutionNote, resolutionSource, resolvedAt, resolvedBy]) => ({
      id: String(id),
      note,
      at: iso(at),
      by: user(actorId),
      previous: { outcome, note: resolutionNote, source: resolutionSource, at: resolvedAt === null ? null : iso(resolvedAt), by: resolvedBy ? user(resolvedBy) : null },
    })),
  }));
}

// Entries as compact JSON arrays with epoch-millisecond times: formatting dates and repeating
// names in SQL doubled the statement's time.
function loadRaw(where: Prisma.Sql) {
  return prisma.$queryRaw<RawQuestion[]>`
    SELECT q.id, q."documentId", q.start, q."end", q.exact, q.statement, q."resolveBy", q.criteria, q."createdById",
      q."createdAt", q."closeAt", q."authorWording", q."authorProbability", q.outcome::text AS outcome, q."resolutionNote",
      q."resolutionSource", q."resolvedAt", d.slug, d.title, d.byline, d.blind, d."publishedAt", c.name AS "createdByName",
      q."resolvedById", r.name AS "resolvedByName",
      COALESCE((
        SELECT json_agg(json_build_array(e.id, e."analystId", e.probability, e.confidence, e.term,
          (extract(epoch FROM e."createdAt") * 1000)::bigint, e.withdrawn) ORDER BY e.id)
        FROM "ForecastEntry" e WHERE e."questionId" = q.id
      ), '[]'::json) AS entries,
      COALESCE((
        SELECT json_agg(json_build_array(c.id, c."authorId", c.text, (extract(epoch FROM c."createdAt") * 1000)::bigint) ORDER BY c.id)
        FROM "ForecastClarification" c WHERE c."questionId" = q.id
      ), '[]'::json) AS clarifications,
      COALESCE((
        SELECT json_agg(json_build_array(o.id, o."actorId", o.note, (extract(epoch FROM o."createdAt") * 1000)::bigint, o.outcome,
          o."resolutionNote", o."resolutionSource", (extract(epoch FROM o."resolvedAt") * 1000)::bigint, o."resolvedById") ORDER BY o.id)
        FROM "ForecastReopening" o WHERE o."questionId" = q.id
      ), '[]'::json) AS reopenings
    FROM "ForecastQuestion" q
    JOIN "Document" d ON d.id = q."documentId"
    JOIN "User" c ON c.id = q."createdById"
    LEFT JOIN "User" r ON r.id = q."resolvedById"
    WHERE ${where}
    ORDER BY d.title, q.start, q."createdAt"`;
}

/** A question as scoring reads it, with what the leaderboard shows and blind mode checks. */
export type ScoringRow = ScoringInput & {
  id: string;
  documentId: string;
  statement: string;
  document: { id: string; slug: string; title: string; byline: string | null; blind: boolean; publishedAt: Date | null };
};

/**
 * Questions matching `where` (alias q) with only what scoring reads — every entry as
 * [analystId, probability, epoch ms, withdrawn] — for the leaderboard and the analyst page.
 */
export async function loadScoring(where: Prisma.Sql): Promise<ScoringRow[]> {
  type Raw = Omit<ScoringRow, 'document' | 'entries'> & {
    slug: string;
    title: string;
    byline: string | null;
    blind: boolean;
    publishedAt: Date | null;
    entries: [string, number | null, number, boolean][];
  };
  const [raw, users] = await Promise.all([
    prisma.$queryRaw<Raw[]>`
      SELECT q.id, q."documentId", q.statement, q."createdAt", q."closeAt", q."resolveBy", q.outcome::text AS outcome, q."resolvedAt",
        q."authorProbability", d.slug, d.title, d.byline, d.blind, d."publishedAt",
        COALESCE((
          SELECT json_agg(json_build_array(e."analystId", e.probability, (extract(epoch FROM e."createdAt") * 1000)::bigint, e.withdrawn) ORDER BY e.id)
          FROM "ForecastEntry" e WHERE e."questionId" = q.id
        ), '[]'::json) AS entries
      FROM "ForecastQuestion" q JOIN "Document" d ON d.id = q."documentId"
      WHERE ${where}
      ORDER BY d.title, q.start, q."createdAt"`,
    prisma.user.findMany({ select: { id: true, name: true } }),
  ]);
  const names = new Map(users.map((u) => [u.id, u.name]));
  return raw.map(({ slug, title, byline, blind, publishedAt, entries, ...q }) => ({
    ...q,
    document: { id: q.documentId, slug, title, byline, blind, publishedAt },
    entries: entries.map(([analystId, probability, at, withdrawn]) => ({
      id: '',
      analystId,
      analystName: names.get(analystId) ?? '',
      probability,
      withdrawn,
      confidence: null,
      term: null,
      at: new Date(at).toISOString(),
    })),
  }));
}

const median = (xs: number[]) => aggregate(xs, 'median');

/** Each analyst's entries, oldest first, grouped in order of their first entry. */
export function byAnalyst(entries: EntryRow[]): EntryRow[][] {
  const groups = new Map<string, EntryRow[]>();
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
export type ScoringInput = Pick<QuestionRow, 'outcome' | 'resolvedAt' | 'createdAt' | 'closeAt' | 'resolveBy' | 'entries' | 'authorProbability'> & {
  document: { byline: string | null; title: string; publishedAt: Date | null };
};

/** The scores-over-time entries of a question: the analysts' entries, and the document author's forecast from publication. */
export function timeEntries(q: ScoringInput, window: Window): Entry[] {
  const entries: Entry[] = q.entries.map((e) => ({ analyst: e.analystId, at: Date.parse(e.at), p: e.probability ?? Number.NaN, withdrawn: e.withdrawn }));
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
  const cutoff = window ? new Date(window.closedAt!).toISOString() : (q.resolvedAt?.toISOString() ?? '9999');
  const over = window ? scoresOverTime(timeEntries(q, window), window, outcome) : {};
  const analysts = byAnalyst(q.entries).map((list) => {
    const before = list.filter((e) => e.at <= cutoff);
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
