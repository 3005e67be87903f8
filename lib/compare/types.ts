// Shapes shared by the compare logic, the service and the page. Framework-free.
import type { CONFIDENCES, FACT_STATUSES, Kind } from '@/lib/annotations/schemas';
import type { Span } from '@/lib/anchoring/spans';
import type { CompareRow, RowStatus } from './rows';
import type { Gaps } from './judgments';
import type { SentenceStats, SpanStats } from './stats';
import type { JudgmentStats } from './judgmentStats';

export type { Span };

/** A sentence's label: the kind of the annotation covering most of it, or "none". */
export type Label = Kind | 'none';

/** The key fields shown beside a kind on the compare page (only those of its kind are set). */
export type KeyFields = {
  attributedTo?: string | null;
  credibility?: number | null;
  status?: (typeof FACT_STATUSES)[number] | null;
  statement?: string | null;
  probability?: number | null;
  confidence?: (typeof CONFIDENCES)[number] | null;
  /** YYYY-MM-DD; the reader's cards show it, the compare page does not. */
  resolveBy?: string | null;
  /** The forecast question the passage joined. */
  questionId?: string | null;
  /** The probability is withheld until the reader gives their own (lib/forecasts maskForecasts). */
  hidden?: boolean;
  /** The annotation's sources as comparing needs them: URL or linked annotation, and reliability A–F. */
  sources?: { url: string | null; annotation?: string | null; reliability: string | null }[];
};

/** What comparing needs of an annotation; `createdAt` in epoch milliseconds. */
export type CompareAnnotation = Span & {
  id: string;
  authorId: string;
  kind: Kind;
  createdAt: number;
  fields?: KeyFields;
};

export type AnalystRef = { id: string; name: string };

/** The agreement statistics of a document or of the corpus, with the counts behind every number. */
export type AgreementReport = {
  documents: { slug: string; title: string; sentences: number }[];
  /** Documents left out of a corpus report: blind ones the actor has not marked done. */
  excluded: { slug: string; title: string; reason: string }[];
  analysts: AnalystRef[];
  sentences: SentenceStats;
  spans: SpanStats;
  rules: { sentences: string; spans: string; corpus?: string };
  /** Field-level agreement on the judgments inside the kinds (absent from the kind-only report). */
  judgments?: JudgmentStats;
};

/** One document's compare page: the analysts' highlights matched into rows, and the agreement. */
export type CompareView = {
  document: { id: string; slug: string; title: string };
  /** Everyone with annotations on the document: the chooser's options. */
  available: AnalystRef[];
  /** The analysts compared, in column order. */
  analysts: AnalystRef[];
  rows: (CompareRow & { text: string })[];
  counts: { rows: number; agree: number; judgmentsDiffer: number; kindsDiffer: number; partial: number };
  /** The tolerances the row statuses use, in words. */
  tolerance: string;
  agreement: AgreementReport;
  rule: string;
};

export type ReviewState = 'open' | 'discussed' | 'settled';

/** One row of the disagreement queue: the passage, who said what, the gaps, and its review state. */
export type DisagreementRow = {
  document: { slug: string; title: string };
  /** Names the row for marking it (a hash of its annotations' ids). */
  key: string;
  start: number;
  end: number;
  text: string;
  status: RowStatus;
  /** Higher is more severe (lib/compare/judgments severity). */
  severity: number;
  gaps: Gaps;
  gapText: string[];
  cells: (CompareAnnotation & { analyst: AnalystRef })[];
  /** Analysts of the document with no highlight in this row. */
  missing: AnalystRef[];
  state: ReviewState;
  /** The passage in the reader, where its thread is. */
  href: string;
};

export type DisagreementPage = {
  rows: DisagreementRow[];
  total: number;
  page: number;
  pageSize: number;
  pages: number;
  rule: string;
  tolerance: string;
};
