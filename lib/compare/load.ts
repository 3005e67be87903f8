// What comparing reads of the database: the annotations of the documents concerned, only the
// columns needed, as few rows as possible (a corpus holds 100,000s), filtered by the blind-mode
// rule and with hidden probabilities withheld (lib/visibility).
import 'server-only';
import { createHash } from 'node:crypto';
import { prisma } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import type { Actor } from '@/lib/actor';
import { AppError } from '@/lib/errors';
import { hiddenProbabilities, visibleToSql } from '@/lib/visibility';
import { cpLength } from '@/lib/anchoring/codepoints';
import { KINDS, type Kind } from '@/lib/annotations/schemas';
import { marksByAuthor, type OrderedMarks, sentenceRanges } from './sentences';
import type { CompareAnnotation, KeyFields, Span } from './types';

export type DocumentRow = { id: string; slug: string; title: string; text: string; textHash: string };

export type Loaded = {
  doc: DocumentRow;
  /** Each author's annotations on the document, earliest created first. */
  marks: Map<string, OrderedMarks>;
  /** Who coded this document: an annotation on it, or their reading marked done. */
  coded: Set<string>;
};

/** Sentences and code-point length per text revision: segmenting is the costly part of a request. */
const textCache = new Map<string, { sentences: Span[]; length: number }>();

export function textFacts(doc: DocumentRow) {
  let facts = textCache.get(doc.textHash);
  if (!facts) {
    facts = { sentences: sentenceRanges(doc.text), length: cpLength(doc.text) };
    if (textCache.size >= 64) textCache.delete(textCache.keys().next().value!);
    textCache.set(doc.textHash, facts);
  }
  return facts;
}

/** Readers who marked their reading of each document done. */
async function readers(ids: string[]): Promise<Map<string, Set<string>>> {
  const readings = await prisma.readingDone.findMany({ where: { documentId: { in: ids } }, select: { documentId: true, userId: true } });
  const done = new Map(ids.map((id) => [id, new Set<string>()]));
  for (const r of readings) done.get(r.documentId)!.add(r.userId);
  return done;
}

/**
 * An annotation's start, end and kind in one integer, so the database builds and prints one array
 * instead of three: start · 2^26 + end · 4 + kind, exact in a double while positions stay below
 * 2^24 (16 million code points; loadMarks refuses longer texts).
 */
const PACKED = Prisma.sql`a.start::int8 * 67108864 + a."end" * 4 + CASE a.kind ${Prisma.join(
  KINDS.map((kind, k) => Prisma.sql`WHEN ${kind}::"AnnotationKind" THEN ${k}::int`),
  ' ',
)} END`;
export const POSITIONS = 2 ** 24;

/** The numbers of an integer array printed by PostgreSQL ("{1,-2,3}"): faster than the driver's parser. */
function integers(text: string): number[] {
  const out: number[] = [];
  let value = 0;
  let sign = 1;
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) value = value * 10 + (c - 48);
    else if (c === 45) sign = -1;
    else {
      out.push(sign * value);
      value = 0;
      sign = 1;
    }
  }
  return out;
}

function unpack(packed: number[]): OrderedMarks {
  return {
    start: packed.map((p) => Math.floor(p / 67108864)),
    end: packed.map((p) => Math.floor(p / 4) % POSITIONS),
    kind: packed.map((p) => KINDS[p % 4]),
  };
}

/**
 * What the statistics need of the annotations on `docs`: each author's, in creation order (then
 * id). A corpus holds 100,000s of annotations, so the database gathers each author's into one
 * packed array, one row per document and author rather than one per annotation. One query per
 * document, run side by side: sorting into creation order is most of the database's work, and so
 * it spreads over its cores.
 */
export async function loadMarks(actor: Actor, docs: DocumentRow[]): Promise<Loaded[]> {
  const long = docs.find((d) => textFacts(d).length >= POSITIONS);
  if (long) throw new AppError('INVALID', `"${long.slug}" is too long to compare (${POSITIONS} code points at most)`);
  const [perDocument, done] = await Promise.all([
    Promise.all(
      docs.map(
        (doc) =>
          // Orphans have no reliable place in the current text, so they cannot be compared.
          prisma.$queryRaw<{ authorId: string; marks: string }[]>`
            SELECT a."authorId", array_agg(${PACKED} ORDER BY a."createdAt", a.id)::text AS marks
            FROM "Annotation" a
            WHERE a."documentId" = ${doc.id}::uuid AND a."deletedAt" IS NULL AND NOT a.orphan AND NOT a.consensus AND ${visibleToSql(actor, 'a')}
            GROUP BY a."authorId"`,
      ),
    ),
    readers(docs.map((d) => d.id)),
  ]);
  return docs.map((doc, d) => {
    const coded = done.get(doc.id)!;
    const marks = new Map<string, OrderedMarks>();
    for (const row of perDocument[d]) {
      coded.add(row.authorId);
      marks.set(row.authorId, unpack(integers(row.marks)));
    }
    return { doc, marks, coded };
  });
}

/** The annotations of one document as comparing reads them: shared between requests, never changed. */
type DocumentAnnotations = { annotations: readonly CompareAnnotation[]; marks: Map<string, OrderedMarks> };

/**
 * Documents' annotations by `documentId/fingerprint`. The fingerprint is computed by the database
 * over every column comparing reads of the annotations the reader may see (and of their rated
 * sources), so any change to them, by this instance or another, gives a new key and the entry is
 * simply not found again; a reader who sees a different set gets a different key. Small: a busy
 * document holds 10,000s of annotations.
 */
const annotationCache = new Map<string, DocumentAnnotations>();
const ANNOTATION_CACHE_SIZE = 12;

/** Empties the caches of comparing (the bench's cold figures; tests). */
export function clearCompareCaches() {
  annotationCache.clear();
  for (const clear of cacheClearers) clear();
}
const cacheClearers: (() => void)[] = [];
/** Caches built on loadAnnotations' keys register here, so clearCompareCaches empties them too. */
export function onClearCompareCaches(clear: () => void) {
  cacheClearers.push(clear);
}

/** Insert or refresh an entry of a small least-recently-used map. */
export function remember<V>(cache: Map<string, V>, key: string, value: V, size: number): V {
  cache.delete(key);
  cache.set(key, value);
  if (cache.size > size) cache.delete(cache.keys().next().value!);
  return value;
}

/** The annotations of `doc` that `actor` may compare: what every query below reads from. */
function visibleAnnotations(actor: Actor, doc: DocumentRow) {
  // Orphans have no reliable place in the current text, so they cannot be compared.
  return Prisma.sql`SELECT a.id, a."authorId", a.kind, a.start, a."end", a."createdAt", a."attributedTo", a.credibility, a."factStatus",
      a.statement, a.probability, a.confidence, a."questionId"
    FROM "Annotation" a
    WHERE a."documentId" = ${doc.id}::uuid AND a."deletedAt" IS NULL AND NOT a.orphan AND NOT a.consensus AND ${visibleToSql(actor, 'a')}`;
}

/**
 * A fingerprint of the visible annotations and their rated sources: their count and a 64-bit hash
 * of each row's compared columns, XORed over the rows (no sort, nothing sent but the result).
 * `annotations` is the visible annotations' SQL (a subquery or a CTE's name); the sources are
 * found by the same filter.
 */
function fingerprint(annotations: Prisma.Sql, sources: Prisma.Sql) {
  return Prisma.sql`(
    SELECT count(*)::text || '.' || coalesce(bit_xor(hash_record_extended(v, 0)), 0)::text FROM ${annotations} v
  ) || '/' || (
    SELECT count(*)::text || '.' || coalesce(bit_xor(hash_record_extended(src, 0)), 0)::text
    FROM (SELECT s."annotationId", s.position, s.url, s.reliability FROM "Source" s WHERE s.reliability IS NOT NULL AND s."annotationId" IN ${sources}) src
  )`;
}

/** The ids of the annotations of `doc` that `actor` may compare. */
function visibleIds(actor: Actor, doc: DocumentRow) {
  return Prisma.sql`(SELECT a.id FROM "Annotation" a
    WHERE a."documentId" = ${doc.id}::uuid AND a."deletedAt" IS NULL AND NOT a.orphan AND NOT a.consensus AND ${visibleToSql(actor, 'a')})`;
}

/** What the read of a document's annotations returns: one row of compact text (see parseAnnotations). */
type AnnotationText = { rows: string | null; texts: string | null; sources: string | null; fingerprint: string };

/**
 * The visible annotations of `doc`, compactly: one line per
 * annotation, "id authorId" (72 characters) then packed position and kind, created (epoch ms),
 * credibility, fact status, probability, confidence, question, comma-separated, lines separated by
 * ";" (none of these can hold either); the free-text fields and the rated sources, which few
 * annotations have, as JSON beside. Far less for the database to build and for Node to parse than
 * a JSON array per annotation.
 */
async function readAnnotations(actor: Actor, doc: DocumentRow): Promise<AnnotationText> {
  const [row] = await prisma.$queryRaw<AnnotationText[]>`
    WITH v AS MATERIALIZED (${visibleAnnotations(actor, doc)})
    SELECT
      -- concat writes each line in one go (NULL as nothing), where || copied it once per field.
      (SELECT string_agg(concat(a.id, a."authorId", ',', ${PACKED}, ',', (date_part('epoch', a."createdAt") * 1000)::int8,
          ',', a.credibility, ',', a."factStatus", ',', a.probability, ',', a.confidence, ',', a."questionId"), ';')
        FROM v a) AS rows,
      (SELECT json_agg(json_build_array(v.id, v."attributedTo", v.statement)) FROM v WHERE v."attributedTo" IS NOT NULL OR v.statement IS NOT NULL)::text AS texts,
      (SELECT json_agg(json_build_array(s."annotationId", s.url, s.reliability) ORDER BY s."annotationId", s.position)
        FROM "Source" s JOIN v ON s."annotationId" = v.id WHERE s.reliability IS NOT NULL)::text AS sources,
      ${fingerprint(Prisma.sql`v`, Prisma.sql`(SELECT id FROM v)`)} AS fingerprint`;
  return row;
}

async function readFingerprint(actor: Actor, doc: DocumentRow): Promise<string> {
  const [{ fingerprint: value }] = await prisma.$queryRaw<{ fingerprint: string }[]>`
    SELECT ${fingerprint(Prisma.sql`(${visibleAnnotations(actor, doc)})`, visibleIds(actor, doc))} AS fingerprint`;
  return value;
}

/** The annotations from readAnnotations' text, with the key fields of their kinds. */
function parseAnnotations(text: AnnotationText): CompareAnnotation[] {
  const texts = new Map<string, [attributedTo: string | null, statement: string | null]>();
  for (const [id, attributedTo, statement] of (text.texts ? JSON.parse(text.texts) : []) as [string, string | null, string | null][]) texts.set(id, [attributedTo, statement]);
  const sources = new Map<string, { url: string | null; reliability: string | null }[]>();
  for (const [id, url, reliability] of (text.sources ? JSON.parse(text.sources) : []) as [string, string | null, string | null][]) {
    let list = sources.get(id);
    if (!list) sources.set(id, (list = []));
    list.push({ url, reliability });
  }
  if (!text.rows) return [];
  const authors = new Map<string, string>(); // one string per author, not one per annotation
  const rows = text.rows;
  const annotations: CompareAnnotation[] = [];
  // Read field by field with indexOf: splitting 25,000 lines and each line's fields costs more.
  let at = 0;
  const field = (until: string) => {
    const end = rows.indexOf(until, at);
    const value = rows.slice(at, end < 0 ? rows.length : end);
    at = end < 0 ? rows.length : end + 1;
    return value;
  };
  while (at < rows.length) {
    const id = rows.slice(at, at + 36);
    let authorId = rows.slice(at + 36, at + 72);
    authorId = authors.get(authorId) ?? (authors.set(authorId, authorId), authorId);
    at += 73;
    const p = Number(field(','));
    const createdAt = Number(field(','));
    const credibility = field(',');
    const status = field(',');
    const probability = field(',');
    const confidence = field(',');
    const questionId = field(';');
    const kind = KINDS[p % 4];
    const annotation: CompareAnnotation = { id, authorId, kind, start: Math.floor(p / 67108864), end: Math.floor(p / 4) % POSITIONS, createdAt };
    if (kind === 'CLAIM') annotation.fields = { attributedTo: texts.get(id)?.[0] ?? null, credibility: credibility === '' ? null : Number(credibility) };
    if (kind === 'FACT') annotation.fields = { status: status === '' ? null : (status as KeyFields['status']) };
    if (kind === 'FORECAST') {
      annotation.fields = {
        statement: texts.get(id)?.[1] ?? null,
        probability: probability === '' ? null : Number(probability),
        confidence: confidence === '' ? null : (confidence as KeyFields['confidence']),
        questionId: questionId === '' ? null : questionId,
      };
    }
    // Only rated sources: the reliability statistic and gaps need nothing else of them.
    const cited = sources.get(id);
    if (cited) annotation.fields = { ...annotation.fields, sources: cited };
    annotations.push(annotation);
  }
  // Creation order, then id: sorted here rather than by the database, where ordering the lines
  // costs more than the rest of the read.
  return annotations.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The annotations of one document with the key fields the compare table shows, in creation order
 * (then id), and `key`, which names exactly this content (see annotationCache). A busy document
 * holds 10,000s: the database first sends only their fingerprint, and the annotations only when
 * this instance does not hold them already. The annotations are shared: never change them.
 */
export async function loadAnnotations(
  actor: Actor,
  doc: DocumentRow,
): Promise<{ loaded: Loaded; annotations: readonly CompareAnnotation[]; key: string }> {
  const [fingerprint, done] = await Promise.all([readFingerprint(actor, doc), readers([doc.id])]);
  let key = `${doc.id}/${fingerprint}`;
  let held = annotationCache.get(key);
  if (held) remember(annotationCache, key, held, ANNOTATION_CACHE_SIZE);
  else {
    const text = await readAnnotations(actor, doc);
    const annotations = parseAnnotations(text);
    held = { annotations, marks: marksByAuthor(annotations) };
    // Named by the fingerprint read with them (the annotations may have changed since the first read).
    key = `${doc.id}/${text.fingerprint}`;
    remember(annotationCache, key, held, ANNOTATION_CACHE_SIZE);
  }
  const coded = done.get(doc.id)!;
  for (const author of held.marks.keys()) coded.add(author);
  return { loaded: { doc, marks: held.marks, coded }, annotations: held.annotations, key };
}

/**
 * Others' forecast probabilities the actor may not see yet are withheld (lib/visibility): per
 * document, the annotations with those replaced by masked copies (the loaded ones are shared), and
 * a name for which were masked.
 */
export async function maskProbabilities(
  actor: Actor,
  documents: readonly (readonly CompareAnnotation[])[],
): Promise<{ annotations: readonly CompareAnnotation[]; masked: string }[]> {
  const forecasts = documents.flatMap((annotations, d) => annotations.flatMap((a, i) => (a.kind === 'FORECAST' ? [{ a, d, i }] : [])));
  const hidden = await hiddenProbabilities(
    actor,
    forecasts.map(({ a }) => ({ authorId: a.authorId, questionId: a.fields?.questionId ?? null, probability: a.fields?.probability ?? null })),
  );
  const out = documents.map((annotations) => ({ annotations, masked: [] as number[] }));
  forecasts.forEach(({ a, d, i }, f) => {
    if (!hidden[f]) return;
    const doc = out[d];
    if (doc.masked.length === 0) doc.annotations = [...doc.annotations];
    (doc.annotations as CompareAnnotation[])[i] = { ...a, fields: { ...a.fields, probability: null, hidden: true } };
    doc.masked.push(i);
  });
  return out.map(({ annotations, masked }) => ({
    annotations,
    masked: masked.length === 0 ? '' : createHash('sha1').update(masked.join(',')).digest('hex'),
  }));
}
