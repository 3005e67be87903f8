// What forecast questions and entries are, shared by the forms (browser) and the services (server):
// the zod schemas of every input and the types of every view. Prisma-free so it can ship to the
// browser; the services that use them are ledger, entries, resolution, board and leaderboard.
import '@/lib/zod-csp';
import { z } from 'zod';
import { CONFIDENCES } from '@/lib/annotations/schemas';
import type { AggregationMethod, CalibrationBin } from './index';
import { canonicalTerm } from './terms';

export type Confidence = (typeof CONFIDENCES)[number];

export const OUTCOMES = ['YES', 'NO', 'AMBIGUOUS', 'ANNULLED'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const METHODS = ['median', 'mean', 'geo-mean-odds'] as const satisfies readonly AggregationMethod[];

// ---------------------------------------------------------------------------------------------
// Inputs

const probability = (message: string) => z.number(message).min(0, 'Probability is 0–1').max(1, 'Probability is 0–1');

/** A probability given on the board: a number 0–1, an ICD 203 term (its range's middle), or both. */
export const entrySchema = z
  .strictObject({
    probability: probability('Probability is a number 0–1').optional(),
    confidence: z.enum(CONFIDENCES, 'Confidence is LOW, MODERATE or HIGH').optional(),
    term: z.string().refine((t) => canonicalTerm(t) !== null, 'Not an ICD 203 term (e.g. "likely")').optional(),
  })
  .refine((e) => e.probability !== undefined || e.term !== undefined, {
    path: ['probability'],
    message: 'Give a probability or an estimative term',
  });

export type EntryInput = z.input<typeof entrySchema>;

export const resolutionSchema = z.strictObject({
  outcome: z.enum(OUTCOMES, 'Outcome is YES, NO, AMBIGUOUS or ANNULLED'),
  note: z.string().trim().min(1, 'Say how it resolved').max(5000),
  source: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().trim().max(2000).optional(),
  ),
});

const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : typeof v === 'string' ? v.trim() : v), z.string().max(max).nullable().optional());

export const questionPatchSchema = z.strictObject({
  statement: z.string().trim().min(1, 'The statement is empty').max(2000).optional(),
  resolveBy: z.preprocess((v) => (v === '' ? null : v), z.iso.date('Resolve-by is a date (YYYY-MM-DD)').nullable().optional()),
  criteria: optionalText(2000),
  authorWording: optionalText(500),
  authorProbability: z.preprocess((v) => (v === '' ? null : v), probability('The author’s probability is a number 0–1').nullable().optional()),
});

export const listSchema = z.strictObject({
  method: z.enum(METHODS, 'method is median, mean or geo-mean-odds').optional(),
  sort: z.enum(['document', 'disagreement', 'resolveBy'], 'sort is document, disagreement or resolveBy').optional(),
  document: z.string().min(1).optional(),
  status: z.enum(['open', 'resolved'], 'status is open or resolved').optional(),
});

/** Query-string values, checked by the service: the board and GET /api/forecasts pass them through. */
export type ListQuestionsQuery = Partial<Record<keyof z.input<typeof listSchema>, string>>;

// ---------------------------------------------------------------------------------------------
// Views

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

export type OpenQuestion = { id: string; statement: string; start: number; end: number };

export type ScoredQuestion = ScoreView & {
  question: { id: string; statement: string; outcome: 'YES' | 'NO'; document: { slug: string; title: string } };
};

/** A forecaster's scores summed up over the resolved questions they forecast. */
export type ScoreSummary = {
  questions: number;
  meanBrier: number;
  meanLog: number;
  /** Over the questions that had analysts to compare with. */
  meanRelativeBrier: number | null;
};

export type LeaderboardRow = ScoreSummary & { forecaster: Forecaster };

export type AnalystRecord = {
  analyst: { id: string; name: string };
  scores: ScoredQuestion[];
  summary: ScoreSummary | null;
  calibration: CalibrationBin[];
  /** Questions the analyst has forecast that are still open. */
  open: number;
};
