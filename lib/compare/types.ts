// Shapes shared by the compare logic, the service and the page. Framework-free.
import type { CONFIDENCES, FACT_STATUSES, Kind } from '@/lib/annotations/schemas';
import type { Span } from '@/lib/anchoring/spans';

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
  /** The forecast question the passage joined. */
  questionId?: string | null;
  /** The probability is withheld until the reader gives their own (lib/forecasts maskForecasts). */
  hidden?: boolean;
};

/** What comparing needs of an annotation; `createdAt` in epoch milliseconds. */
export type CompareAnnotation = Span & {
  id: string;
  authorId: string;
  kind: Kind;
  createdAt: number;
  fields?: KeyFields;
};
