// Reading forecast questions: each with its document and every entry in one statement, the
// analysts' entries grouped, resolved YES/NO questions scored, and what blind mode hides from the
// reader. The board and the leaderboard are built from these rows.
import 'server-only';
import { z } from 'zod';
import { prisma } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import type { Actor } from '@/lib/actor';
import { AppError } from '@/lib/errors';
import { hiddenDocuments } from '@/lib/visibility';
import { aggregate, brierScore, logScore } from './index';
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
  probability: number;
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
export async function loadQuestions(where: Prisma.Sql, entries: 'all' | 'scored' = 'all'): Promise<QuestionRow[]> {
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

/** What a reader's view of the questions depends on besides the rows: the documents blind mode hides others' work on. */
export type ReadContext = { actor: Actor; blindDocs: Set<string> };

export async function readContext(actor: Actor, rows: QuestionRow[]): Promise<ReadContext> {
  return { actor, blindDocs: await hiddenDocuments(actor, rows.map((q) => q.document)) };
}
