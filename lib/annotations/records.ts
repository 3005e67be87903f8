// Annotation and reply rows ↔ the views the API, the reader and exports show ↔ the snapshots the
// append-only history keeps. One mapping each way, used by the annotation and thread services,
// import, export and the live hub, so a field added to an annotation is added here once.
import { z } from 'zod';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { Actor } from '@/lib/actor';
import { isoDate } from '@/lib/dates';
import type { ReplyView } from '@/lib/threads/schemas';
import {
  type AnnotationView,
  CONFIDENCES,
  EVENT_TYPES,
  type EventType,
  FACT_STATUSES,
  type Kind,
  KINDS,
  RELATIONS,
  type updateAnnotationSchema,
} from './schemas';

// ---------------------------------------------------------------------------------------------
// Rows → views

/** What an annotation row is read with, to become a view. */
export const withRelations = {
  author: { select: { id: true, name: true } },
  sources: { orderBy: { position: 'asc' } },
} as const satisfies Prisma.AnnotationInclude;

export type AnnotationRow = Prisma.AnnotationGetPayload<{ include: typeof withRelations }>;

/**
 * A row's times, as Prisma reads them or as a raw read already wrote them in SQL, in the form the
 * views use (toISOString's; YYYY-MM-DD for the date): exports read 100,000s of rows, and making a
 * Date of each time only to write it back was a tenth of their time.
 */
type RowTimes = { createdAt: Date | string; updatedAt: Date | string; resolveBy: Date | string | null };
const isoTime = (t: Date | string) => (typeof t === 'string' ? t : t.toISOString());

export function toView(row: Omit<AnnotationRow, keyof RowTimes> & RowTimes): AnnotationView {
  const view: AnnotationView = {
    id: row.id,
    documentId: row.documentId,
    kind: row.kind,
    author: row.author,
    target: { start: row.start, end: row.end, exact: row.exact, prefix: row.prefix, suffix: row.suffix },
    note: row.note,
    sources: row.sources.map((s) => ({
      id: s.id,
      url: s.url,
      title: s.title,
      publisher: s.publisher,
      excerpt: s.excerpt,
      relation: s.relation,
      reliability: s.reliability,
      ...(s.linkedAnnotationId ? { annotation: s.linkedAnnotationId } : {}),
    })),
    ...(row.consensus ? { consensus: { settles: row.settles } } : {}),
    version: row.version,
    createdAt: isoTime(row.createdAt),
    updatedAt: isoTime(row.updatedAt),
    orphan: row.orphan,
  };
  if (row.kind === 'CLAIM') view.claim = { attributedTo: row.attributedTo, credibility: row.credibility };
  if (row.kind === 'FACT') view.fact = { status: row.factStatus };
  if (row.kind === 'FORECAST') {
    view.forecast = {
      statement: row.statement,
      probability: row.probability,
      confidence: row.confidence,
      resolveBy: typeof row.resolveBy === 'string' ? row.resolveBy : isoDate(row.resolveBy),
      criteria: row.criteria,
      questionId: row.questionId,
    };
  }
  return view;
}

/** What a reply row is read with, to become a view. */
export const replyWithAuthor = { author: { select: { id: true, name: true } } } as const satisfies Prisma.ReplyInclude;

export type ReplyRow = Prisma.ReplyGetPayload<{ include: typeof replyWithAuthor }>;

export function toReplyView(row: Pick<ReplyRow, 'id' | 'annotationId' | 'author' | 'body' | 'version' | 'createdAt' | 'updatedAt'>): ReplyView {
  return {
    id: row.id,
    annotationId: row.annotationId,
    author: row.author,
    body: row.body,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

// ---------------------------------------------------------------------------------------------
// Input → columns

type KindGroups = z.output<typeof updateAnnotationSchema>;

/** The kind-specific columns for `kind`, every other kind's columns cleared. */
export function kindColumns(kind: Kind, groups: KindGroups) {
  const claim = kind === 'CLAIM' ? groups.claim ?? {} : {};
  const fact = kind === 'FACT' ? groups.fact ?? {} : {};
  const forecast = kind === 'FORECAST' ? groups.forecast ?? {} : {};
  return {
    attributedTo: claim.attributedTo ?? null,
    credibility: claim.credibility ?? null,
    factStatus: fact.status ?? null,
    statement: forecast.statement ?? null,
    probability: forecast.probability ?? null,
    confidence: forecast.confidence ?? null,
    resolveBy: forecast.resolveBy ? new Date(`${forecast.resolveBy}T00:00:00Z`) : null,
    criteria: forecast.criteria ?? null,
  };
}

/** Source rows in their given order (`position`), without ids. */
export function sourceRows(sources: NonNullable<KindGroups['sources']>) {
  return sources.map((s, position) => ({
    position,
    url: s.url ?? null,
    title: s.title ?? null,
    publisher: s.publisher ?? null,
    excerpt: s.excerpt ?? null,
    relation: s.relation,
    reliability: s.reliability ?? null,
    linkedAnnotationId: s.annotation ?? null,
  }));
}

// ---------------------------------------------------------------------------------------------
// History events: an annotation change snapshots the annotation's view; a reply change (replyId
// set) snapshots the reply's. The database trigger on the table NOTIFYs each one (lib/realtime).

/** The actor of a change Assay makes itself (re-anchoring after a revision): the event's actorId is null. */
export const SYSTEM_ACTOR = { id: 'system', name: 'Assay (re-anchoring)' } as const;

export function annotationEvent(actor: Pick<Actor, 'id'>, type: EventType, row: AnnotationRow): Prisma.AnnotationEventCreateManyInput {
  return { annotationId: row.id, actorId: actor.id, type, version: row.version, snapshot: toView(row) };
}

export function replyEvent(actor: Pick<Actor, 'id'>, type: EventType, row: ReplyRow): Prisma.AnnotationEventCreateManyInput {
  return { annotationId: row.annotationId, replyId: row.id, actorId: actor.id, type, version: row.version, snapshot: toReplyView(row) };
}

const person = z.object({ id: z.string(), name: z.string() });
const nullableString = z.string().nullable();

// Snapshots are read back through these schemas rather than cast: a snapshot that does not have
// the shape of a view fails loudly here, not somewhere in the browser. Loose objects keep any key
// an older or newer writer stored, so a snapshot reads back exactly as it was written.
const annotationSnapshot = z.looseObject({
  id: z.string(),
  documentId: z.string(),
  kind: z.enum(KINDS),
  author: person,
  target: z.looseObject({ start: z.number(), end: z.number(), exact: z.string(), prefix: z.string(), suffix: z.string() }),
  note: z.string(),
  claim: z.looseObject({ attributedTo: nullableString, credibility: z.number().nullable() }).optional(),
  fact: z.looseObject({ status: z.enum(FACT_STATUSES).nullable() }).optional(),
  forecast: z
    .looseObject({
      statement: nullableString,
      probability: z.number().nullable(),
      confidence: z.enum(CONFIDENCES).nullable(),
      resolveBy: nullableString,
      criteria: nullableString,
      questionId: nullableString.optional(),
      hidden: z.boolean().optional(),
    })
    .optional(),
  sources: z.array(
    z.looseObject({
      id: z.string(),
      url: nullableString,
      title: nullableString,
      publisher: nullableString,
      excerpt: nullableString,
      relation: z.enum(RELATIONS),
      reliability: nullableString,
      annotation: nullableString.optional(),
    }),
  ),
  consensus: z.looseObject({ settles: z.array(z.string()) }).optional(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  orphan: z.boolean(),
}) satisfies z.ZodType<AnnotationView>;

const replySnapshot = z.looseObject({
  id: z.string(),
  annotationId: z.string(),
  author: person,
  body: z.string(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
}) satisfies z.ZodType<ReplyView>;

/** A stored history event, as read from the table. */
export type StoredEvent = { id: bigint; annotationId: string; replyId: string | null; type: EventType; snapshot: Prisma.JsonValue };

/** A stored event decoded: the annotation as it stood, or the reply after the change. */
export type DecodedEvent =
  | { id: string; type: EventType; annotation: AnnotationView }
  | { id: string; type: EventType; annotationId: string; reply: ReplyView };

export function decodeEvent(event: StoredEvent): DecodedEvent {
  const type = z.enum(EVENT_TYPES).parse(event.type);
  return event.replyId
    ? { id: event.id.toString(), type, annotationId: event.annotationId, reply: replySnapshot.parse(event.snapshot) }
    : { id: event.id.toString(), type, annotation: annotationSnapshot.parse(event.snapshot) };
}
