// zod schemas shared by the annotation form (browser) and the service (server): one definition of
// what a valid annotation is. Framework-free and Prisma-free so it can ship to the browser.
import '@/lib/zod-csp';
import { z } from 'zod';
import { calendarDate } from '@/lib/dates';
import { canonicalTerm } from '@/lib/forecasts';

export const KINDS = ['CLAIM', 'FORECAST', 'FACT'] as const;
export type Kind = (typeof KINDS)[number];
export const FACT_STATUSES = ['VERIFIED', 'DISPUTED', 'FALSE', 'UNVERIFIED'] as const;
export const CONFIDENCES = ['LOW', 'MODERATE', 'HIGH'] as const;
export const RELATIONS = ['SUPPORTS', 'REFUTES', 'CONTEXT'] as const;
export const RELIABILITIES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
/** What a history event records: a change to an annotation, or to a reply in its thread. */
export const EVENT_TYPES = ['CREATED', 'UPDATED', 'DELETED'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Admiralty information credibility scale (1 confirmed … 6 cannot be judged). */
export const CREDIBILITY_LABELS: Record<number, string> = {
  1: 'Confirmed by other sources',
  2: 'Probably true',
  3: 'Possibly true',
  4: 'Doubtful',
  5: 'Improbable',
  6: 'Truth cannot be judged',
};

/** Admiralty source reliability scale. */
export const RELIABILITY_LABELS: Record<string, string> = {
  A: 'Completely reliable',
  B: 'Usually reliable',
  C: 'Fairly reliable',
  D: 'Not usually reliable',
  E: 'Unreliable',
  F: 'Reliability cannot be judged',
};

/** Optional free text: trimmed, and blank means absent (forms send "" for an untouched field). */
const text = (max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v),
    z.string().max(max, `At most ${max} characters`).optional(),
  );

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

export const sourceSchema = z
  .strictObject({
    url: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/, message: 'Enter a web address (http:// or https://)' }).max(2000).optional()),
    title: text(500),
    publisher: text(200),
    excerpt: text(5000),
    relation: z.enum(RELATIONS, 'Choose supports, refutes or context'),
    reliability: z.preprocess(blankToUndefined, z.enum(RELIABILITIES, 'Reliability is A–F').optional()),
    // An evidence link (issue #10): the id of another annotation, which the writer must be able to see.
    annotation: z.preprocess(blankToUndefined, z.uuid('annotation is an annotation id').optional()),
  })
  .refine((s) => s.url || s.title || s.excerpt || s.annotation, {
    message: 'A source needs a URL, a title, an excerpt or a linked passage',
    path: ['url'],
  });

export const claimSchema = z.strictObject({
  attributedTo: text(300),
  credibility: z.preprocess(
    blankToUndefined,
    z.number('Credibility is a number 1–6').int().min(1, 'Credibility is 1–6').max(6, 'Credibility is 1–6').optional(),
  ),
});

export const factSchema = z.strictObject({
  status: z.preprocess(blankToUndefined, z.enum(FACT_STATUSES, 'Unknown verification status').optional()),
});

export const forecastSchema = z.strictObject({
  statement: text(2000),
  probability: z.preprocess(
    blankToUndefined,
    z.number('Probability is a number').min(0, 'Probability is 0–1').max(1, 'Probability is 0–1').optional(),
  ),
  confidence: z.preprocess(blankToUndefined, z.enum(CONFIDENCES, 'Confidence is low, moderate or high').optional()),
  resolveBy: z.preprocess(blankToUndefined, calendarDate('Resolve-by is a date (YYYY-MM-DD)').optional()),
  criteria: text(2000),
  // The ICD 203 term the analyst chose, kept with the probability entry it produced (lib/forecasts).
  term: z.preprocess(
    blankToUndefined,
    z.string().refine((t) => canonicalTerm(t) !== null, 'Not an ICD 203 term (e.g. "likely")').optional(),
  ),
});

export const kindFields = {
  note: text(10_000),
  claim: claimSchema.optional(),
  fact: factSchema.optional(),
  forecast: forecastSchema.optional(),
  sources: z.array(sourceSchema).max(50, 'At most 50 sources').optional(),
};

const GROUPS = ['claim', 'fact', 'forecast'] as const;
const FIELD_OF_KIND = { CLAIM: 'claim', FACT: 'fact', FORECAST: 'forecast' } as const;

/** Only the field group of the annotation's own kind may be given. */
export function misplacedKindFields(kind: Kind, input: { claim?: unknown; fact?: unknown; forecast?: unknown }) {
  return GROUPS
    .filter((group) => input[group] !== undefined && group !== FIELD_OF_KIND[kind])
    .map((group) => ({ path: [group], message: `Not allowed on a ${kind.toLowerCase()} annotation` }));
}

export const targetSchema = z
  .strictObject({
    start: z.number('start is a code-point offset').int().min(0),
    end: z.number('end is a code-point offset').int().min(1),
    exact: z.string().min(1, 'The quoted text is empty').max(20_000),
  })
  .refine((t) => t.end > t.start, { message: 'end must be after start', path: ['end'] });

export const createAnnotationSchema = GROUPS.reduce(
  (schema, group) =>
    // `when`: check even when other fields are invalid, so one answer names every bad field.
    schema.refine((input) => misplacedKindFields(input.kind, { [group]: input[group] }).length === 0, {
      path: [group],
      message: 'Not allowed on an annotation of this kind',
      when: (payload) => KINDS.includes((payload.value as { kind?: Kind })?.kind as Kind),
    }),
  z.strictObject({
    document: z.string().min(1, 'Which document (slug)?'),
    kind: z.enum(KINDS, 'Kind is CLAIM, FORECAST or FACT'),
    target: targetSchema,
    ...kindFields,
    // A forecast joins a question (joinQuestion in lib/forecasts/ledger.ts): this one, a 'new' one, or when absent the best-overlapping one.
    questionId: z.union([z.literal('new'), z.uuid()], 'questionId is a question id or "new"').optional(),
  }),
);

/**
 * An edit's note, when given, replaces the note: blank clears it (the form sends the whole note, so
 * an emptied textarea is ""), left out keeps it. (The other fields' blanks mean absent.)
 */
export const editedNote = z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string().max(10_000, 'At most 10000 characters').optional());

/** PATCH: a given field group replaces that group whole; `sources` replaces the list; see editedNote. */
export const updateAnnotationSchema = z.strictObject({
  kind: z.enum(KINDS, 'Kind is CLAIM, FORECAST or FACT').optional(),
  ...kindFields,
  note: editedNote,
});

export type CreateAnnotationInput = z.input<typeof createAnnotationSchema>;
export type UpdateAnnotationInput = z.input<typeof updateAnnotationSchema>;
export type SourceInput = z.input<typeof sourceSchema>;

/** The annotation as the API and the reader see it. */
export type AnnotationView = {
  id: string;
  documentId: string;
  kind: Kind;
  author: { id: string; name: string };
  target: { start: number; end: number; exact: string; prefix: string; suffix: string };
  note: string;
  claim?: { attributedTo: string | null; credibility: number | null };
  fact?: { status: (typeof FACT_STATUSES)[number] | null };
  forecast?: {
    statement: string | null;
    probability: number | null;
    confidence: (typeof CONFIDENCES)[number] | null;
    resolveBy: string | null;
    criteria: string | null;
    /** The forecast question it joined (absent in snapshots made before questions existed). */
    questionId?: string | null;
    /** Set when `probability` is withheld until the reader gives their own (maskForecasts in lib/visibility). */
    hidden?: boolean;
  };
  sources: {
    id: string;
    url: string | null;
    title: string | null;
    publisher: string | null;
    excerpt: string | null;
    relation: (typeof RELATIONS)[number];
    reliability: string | null;
    /** An evidence link: the id of the annotation cited (issue #10). */
    annotation?: string | null;
    /** The cited passage as this reader may see it (filled by the service, lib/annotations/links.ts). */
    linked?: LinkedPassage;
  }[];
  /** The team's consensus on a row (issue #10): recorded by an admin, settling these analysts' annotations. */
  consensus?: { settles: string[] };
  /** Annotations citing this one as a source, as this reader may see them (filled by the service). */
  citedBy?: { id: string; kind: Kind; author: string; document: { slug: string; title: string } }[];
  version: number;
  createdAt: string;
  updatedAt: string;
  orphan: boolean;
};

/** A linked passage as a card shows it: removed ones keep their quote; hidden ones tell nothing. */
export type LinkedPassage =
  | { id: string; state: 'shown'; kind: Kind; exact: string; author: string; document: { slug: string; title: string } }
  | { id: string; state: 'removed'; exact: string }
  | { id: string; state: 'hidden' };

/** A passage the source picker found. */
export type PassageHit = { id: string; kind: Kind; exact: string; author: string; document: { slug: string; title: string } };

/**
 * What the reader draws before any card's details (issue 13): each annotation the reader may see on
 * a document, in document order, as `[id, start, end, kind, author, flags, version]` — `author` an
 * index into `authors`, `flags` bit 1 orphan, bit 2 consensus — and the quote of each orphan (it cannot be read
 * off the text). Compact because a busy document has tens of thousands; the details of a card come
 * from `GET /api/documents/:slug/annotations?ids=` as the panel shows it.
 */
export type DocumentHighlights = {
  authors: { id: string; name: string }[];
  rows: [id: string, start: number, end: number, kind: Kind, author: number, flags: number, version: number][];
  orphanQuotes: Record<string, string>;
};
export const HIGHLIGHT_ORPHAN = 1;
export const HIGHLIGHT_CONSENSUS = 2;
/** How many annotations one details request may name. */
export const MAX_DETAIL_IDS = 200;
