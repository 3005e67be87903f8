// What forecast questions and entries are, shared by the forms (browser) and the services (server):
// the zod schemas of every input and the types of every view. Prisma-free so it can ship to the
// browser; the services that use them are ledger, entries, resolution, board and leaderboard.
import '@/lib/zod-csp';
import { z } from 'zod';
import { calendarDate } from '@/lib/dates';
import { CONFIDENCES } from '@/lib/annotations/schemas';
import type { CalibrationBin } from './index';
import { canonicalTerm } from './terms';

export type Confidence = (typeof CONFIDENCES)[number];

export const OUTCOMES = ['YES', 'NO', 'AMBIGUOUS', 'ANNULLED'] as const;
export type Outcome = (typeof OUTCOMES)[number];
/** How the board pools the forecasts in force into the community prediction. */
export const METHODS = ['median', 'mean', 'geo-mean-odds', 'recency-median', 'extremized'] as const;
export type CommunityMethod = (typeof METHODS)[number];
export const METHOD_LABELS: Record<CommunityMethod, string> = {
  median: 'Median',
  mean: 'Mean',
  'geo-mean-odds': 'Geometric mean of odds',
  'recency-median': 'Recency-weighted median',
  extremized: 'Extremized geometric mean of odds',
};
/** The extremizing power when none is chosen. */
export const DEFAULT_EXTREMIZE = 1.5;

/** What the leaderboard ranks by: over time (peer, baseline, time-averaged Brier, relative Brier) or the last forecast's Brier. */
export const SCORES = ['peer', 'baseline', 'brier', 'relative', 'at-close'] as const;
export type ScoreKind = (typeof SCORES)[number];
export const SCORE_LABELS: Record<ScoreKind, string> = {
  peer: 'Peer score',
  baseline: 'Baseline score',
  brier: 'Time-averaged Brier',
  relative: 'Relative Brier (over time)',
  'at-close': 'Brier at close',
};
/** Higher is better for the log scores, lower for the Briers. */
export const HIGHER_IS_BETTER: Record<ScoreKind, boolean> = { peer: true, baseline: true, brier: false, relative: false, 'at-close': false };
export const DEFAULT_MIN_QUESTIONS = 3;
export const PAGE_SIZE = 50;

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
  resolveBy: z.preprocess((v) => (v === '' ? null : v), calendarDate('Resolve-by is a date (YYYY-MM-DD)').nullable().optional()),
  criteria: optionalText(2000),
  authorWording: optionalText(500),
  authorProbability: z.preprocess((v) => (v === '' ? null : v), probability('The author’s probability is a number 0–1').nullable().optional()),
  /** Admins only: when entries stop (an ISO date-time, or a date meaning its end); null returns to the resolve-by date. */
  closeAt: z.preprocess(
    (v) => (v === '' ? null : typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T23:59:59.999Z` : v),
    z.iso.datetime({ offset: true, message: 'closeAt is a date-time (ISO 8601)' }).nullable().optional(),
  ),
});

const positiveInt = (message: string) => z.coerce.number(message).int(message).min(1, message);

export const listSchema = z.strictObject({
  method: z.enum(METHODS, `method is ${METHODS.join(', ')}`).optional(),
  /** The extremizing power for method=extremized. */
  a: z.coerce.number('a is a number').gt(0, 'a is above 0').max(10, 'a is at most 10').optional(),
  sort: z.enum(['document', 'disagreement', 'resolveBy'], 'sort is document, disagreement or resolveBy').optional(),
  document: z.string().min(1).optional(),
  status: z.enum(['open', 'closed', 'resolved'], 'status is open, closed or resolved').optional(),
  score: z.enum(SCORES, `score is ${SCORES.join(', ')}`).optional(),
  /** Pages of PAGE_SIZE questions; without it, every question. */
  page: positiveInt('page is a whole number from 1').optional(),
});

export const leaderboardSchema = z.strictObject({
  score: z.enum(SCORES, `score is ${SCORES.join(', ')}`).optional(),
  min: z.coerce.number('min is a whole number').int('min is a whole number').min(0, 'min is 0 or more').max(1000).optional(),
  /** Pages of PAGE_SIZE forecasters, from 1 (the first by default). */
  page: positiveInt('page is a whole number from 1').optional(),
});
export type LeaderboardQuery = Partial<Record<keyof z.input<typeof leaderboardSchema>, string | number>>;

export const clarificationSchema = z.strictObject({
  text: z.string('Say what is clarified').trim().min(1, 'Say what is clarified').max(5000),
});

export const reopenSchema = z.strictObject({
  note: z.string('Say why it is re-opened').trim().min(1, 'Say why it is re-opened').max(5000),
});

/** Query-string values, checked by the service: the board and GET /api/forecasts pass them through. */
export type ListQuestionsQuery = Partial<Record<keyof z.input<typeof listSchema>, string | number>>;

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
  /** At close: the forecast in force when the question closed (null if none: withdrawn before). */
  probability: number | null;
  brier: number | null;
  log: number | null;
  /** Brier minus the median of the analysts' Briers on the question: below 0 beat the median forecaster. */
  relativeBrier: number | null;
  /** Over time (null without a forecast in force during the question's life). */
  peer: number | null;
  baseline: number | null;
  timeBrier: number | null;
  timeRelative: number | null;
  /** Share of the question's scheduled life with a forecast in force. */
  coverage: number;
};

export type ForecasterView = {
  analyst: { id: string; name: string };
  /** Null while hidden (give yours first). */
  probability: number | null;
  confidence: Confidence | null;
  term: string | null;
  at: string;
  hidden: boolean;
  /** The analyst deleted their forecast passage: no forecast in force since `at`. */
  withdrawn: boolean;
  history: { id: string; probability: number | null; confidence: Confidence | null; term: string | null; at: string; withdrawn: boolean }[];
};

export type Clarification = { id: string; text: string; at: string; by: { id: string; name: string } };

export type Reopening = {
  id: string;
  note: string;
  at: string;
  by: { id: string; name: string };
  previous: { outcome: Outcome; note: string | null; source: string | null; at: string | null; by: { id: string; name: string } | null };
};

export type QuestionView = {
  id: string;
  document: { id: string; slug: string; title: string; byline: string | null };
  passage: { start: number; end: number; exact: string };
  statement: string;
  resolveBy: string | null;
  criteria: string | null;
  createdBy: { id: string; name: string };
  /** Opened. */
  createdAt: string;
  /** When entries stop: the admin's close time, else the end of the resolve-by date; null: at resolution. */
  closeAt: string | null;
  /** open → closed (no entries) → resolved. */
  state: 'open' | 'closed' | 'resolved';
  clarifications: Clarification[];
  /** Re-openings of earlier resolutions, oldest first. */
  reopenings: Reopening[];
  author: { name: string | null; wording: string | null; probability: number | null };
  forecasters: ForecasterView[];
  /** Whether the actor has given a probability here. */
  mine: boolean;
  /** False while others' probabilities are hidden from the actor; aggregate and spread are null then. */
  revealed: boolean;
  aggregate: {
    method: CommunityMethod;
    value: number;
    median: number;
    mean: number;
    geoMeanOdds: number;
    recencyMedian: number;
    extremized: number;
    /** The extremizing power used. */
    a: number;
  } | null;
  /** The community prediction (chosen method) after every change of the forecasts in force, while revealed. */
  community: { at: string; value: number; n: number }[] | null;
  spread: { sdLogOdds: number; iqr: number } | null;
  outcome: Outcome | null;
  resolution: { note: string | null; source: string | null; at: string; by: { id: string; name: string } | null } | null;
  scores: ScoreView[] | null;
};

export type OpenQuestion = { id: string; statement: string; start: number; end: number };

export type ScoredQuestion = ScoreView & {
  question: { id: string; statement: string; outcome: 'YES' | 'NO'; document: { slug: string; title: string } };
};

/** A forecaster's scores averaged over the resolved questions they forecast (each mean over the questions that have that score). */
export type ScoreSummary = {
  questions: number;
  meanBrier: number | null;
  meanLog: number | null;
  /** Over the questions that had analysts to compare with. */
  meanRelativeBrier: number | null;
  meanPeer: number | null;
  meanBaseline: number | null;
  meanTimeBrier: number | null;
  meanTimeRelative: number | null;
  /** Mean share of the questions' lives with a forecast in force. */
  coverage: number;
};

export type LeaderboardRow = ScoreSummary & {
  /** 1 is best; ties share a rank; null: fewer resolved questions than the minimum (listed after). */
  rank: number | null;
  forecaster: Forecaster;
  /** A document's author, scored on the probability their wording implies. */
  author: boolean;
  score: ScoreKind;
  /** The mean of the chosen score. */
  value: number | null;
};

export type AnalystRecord = {
  analyst: { id: string; name: string };
  scores: ScoredQuestion[];
  summary: ScoreSummary | null;
  calibration: CalibrationBin[];
  /** Murphy's decomposition of the analyst's Brier at close, and the skill against always forecasting the base rate. */
  decomposition: { brier: number; reliability: number; resolution: number; uncertainty: number; baseRate: number; skill: number | null } | null;
  /** Questions the analyst has forecast that are still open. */
  open: number;
};
