// One function per use case: validate (zod), authorize (acting user), write (Prisma), record the
// change in the append-only history. Route handlers and server actions only call these.
import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { PREPARED_MARK, prisma } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { type Actor, requireActor, requireWriter } from '@/lib/actor';
import { AppError, invalid } from '@/lib/errors';
import { optionalVersion, parseVersion } from '@/lib/versions';
import { canDelete, canEdit, canSeeAnnotation, maskForecasts, openDocument, openDocumentSql, visibleToSql } from '@/lib/visibility';
import { describeRange, targetMatches } from '@/lib/anchoring/selectors';
import { CodePointIndex } from '@/lib/anchoring/codepoints';
import { appendFromAnnotation, joinQuestion, withdrawForecast } from '@/lib/forecasts/ledger';
import { canonicalTerm } from '@/lib/forecasts';
import { scheduledCloseSql } from '@/lib/forecasts/questions';
import type { ReplyView } from '@/lib/threads/schemas';
import {
  type AnnotationView,
  createAnnotationSchema,
  type DocumentHighlights,
  type EventType,
  HIGHLIGHT_CONSENSUS,
  HIGHLIGHT_ORPHAN,
  type Kind,
  KINDS,
  MAX_DETAIL_IDS,
  misplacedKindFields,
  updateAnnotationSchema,
} from './schemas';
import { type AnnotationRow, annotationEvent, decodeEvent, kindColumns, sourceRows, SYSTEM_ACTOR, toView, withRelations } from './records';
import { checkLinks, withLinks } from './links';

async function record(tx: Prisma.TransactionClient, actor: Actor, type: EventType, row: AnnotationRow) {
  await tx.annotationEvent.create({ data: annotationEvent(actor, type, row), select: { id: true } });
}

const listFiltersSchema = z.strictObject({
  kind: z.enum(KINDS, 'kind is CLAIM, FORECAST or FACT').optional(),
  author: z.uuid('author is a user id').optional(),
  /** Just these annotations (the cards the reader's panel shows): those hidden or gone are left out. */
  ids: z.array(z.uuid('ids are annotation ids')).min(1, 'ids names at least one annotation').max(MAX_DETAIL_IDS, `ids names at most ${MAX_DETAIL_IDS} annotations`).optional(),
});

export async function listAnnotations(
  actor: Actor | null,
  documentSlug: string,
  filters: { kind?: string; author?: string; ids?: string[] } = {},
): Promise<AnnotationView[]> {
  const reader = requireActor(actor);
  const parsed = listFiltersSchema.safeParse(filters);
  if (!parsed.success) throw invalid(parsed.error.issues);
  const { kind, author, ids } = parsed.data;
  // One statement (it is read on every reader's visit): the rows, their author and sources, and
  // which of them others' sources cite. `visibleToSql` is `visibleTo` (lib/visibility, held equal by
  // its test); the rows go through toView like everywhere else. "Cited" looks the citing annotation
  // up by its key, for the (rare) sources that link here: written as a join, the planner could scan
  // every annotation once per row (36 ms instead of 3 for a hundred annotations, bench `load`).
  const rows = await prisma.$queryRaw<(Omit<AnnotationRow, 'author' | 'sources'> & { authorName: string; sources: AnnotationRow['sources'] | null; cited: boolean })[]>`
    SELECT ${ANNOTATION_COLUMNS}, u.name AS "authorName",
      (SELECT json_agg(s ORDER BY s.position) FROM "Source" s WHERE s."annotationId" = a.id) AS sources,
      EXISTS (SELECT 1 FROM "Source" cs WHERE cs."linkedAnnotationId" = a.id
        AND (SELECT ca."deletedAt" IS NULL FROM "Annotation" ca WHERE ca.id = cs."annotationId")) AS cited
    FROM "Annotation" a JOIN "Document" d ON d.id = a."documentId" JOIN "User" u ON u.id = a."authorId"
    WHERE d.slug = ${documentSlug} AND ${openDocumentSql(reader, 'd')} AND a."deletedAt" IS NULL AND ${visibleToSql(reader, 'a')}
      ${kind ? Prisma.sql`AND a.kind = ${kind}::"AnnotationKind"` : Prisma.empty}
      ${author ? Prisma.sql`AND a."authorId" = ${author}::uuid` : Prisma.empty}
      ${ids ? Prisma.sql`AND a.id = ANY(${ids}::uuid[])` : Prisma.empty}
    ORDER BY a.start ASC, a."end" DESC, a."createdAt" ASC, a.id`;
  if (rows.length === 0) await openDocument(reader, documentSlug, { id: true }); // none, or archived: 404
  const views = rows.map(({ authorName, cited: _, ...row }) =>
    toView({ ...row, author: { id: row.authorId, name: authorName }, sources: row.sources ?? [] }),
  );
  return withLinks(reader, await maskForecasts(reader, views), { cited: rows.filter((r) => r.cited).map((r) => r.id) });
}

/**
 * What the reader draws (issue 13): every annotation `actor` may see on the document, as compact
 * rows in document order (`DocumentHighlights`). The same rule as `listAnnotations` (visibleToSql is
 * visibleTo as SQL), read without the relations: a busy document has tens of thousands of rows.
 */
export async function listHighlights(actor: Actor | null, documentSlug: string): Promise<DocumentHighlights> {
  const reader = requireActor(actor);
  const document = await openDocument(reader, documentSlug, { id: true });
  const rows = await prisma.$queryRaw<{ id: string; start: number; end: number; kind: Kind; authorId: string; name: string; orphan: boolean; consensus: boolean; version: number; exact: string | null }[]>`
    SELECT a.id::text, a.start, a."end", a.kind::text AS kind, a."authorId"::text AS "authorId", u.name, a.orphan, a.consensus, a.version,
      CASE WHEN a.orphan THEN a.exact END AS exact
    FROM "Annotation" a JOIN "User" u ON u.id = a."authorId"
    WHERE a."documentId" = ${document.id}::uuid AND a."deletedAt" IS NULL AND ${visibleToSql(reader)}
    ORDER BY a.start, a."end" DESC, a."createdAt", a.id`;
  const authors: DocumentHighlights['authors'] = [];
  const authorIndex = new Map<string, number>();
  const orphanQuotes: DocumentHighlights['orphanQuotes'] = {};
  const out = rows.map((r): DocumentHighlights['rows'][number] => {
    let index = authorIndex.get(r.authorId);
    if (index === undefined) {
      authorIndex.set(r.authorId, (index = authors.length));
      authors.push({ id: r.authorId, name: r.name });
    }
    if (r.orphan) orphanQuotes[r.id] = r.exact ?? '';
    return [r.id, r.start, r.end, r.kind, index, (r.orphan ? HIGHLIGHT_ORPHAN : 0) | (r.consensus ? HIGHLIGHT_CONSENSUS : 0), r.version];
  });
  return { authors, rows: out, orphanQuotes };
}

export async function getAnnotation(actor: Actor | null, id: string): Promise<AnnotationView> {
  const reader = requireActor(actor);
  const row = await findLive(prisma, id);
  // Hidden by blind mode reads as absent: a 403 would tell that it exists.
  if (!(await canSeeAnnotation(reader, row))) throw new AppError('NOT_FOUND', 'No such annotation');
  const [view] = await withLinks(reader, await maskForecasts(reader, [toView(row)]));
  return view;
}

async function findLive(client: Prisma.TransactionClient, id: string): Promise<AnnotationRow> {
  const row = z.uuid().safeParse(id).success
    ? await client.annotation.findUnique({ where: { id }, include: withRelations })
    : null;
  if (!row || row.deletedAt) throw new AppError('NOT_FOUND', 'No such annotation');
  return row;
}

/**
 * The documents annotations are written on, by slug: their text is needed to check every target,
 * and reading it again for each write was most of a create's work. Every write checks in SQL that
 * the text it was checked against is still the document's (its hash), and reloads when not.
 */
/** The Annotation table's columns an AnnotationRow holds (not the generated search vector). */
const ANNOTATION_COLUMNS = Prisma.raw(
  ['id', 'documentId', 'authorId', 'kind', 'start', 'end', 'exact', 'prefix', 'suffix', 'textHash', 'orphan', 'note', 'attributedTo', 'credibility', 'factStatus', 'statement', 'probability', 'confidence', 'resolveBy', 'criteria', 'questionId', 'consensus', 'settles', 'version', 'createdAt', 'updatedAt', 'deletedAt']
    .map((c) => `a."${c}"`)
    .join(', '),
);

type DocumentForWrite = { id: string; text: CodePointIndex; textHash: string };
const writeDocuments = new Map<string, Promise<DocumentForWrite | null>>();

function documentForWrite(slug: string): Promise<DocumentForWrite | null> {
  let found = writeDocuments.get(slug);
  if (!found) {
    if (writeDocuments.size >= 1000) writeDocuments.clear();
    // Indexed by code point once, not on every write.
    found = prisma.document
      .findUnique({ where: { slug, archivedAt: null }, select: { id: true, text: true, textHash: true } })
      .then((d) => d && { id: d.id, textHash: d.textHash, text: new CodePointIndex(d.text) });
    writeDocuments.set(slug, found);
    // Unknown documents and failed reads are not remembered.
    found.then((d) => d ?? writeDocuments.delete(slug), () => writeDocuments.delete(slug));
  }
  return found;
}

/** Transactions that take a lock under load wait their turn longer than Prisma's default 2 s for a connection. */
const LOCKING_TRANSACTION = { maxWait: 10_000, timeout: 20_000 } as const;

export async function createAnnotation(actor: Actor | null, input: unknown, retried = false): Promise<AnnotationView> {
  const author = requireWriter(actor);
  const parsed = createAnnotationSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues);
  const { document: slug, kind, target, note, sources, questionId } = parsed.data;

  // An archived document (issue #9) takes no new annotations: documentForWrite does not find it,
  // and the insert checks it is still not archived.
  const document = await documentForWrite(slug);
  if (!document) throw new AppError('INVALID', `No document "${slug}"`, { fields: { document: 'Unknown document' } });
  if (!targetMatches(document.text, target)) {
    throw new AppError('INVALID', 'target.exact does not match the document text at start..end', {
      fields: { 'target.exact': 'Does not match the document text at start..end (code points)' },
    });
  }
  const selector = describeRange(document.text, target.start, target.end);

  const now = new Date();
  const row: AnnotationRow = {
    id: randomUUID(),
    documentId: document.id,
    authorId: author.id,
    author: { id: author.id, name: author.name },
    kind,
    ...selector,
    textHash: document.textHash,
    orphan: false,
    note: note ?? '',
    ...kindColumns(kind, parsed.data),
    questionId: null,
    consensus: false,
    settles: [],
    version: 1,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
    sources: [],
  };
  await checkLinks(author, sources);
  row.sources = sourceRows(sources ?? []).map((source) => ({ ...source, id: randomUUID(), annotationId: row.id }));
  const entry =
    kind === 'FORECAST' && row.probability !== null
      ? { probability: row.probability, confidence: row.confidence, term: parsed.data.forecast?.term ? canonicalTerm(parsed.data.forecast.term) : null }
      : null;
  // One statement, no lock: any annotation but a forecast, and a forecast joining the open question
  // its passage overlaps best (its first entry in the same statement).
  const written =
    kind !== 'FORECAST' || !questionId ? await insertAnnotation(prisma, row, kind === 'FORECAST' ? { join: true, entry } : {}) : { fresh: true, inserted: false, questionId: null };
  if (!written.fresh) {
    // The document's text changed since it was read: read it again and check the target against it.
    writeDocuments.delete(slug);
    if (retried) throw new AppError('CONFLICT', 'The document changed while the annotation was written; try again');
    return createAnnotation(actor, input, true);
  }
  if (written.inserted) {
    row.questionId = written.questionId;
    return toView(row);
  }
  // A forecast that opens a question, or names one: the question is chosen under the document's
  // lock, and its probability becomes the first entry, atomically with the insert.
  await prisma.$transaction(async (tx) => {
    row.questionId = await joinQuestion(tx, author, row, questionId);
    const { fresh } = await insertAnnotation(tx, row);
    if (!fresh) throw new AppError('CONFLICT', 'The document changed while the annotation was written; try again');
    if (row.probability !== null) {
      await appendFromAnnotation(tx, author.id, row.questionId, {
        probability: row.probability,
        confidence: row.confidence,
        term: parsed.data.forecast?.term,
      });
    }
  }, LOCKING_TRANSACTION);
  return toView(row);
}

/**
 * Creating is the hot write path, so the annotation, its sources and its CREATED event go in as
 * one SQL statement: atomic on its own, one round trip, one commit. Through Prisma's interactive
 * or batch transactions the same three inserts ran at a quarter of the throughput (bench/).
 * The column lists are checked against the schema by the drift test and every create test.
 *
 * Nothing is written unless the document's text is still the one the row was made from
 * (`fresh` false). With `join`, a forecast joins the open question on the document that its
 * passage overlaps best (byOverlap's rule: highest Jaccard index), with `entry` as its first
 * entry there; when there is none nothing is written (`inserted` false) and the caller opens one
 * under the document's lock (joinQuestion).
 */
export async function insertAnnotation(
  client: Prisma.TransactionClient,
  row: AnnotationRow,
  options: { join?: boolean; entry?: { probability: number; confidence: string | null; term: string | null } | null } = {},
): Promise<{ fresh: boolean; inserted: boolean; questionId: string | null }> {
  const { snapshot } = annotationEvent({ id: row.authorId }, 'CREATED', row);
  const question = options.join
    ? Prisma.sql`SELECT q.id FROM doc JOIN "ForecastQuestion" q ON q."documentId" = doc.id
        WHERE q.outcome IS NULL AND q.start < ${row.end} AND q."end" > ${row.start} AND COALESCE(now() < ${scheduledCloseSql}, TRUE)
        ORDER BY (LEAST(q."end", ${row.end}) - GREATEST(q.start, ${row.start}))::float8
          / (q."end" - q.start + ${row.end - row.start} - (LEAST(q."end", ${row.end}) - GREATEST(q.start, ${row.start})))::float8 DESC,
          q."createdAt", q.id
        LIMIT 1`
    : Prisma.sql`SELECT ${row.questionId}::uuid AS id FROM doc`;
  const entry = options.join && options.entry ? options.entry : null;
  // Prepared once per connection and kept (lib/db).
  const [result] = await client.$queryRaw<{ fresh: boolean; inserted: boolean; questionId: string | null }[]>`${Prisma.raw(PREPARED_MARK)} WITH doc AS (
      SELECT id FROM "Document" WHERE id = ${row.documentId}::uuid AND "textHash" = ${row.textHash} AND "archivedAt" IS NULL
    ), question AS (${question}), annotation AS (
      INSERT INTO "Annotation" (id, "documentId", "authorId", kind, start, "end", exact, prefix, suffix, "textHash",
        orphan, note, "attributedTo", credibility, "factStatus", statement, probability, confidence, "resolveBy",
        criteria, "questionId", consensus, settles, version, "createdAt", "updatedAt")
      SELECT ${row.id}::uuid, ${row.documentId}::uuid, ${row.authorId}::uuid, ${row.kind}::"AnnotationKind",
        ${row.start}, ${row.end}, ${row.exact}, ${row.prefix}, ${row.suffix}, ${row.textHash}, false, ${row.note},
        ${row.attributedTo}, ${row.credibility}::int, ${row.factStatus}::"FactStatus", ${row.statement},
        ${row.probability}::float8, ${row.confidence}::"Confidence", ${row.resolveBy}::date, ${row.criteria},
        question.id, ${row.consensus}, ${row.settles}::uuid[], 1, ${row.createdAt}, ${row.updatedAt}
      FROM question
      RETURNING id, "questionId"
    ), sources AS (
      INSERT INTO "Source" (id, "annotationId", position, url, title, publisher, excerpt, relation, reliability, "linkedAnnotationId")
      SELECT s.id, s."annotationId", s.position, s.url, s.title, s.publisher, s.excerpt, s.relation, s.reliability, s."linkedAnnotationId"
      FROM jsonb_to_recordset(${JSON.stringify(row.sources)}::jsonb) AS s(id uuid, "annotationId" uuid, position int,
        url text, title text, publisher text, excerpt text, relation "SourceRelation", reliability char(1), "linkedAnnotationId" uuid)
      WHERE EXISTS (SELECT 1 FROM annotation)
    ), entry AS (
      INSERT INTO "ForecastEntry" ("questionId", "analystId", probability, confidence, term)
      SELECT a."questionId", ${row.authorId}::uuid, ${entry?.probability ?? null}::float8, ${entry?.confidence ?? null}::"Confidence", ${entry?.term ?? null}
      FROM annotation a WHERE ${entry !== null} AND a."questionId" IS NOT NULL
    ), event AS (
      INSERT INTO "AnnotationEvent" ("annotationId", "actorId", type, version, snapshot)
      SELECT a.id, ${row.authorId}::uuid, 'CREATED', 1,
        CASE WHEN a."questionId" IS NULL THEN ${JSON.stringify(snapshot)}::jsonb
          ELSE jsonb_set(${JSON.stringify(snapshot)}::jsonb, '{forecast,questionId}', to_jsonb(a."questionId"::text)) END
      FROM annotation a
    )
    SELECT EXISTS (SELECT 1 FROM doc) AS fresh, EXISTS (SELECT 1 FROM annotation) AS inserted,
      (SELECT "questionId"::text FROM annotation) AS "questionId"`;
  return result;
}

function conflict(current: AnnotationRow): AppError {
  return new AppError('CONFLICT', 'Someone changed this annotation after you opened it; reload to see their change', {
    detail: { currentVersion: current.version },
  });
}

export async function updateAnnotation(
  actor: Actor | null,
  id: string,
  expectedVersion: unknown,
  input: unknown,
): Promise<AnnotationView> {
  const editor = requireWriter(actor);
  const version = parseVersion(expectedVersion);
  const parsed = updateAnnotationSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues);
  const patch = parsed.data;

  return prisma.$transaction(async (tx) => {
    const existing = await findLive(tx, id);
    // Hidden by blind mode is absent for every method, not only GET (ARCHITECTURE.md, Rules).
    if (!(await canSeeAnnotation(editor, existing))) throw new AppError('NOT_FOUND', 'No such annotation');
    if (!canEdit(editor, existing)) throw new AppError('FORBIDDEN', 'Only its author can edit an annotation');
    // A consensus is revised only as one (lib/consensus: admins, settles checked, never joining a
    // forecast question); edited here it would bypass those rules.
    if (existing.consensus) throw new AppError('FORBIDDEN', 'A consensus is revised through PATCH /api/documents/:slug/consensus/:id');
    const kind = patch.kind ?? existing.kind;
    const misplaced = misplacedKindFields(kind, patch);
    if (misplaced.length) throw invalid(misplaced);

    const kindChanged = kind !== existing.kind;
    const groupGiven = { CLAIM: patch.claim, FACT: patch.fact, FORECAST: patch.forecast }[kind] !== undefined;
    const columns = kindChanged || groupGiven ? kindColumns(kind, patch) : null;
    // A forecast belongs to a question (joined now if it just became one); any other kind to none.
    let questionId = kind === 'FORECAST' ? existing.questionId : null;
    if (kind === 'FORECAST' && !questionId) questionId = await joinQuestion(tx, editor, { ...existing, ...columns });
    // The version condition makes the check and the write one step: a concurrent update between
    // our read and this write leaves zero rows matched.
    const { count } = await tx.annotation.updateMany({
      where: { id, version, deletedAt: null },
      data: {
        kind,
        ...(patch.note !== undefined ? { note: patch.note } : {}),
        ...columns,
        ...(questionId !== existing.questionId ? { questionId } : {}),
        version: { increment: 1 },
      },
    });
    if (count === 0) throw conflict(existing);
    // A forecast passage that stops being one withdraws its author's forecast, as deleting it does.
    if (existing.questionId && questionId !== existing.questionId) await withdrawForecast(tx, existing);
    if (patch.sources) await checkLinks(editor, patch.sources, id);
    // A new probability or confidence is appended to the question's history, never written over it.
    if (
      questionId &&
      columns?.probability != null &&
      (questionId !== existing.questionId || columns.probability !== existing.probability || columns.confidence !== existing.confidence)
    ) {
      await appendFromAnnotation(tx, editor.id, questionId, {
        probability: columns.probability,
        confidence: columns.confidence,
        term: patch.forecast?.term,
      });
    }
    if (patch.sources) {
      await tx.source.deleteMany({ where: { annotationId: id } });
      await tx.source.createMany({ data: sourceRows(patch.sources).map((s) => ({ ...s, annotationId: id })) });
    }
    const row = await findLive(tx, id);
    await record(tx, editor, 'UPDATED', row);
    return toView(row);
  });
}

/** Soft delete: the row stays (with its history); it just stops being listed. */
export async function deleteAnnotation(actor: Actor | null, id: string, expectedVersion?: unknown): Promise<void> {
  const user = requireWriter(actor);
  const version = optionalVersion(expectedVersion);
  await prisma.$transaction(async (tx) => {
    const existing = await findLive(tx, id);
    if (!(await canSeeAnnotation(user, existing))) throw new AppError('NOT_FOUND', 'No such annotation');
    if (!canDelete(user, existing)) {
      throw new AppError('FORBIDDEN', 'Only its author or an admin can delete an annotation');
    }
    const { count } = await tx.annotation.updateMany({
      where: { id, deletedAt: null, ...(version ? { version } : {}) },
      data: { deletedAt: new Date(), version: { increment: 1 } },
    });
    // Without a version only a deletion that won the race meanwhile stops it: it is gone (404), not changed.
    if (count === 0) throw version ? conflict(existing) : new AppError('NOT_FOUND', 'No such annotation');
    // A deleted forecast passage withdraws its author's forecast on the question from now on.
    if (existing.kind === 'FORECAST') await withdrawForecast(tx, existing);
    const row = await tx.annotation.findUniqueOrThrow({ where: { id }, include: withRelations });
    await record(tx, user, 'DELETED', row);
  });
}

/**
 * One change to the annotation or to a reply in its thread. For a reply change, `reply` is the reply
 * after it, `version` the reply's version, and `snapshot` the annotation as it stood at that moment.
 */
export type HistoryEntry = {
  type: EventType;
  version: number;
  at: string;
  /** Who made the change; Assay itself (SYSTEM_ACTOR, `system: true`) when it re-anchored the annotation after a revision. */
  actor: { id: string; name: string };
  system?: true;
  snapshot: AnnotationView;
  reply?: ReplyView;
};

/** The whole history, deleted annotations included (that is the point of keeping it). */
export async function annotationHistory(actor: Actor | null, id: string): Promise<HistoryEntry[]> {
  const reader = requireActor(actor);
  const events = z.uuid().safeParse(id).success
    ? await prisma.annotationEvent.findMany({
        where: { annotationId: id },
        include: { actor: { select: { id: true, name: true } } },
        orderBy: { id: 'asc' },
      })
    : [];
  if (events.length === 0) throw new AppError('NOT_FOUND', 'No such annotation');
  const { authorId, documentId } = await prisma.annotation.findUniqueOrThrow({ where: { id }, select: { authorId: true, documentId: true } });
  if (!(await canSeeAnnotation(reader, { authorId, documentId }))) throw new AppError('NOT_FOUND', 'No such annotation');
  const decoded = events.map(decodeEvent);
  // Every snapshot shows what the reader may see now (others' probabilities stay hidden until they forecast).
  const masked = await maskForecasts(reader, decoded.flatMap((e) => ('annotation' in e ? [e.annotation] : [])));
  // The first event is always the annotation's CREATED, so a reply change always has a state to show.
  let current: AnnotationView;
  return events.map((e, i) => {
    const base = { type: e.type, version: e.version, at: e.at.toISOString(), actor: e.actor ?? SYSTEM_ACTOR, ...(e.actor ? {} : { system: true as const }) };
    const event = decoded[i];
    if ('annotation' in event) return { ...base, snapshot: (current = masked.shift()!) };
    return { ...base, snapshot: current, reply: event.reply };
  });
}
