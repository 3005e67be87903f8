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
import { CONFIDENCES, FACT_STATUSES, KINDS } from '@/lib/annotations/schemas';
import { marksInOrder, type OrderedMarks, sentenceRanges } from './sentences';
import { creationOrder } from './rows';
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

/** Positions are packed below POSITIONS (see PACKED): a longer text cannot be compared. */
function assertComparable(doc: DocumentRow) {
  if (textFacts(doc).length >= POSITIONS) throw new AppError('INVALID', `"${doc.slug}" is too long to compare (${POSITIONS} code points at most)`);
}

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
  docs.forEach(assertComparable);
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

/**
 * The annotations of one document as comparing reads them: shared between requests, never changed.
 * Beside them, what patching them needs (see refresh): each one's row hash as the database
 * computes it (hash_record_extended, decimal, aligned with `annotations`), the hashes of the rated
 * sources of those that have some, and the totals the fingerprint is made of.
 */
type DocumentAnnotations = {
  annotations: readonly CompareAnnotation[];
  marks: Map<string, OrderedMarks>;
  hashes: readonly string[];
  sourceHashes: ReadonlyMap<string, readonly string[]>;
  totals: Totals;
  /** Each annotation's place in `annotations` by id: made by the first patch (see placesOf), so a patch costs what changed. */
  places?: Map<string, number>;
};

function placesOf(entry: DocumentAnnotations): Map<string, number> {
  if (!entry.places) {
    const places = new Map<string, number>();
    entry.annotations.forEach((a, i) => places.set(a.id, i));
    entry.places = places;
  }
  return entry.places;
}

/** A fingerprint's parts: count and XOR of the row hashes of the annotations, and of their rated sources. */
type Totals = { count: number; xor: bigint; sourceCount: number; sourceXor: bigint };

const fingerprintOf = (t: Totals) => `${t.count}.${t.xor}/${t.sourceCount}.${t.sourceXor}`;

/**
 * Documents' annotations by `documentId/fingerprint`. The fingerprint is computed by the database
 * over every column comparing reads of the annotations the reader may see (and of their rated
 * sources), so any change to them, by this instance or another, gives a new key and the entry is
 * simply not found again; a reader who sees a different set gets a different key. Small: a busy
 * document holds 10,000s of annotations.
 */
const annotationCache = new Map<string, DocumentAnnotations>();
const ANNOTATION_CACHE_SIZE = 12;

/**
 * The last entry read for a document and a visibility (the reader's filter), with the database
 * snapshot it was read or last confirmed in: the base a changed document is patched from.
 */
const latest = new Map<string, { key: string; snapshot: Snapshot }>();

/** Empties the caches of comparing (the bench's cold figures; tests). */
export function clearCompareCaches() {
  annotationCache.clear();
  latest.clear();
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

/**
 * A transaction snapshot (pg_current_snapshot) as the 32-bit transaction ids rows carry in xmin:
 * a row whose xmin is at or past `xmax` (in the circular order of xids), or one of `running`, was
 * written by a transaction the snapshot does not see, so it changed after the read.
 */
type Snapshot = { xmax: number; running: number[] };

function parseSnapshot(text: string): Snapshot {
  const [, xmax, running] = text.split(':');
  const xid = (s: string) => Number(BigInt(s) % 4294967296n);
  return { xmax: xid(xmax), running: running ? running.split(',').map(xid) : [] };
}

/**
 * Of two snapshots (pg_current_snapshot's text: xmin:xmax:running, 64-bit ids that never wrap),
 * one that sees no transaction either does not see: the lower xmin and xmax, and the transactions
 * running in either that the lower xmax does not already exclude.
 */
export function earlierSnapshot(a: string, b: string): string {
  const [xminA, xmaxA, runningA] = a.split(':');
  const [xminB, xmaxB, runningB] = b.split(':');
  const min = (x: string, y: string) => (BigInt(x) <= BigInt(y) ? x : y);
  const xmax = min(xmaxA, xmaxB);
  const running = [...new Set([runningA, runningB].flatMap((r) => (r ? r.split(',') : [])))].filter((x) => BigInt(x) < BigInt(xmax));
  running.sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1));
  return `${min(xminA, xminB)}:${xmax}:${running.join(',')}`;
}

/**
 * Rows (alias `t`) written after `snapshot`: their xmin is at or past its xmax, or was running
 * then. age() compares transaction ids across wraparound (a frozen row is the oldest of all).
 */
function writtenAfter(t: string, snapshot: Snapshot) {
  const xmin = Prisma.raw(`"${t}".xmin`);
  return Prisma.sql`(age(${xmin}) <= age(${String(snapshot.xmax)}::xid) OR ${xmin} = ANY(${`{${snapshot.running.join(',')}}`}::xid[]))`;
}

/** The key of `latest` for a document and what `actor` may see of it. */
const visibilityOf = (actor: Actor, doc: DocumentRow) => `${doc.id}|${JSON.stringify(visibleToSql(actor, 'a').values)}`;

/** What a read of a document's annotations returns: compact text (see parseAnnotations) and the fingerprint's parts. */
type AnnotationText = {
  /** Each author's lines (see readAnnotations). */
  lines: { author: string; lines: string }[];
  /** [id, attributedTo, statement] of the annotations sent that have either. */
  texts: [string, string | null, string | null][] | null;
  /** [annotationId, url, reliability, hash] of the rated sources of the annotations sent. */
  sources: [string, string | null, string | null, string][] | null;
  count: string;
  xor: string;
  sourceCount: string;
  sourceXor: string;
  snapshot: string;
  /** refresh only: the ids of the document's annotations written after the base was read, visible or not. */
  changed: string[] | null;
};

/**
 * The visible annotations of `doc` (all of them, or with `since`, only those written after that
 * snapshot, and the ids of every annotation of the document written since), compactly: by author,
 * the author's id (36 characters) then their annotations' lines, authors separated by "|", lines
 * by ";". A line is the id in hex (32 characters), then packed position and kind in hex, created
 * (epoch ms), credibility, fact status, probability, confidence, question and the row's hash,
 * comma-separated (none of these can hold ",", ";" or "|"); the free-text fields and the rated
 * sources (with their hashes), which few annotations have, as JSON beside. Hex ids and one author
 * id per author rather than per line: PostgreSQL prints a uuid several times slower than hex, and
 * every byte sent costs (~20 ms a megabyte here). With them, in the same statement (one snapshot,
 * one round trip, one pass over the visible annotations): the fingerprint's parts over all of
 * them, and the snapshot.
 */
async function readAnnotations(actor: Actor, doc: DocumentRow, since?: Snapshot, half?: 0 | 1): Promise<AnnotationText> {
  // Written after `since`: the row, or one of its sources (an index-free test on rows read anyway).
  const fresh = (a: string) =>
    since ? Prisma.sql`(${writtenAfter(a, since)} OR ${Prisma.raw(`"${a}"`)}.id IN (SELECT s."annotationId" FROM "Source" s WHERE ${writtenAfter('s', since)}))` : Prisma.sql`TRUE`;
  // Each line: see above; the row hash `h` comes from a lateral join, so it is computed once.
  const line = Prisma.sql`concat(encode(uuid_send(a.id), 'hex'), to_hex(${PACKED}), ',', ${CREATED_MS},
    ',', a.credibility, ',', a."factStatus", ',', a.probability, ',', a.confidence, ',', a."questionId", ',', hashed.h)`;
  const texts = Prisma.sql`json_agg(json_build_array(a.id, a."attributedTo", a.statement)) FILTER (WHERE a."attributedTo" IS NOT NULL OR a.statement IS NOT NULL)`;
  const hashed = Prisma.sql`CROSS JOIN LATERAL (SELECT ${ROW_HASH} AS h) hashed`;
  const documentRows = Prisma.sql`a."documentId" = ${doc.id}::uuid AND ${visible(actor, 'a')} AND ${authorsOf(half)}`;
  // The first read: one pass, grouped by author. A refresh: the fingerprint's parts and the ids
  // written since in one ungrouped pass (grouping 25,000 rows cost more than the rest), then the
  // lines of those few, by primary key.
  const per = since
    ? Prisma.sql`totals AS (
        SELECT count(*) AS n, coalesce(bit_xor(${ROW_HASH}), 0) AS x, array_agg(a.id) FILTER (WHERE ${fresh('a')}) AS ids
        FROM "Annotation" a WHERE ${documentRows}),
      per AS (
        SELECT a."authorId", string_agg(${line}, ';') AS lines, ${texts} AS texts, 0 AS n, 0::int8 AS x
        FROM "Annotation" a ${hashed} WHERE a.id = ANY((SELECT ids FROM totals)::uuid[]) AND ${documentRows}
        GROUP BY a."authorId"
        UNION ALL SELECT NULL, NULL, NULL, n, x FROM totals),`
    : Prisma.sql`per AS (
        SELECT a."authorId",
          -- concat writes each line in one go (NULL as nothing), where || copied it once per field.
          string_agg(${line}, ';') AS lines, ${texts} AS texts, count(*) AS n, bit_xor(hashed.h) AS x
        FROM "Annotation" a ${hashed} WHERE ${documentRows}
        GROUP BY a."authorId"),`;
  const query = Prisma.sql`
    WITH ${per}
    src AS MATERIALIZED (${ratedSources(actor, doc, fresh('a'), authorsOf(half))})
    SELECT NULL AS author, json_build_object(
      'texts', (SELECT json_agg(t) FROM per p, json_array_elements(p.texts) t),
      'sources', (SELECT json_agg(json_build_array(src."annotationId", src.url, src.reliability, ${SOURCE_HASH}::text)
        ORDER BY src."annotationId", src.position) FROM src WHERE src.fresh),
      'count', (SELECT coalesce(sum(n), 0) FROM per)::text,
      'xor', (SELECT coalesce(bit_xor(x), 0) FROM per)::text,
      'sourceCount', (SELECT count(*) FROM src)::text,
      'sourceXor', (SELECT coalesce(bit_xor(${SOURCE_HASH}), 0) FROM src)::text,
      'changed', ${since ? Prisma.sql`(SELECT json_agg(a.id) FROM "Annotation" a WHERE a."documentId" = ${doc.id}::uuid AND ${fresh('a')})` : Prisma.sql`NULL`},
      'snapshot', pg_current_snapshot()::text)::text AS lines
    UNION ALL
    -- A row per author: one 2 MB text takes PostgreSQL and the driver far longer than 25 of 80 kB.
    SELECT p."authorId"::text, p.lines FROM per p WHERE p.lines IS NOT NULL`;
  const rows = await prisma.$queryRaw<{ author: string | null; lines: string }[]>(query);
  const summary = JSON.parse(rows.find((r) => r.author === null)!.lines) as Omit<AnnotationText, 'lines'>;
  return { ...summary, lines: rows.filter((r) => r.author !== null) as { author: string; lines: string }[] };
}

/**
 * The annotations (alias `a`) of one half of the authors (readWhole), by the last bit of their id
 * (random in a v4 uuid, so the halves hold about as many authors); all of them without `half`.
 */
const authorsOf = (half?: 0 | 1) => (half === undefined ? Prisma.sql`TRUE` : Prisma.sql`(get_byte(uuid_send(a."authorId"), 15) & 1) = ${half}`);

/**
 * A document read whole (readAnnotations without `since`), as two statements side by side, each
 * over half the authors: the database reads and prints the halves on two cores while Node waits,
 * about halving the first read of a busy document. Each half's fingerprint parts come from its own
 * statement with its rows, so together they name exactly what was read even if a write fell between
 * them; the snapshot kept is the earlier one, so a refresh finds anything either half missed.
 */
async function readWhole(actor: Actor, doc: DocumentRow): Promise<AnnotationText> {
  const halves = await Promise.all([readAnnotations(actor, doc, undefined, 0), readAnnotations(actor, doc, undefined, 1)]);
  const both = <T>(list: (T[] | null)[]) => (list.every((l) => l === null) ? null : list.flatMap((l) => l ?? []));
  const [first, second] = halves.map((h) => h.snapshot);
  return {
    lines: halves.flatMap((h) => h.lines),
    texts: both(halves.map((h) => h.texts)),
    sources: both(halves.map((h) => h.sources)),
    ...sumTotals(halves),
    snapshot: earlierSnapshot(first, second),
    changed: null,
  };
}

/** An annotation's creation time (alias `a`) in whole milliseconds since 1970: the first key of creation order. */
const CREATED_MS = Prisma.sql`(date_part('epoch', a."createdAt") * 1000)::int8`;

/**
 * The rated sources of the annotations of `doc` that `actor` may compare (a CTE's body; fresh: a
 * column for refresh), and a source's hash over every column comparing reads (alias `src`).
 */
const ratedSources = (actor: Actor, doc: DocumentRow, fresh: Prisma.Sql = Prisma.sql`TRUE`, authors: Prisma.Sql = Prisma.sql`TRUE`) => Prisma.sql`
  SELECT s."annotationId", s.position, s.url, s.reliability, ${fresh} AS fresh FROM "Source" s JOIN "Annotation" a ON a.id = s."annotationId"
  WHERE s.reliability IS NOT NULL AND a."documentId" = ${doc.id}::uuid AND ${visible(actor, 'a')} AND ${authors}`;
const SOURCE_HASH = Prisma.sql`hash_record_extended(ROW(src."annotationId", src.position, src.url, src.reliability), 0)`;

/** An annotation's row hash (alias `a`), over every column comparing reads: the fingerprint's unit. */
const ROW_HASH = Prisma.sql`hash_record_extended(ROW(a.id, a."authorId", a.kind, a.start, a."end", a."createdAt", a."attributedTo", a.credibility,
  a."factStatus", a.statement, a.probability, a.confidence, a."questionId"), 0)`;

/** Whether an annotation (alias `a`) is one `actor` may compare: live, placed, not a consensus, visible to them. */
function visible(actor: Actor, a: string) {
  const t = Prisma.raw(`"${a}"`);
  // Orphans have no reliable place in the current text, so they cannot be compared.
  return Prisma.sql`(${t}."deletedAt" IS NULL AND NOT ${t}.orphan AND NOT ${t}.consensus AND ${visibleToSql(actor, a)})`;
}

type TotalsText = Pick<AnnotationText, 'count' | 'xor' | 'sourceCount' | 'sourceXor'>;

/** The fingerprint's parts of the halves of a read (readWhole, loadKeys) together. */
const sumTotals = (halves: TotalsText[]): TotalsText => ({
  count: String(halves.reduce((n, h) => n + Number(h.count), 0)),
  xor: String(halves.reduce((x, h) => x ^ BigInt(h.xor), 0n)),
  sourceCount: String(halves.reduce((n, h) => n + Number(h.sourceCount), 0)),
  sourceXor: String(halves.reduce((x, h) => x ^ BigInt(h.sourceXor), 0n)),
});

const totalsOf = (text: TotalsText): Totals => ({
  count: Number(text.count),
  xor: BigInt(text.xor),
  sourceCount: Number(text.sourceCount),
  sourceXor: BigInt(text.sourceXor),
});

/** The uuid whose 32 hex digits start at `at`, dashed: one flat string (five slices joined make nine objects). */
function uuidAt(r: string, at: number): string {
  // Spelled out: a helper closure made per call costs more than the rest (and tsx wraps each one).
  // prettier-ignore
  return String.fromCharCode(
    r.charCodeAt(at), r.charCodeAt(at + 1), r.charCodeAt(at + 2), r.charCodeAt(at + 3), r.charCodeAt(at + 4), r.charCodeAt(at + 5),
    r.charCodeAt(at + 6), r.charCodeAt(at + 7), 45, r.charCodeAt(at + 8), r.charCodeAt(at + 9), r.charCodeAt(at + 10), r.charCodeAt(at + 11), 45,
    r.charCodeAt(at + 12), r.charCodeAt(at + 13), r.charCodeAt(at + 14), r.charCodeAt(at + 15), 45, r.charCodeAt(at + 16), r.charCodeAt(at + 17),
    r.charCodeAt(at + 18), r.charCodeAt(at + 19), 45, r.charCodeAt(at + 20), r.charCodeAt(at + 21), r.charCodeAt(at + 22), r.charCodeAt(at + 23),
    r.charCodeAt(at + 24), r.charCodeAt(at + 25), r.charCodeAt(at + 26), r.charCodeAt(at + 27), r.charCodeAt(at + 28), r.charCodeAt(at + 29),
    r.charCodeAt(at + 30), r.charCodeAt(at + 31)
  );
}

/** The whole number written in decimal in text[from, to) (an optional "-", then digits), as Number() reads it. */
function decimal(text: string, from: number, to: number): number {
  let sign = 1;
  if (text.charCodeAt(from) === 45) {
    sign = -1;
    from++;
  }
  let value = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9 || value > Number.MAX_SAFE_INTEGER / 10) return Number(text.slice(from - (sign < 0 ? 1 : 0), to));
    value = value * 10 + d;
  }
  return sign * value;
}

/** The one of `values` written in text[from, to), without cutting it out; else the text itself. */
function oneOf(values: readonly string[], text: string, from: number, to: number): string {
  for (const v of values) if (v.length === to - from && text.startsWith(v, from)) return v;
  return text.slice(from, to);
}

/**
 * The annotations from readAnnotations' text, with the key fields of their kinds, in the order
 * read, with each one's row hash, and the hashes of the rated sources by annotation.
 */
function parseAnnotations(text: AnnotationText): { annotations: CompareAnnotation[]; hashes: string[]; sourceHashes: Map<string, string[]> } {
  const texts = new Map<string, [attributedTo: string | null, statement: string | null]>();
  for (const [id, attributedTo, statement] of text.texts ?? []) texts.set(id, [attributedTo, statement]);
  const sources = new Map<string, { url: string | null; reliability: string | null }[]>();
  const sourceHashes = new Map<string, string[]>();
  for (const [id, url, reliability, hash] of text.sources ?? []) {
    let list = sources.get(id);
    if (!list) {
      sources.set(id, (list = []));
      sourceHashes.set(id, []);
    }
    list.push({ url, reliability });
    sourceHashes.get(id)!.push(hash);
  }
  const annotations: CompareAnnotation[] = [];
  const hashes: string[] = [];
  for (const { author: authorId, lines: rows } of text.lines) {
    // Read in place, character by character: a read holds 10,000s of lines, and every string cut
    // from them (and the id pieced together from five) is an object the collector copies while the
    // annotations live. Only the id, the hash and the few free-form fields become strings.
    let at = 0;
    /** The end of the field starting at `at` (the next ",", or the end of the line). */
    const fieldEnd = (lineEnd: number) => {
      const comma = rows.indexOf(',', at);
      return comma < 0 || comma > lineEnd ? lineEnd : comma;
    };
    while (at < rows.length) {
      let lineEnd = rows.indexOf(';', at);
      if (lineEnd < 0) lineEnd = rows.length;
      const id = uuidAt(rows, at);
      at += 32;
      // Packed position and kind, in hex: below 2^50, exact in a double.
      let p = 0;
      for (let c = rows.charCodeAt(at); c !== 44; c = rows.charCodeAt(++at)) p = p * 16 + (c <= 57 ? c - 48 : (c | 32) - 87);
      at++;
      let end = fieldEnd(lineEnd);
      const createdAt = decimal(rows, at, end);
      at = end + 1;
      end = fieldEnd(lineEnd);
      const credibility = end === at ? null : decimal(rows, at, end);
      at = end + 1;
      end = fieldEnd(lineEnd);
      const status = end === at ? null : (oneOf(FACT_STATUSES, rows, at, end) as KeyFields['status']);
      at = end + 1;
      end = fieldEnd(lineEnd);
      const probability = end === at ? null : Number(rows.slice(at, end));
      at = end + 1;
      end = fieldEnd(lineEnd);
      const confidence = end === at ? null : (oneOf(CONFIDENCES, rows, at, end) as KeyFields['confidence']);
      at = end + 1;
      end = fieldEnd(lineEnd);
      const questionId = end === at ? null : rows.slice(at, end);
      at = end + 1;
      hashes.push(rows.slice(at, lineEnd));
      const kind = KINDS[p % 4];
      // (Most annotations have no free text and no rated source: no lookup when none has.)
      let fields: KeyFields | undefined;
      if (kind === 'CLAIM') fields = { attributedTo: texts.size > 0 ? (texts.get(id)?.[0] ?? null) : null, credibility };
      if (kind === 'FACT') fields = { status };
      if (kind === 'FORECAST') fields = { statement: texts.size > 0 ? (texts.get(id)?.[1] ?? null) : null, probability, confidence, questionId };
      // Only rated sources: the reliability statistic and gaps need nothing else of them.
      const cited = sources.size > 0 ? sources.get(id) : undefined;
      if (cited) fields = { ...fields, sources: cited };
      const from = Math.floor(p / 67108864);
      const to = Math.floor(p / 4) % POSITIONS;
      // Made whole in one literal (no property added later), so every annotation has one shape.
      annotations.push(
        fields === undefined ? { id, authorId, kind, start: from, end: to, createdAt } : { id, authorId, kind, start: from, end: to, createdAt, fields },
      );
      at = lineEnd + 1;
    }
  }
  return { annotations, hashes, sourceHashes };
}

/**
 * An entry from annotations and their hashes in any order: sorted into creation order, then id
 * (here rather than by the database, where ordering the lines costs more than the rest of the read).
 */
function entryOf(annotations: CompareAnnotation[], hashes: string[], sourceHashes: ReadonlyMap<string, readonly string[]>, totals: Totals): DocumentAnnotations {
  const order = creationOrder(annotations);
  const sorted = order.map((i) => annotations[i]);
  return { annotations: sorted, marks: marksInOrder(sorted), hashes: order.map((i) => hashes[i]), sourceHashes, totals };
}


/**
 * `base` with the annotations written since it was read replaced by what `text` (a refresh) holds
 * of them: the changed ones still visible come back, the others are gone. The patch is kept only
 * if its fingerprint, computed from the row hashes (the base's for what stayed, the database's for
 * what came back), is the database's fingerprint of the visible annotations read in the same
 * statement: anything the refresh did not see (a hard deletion, a change of what the reader may
 * see) makes them differ, and then the document is read whole. The base's annotations are found by
 * id (placesOf), so a patch costs what changed, not the document's 10,000s of annotations.
 */
function patch(base: DocumentAnnotations, text: AnnotationText): DocumentAnnotations | null {
  const fresh = parseAnnotations(text);
  const places = placesOf(base);
  /** The places in `base` of the annotations written since (the others written since were not in it). */
  const changed = new Map<string, number>();
  for (const id of text.changed ?? []) {
    const i = places.get(id);
    if (i !== undefined) changed.set(id, i);
  }
  const sourceHashes = new Map(base.sourceHashes);
  let { count, xor, sourceCount, sourceXor } = base.totals;
  for (const [id, i] of changed) {
    count--;
    xor ^= BigInt(base.hashes[i]);
    for (const h of base.sourceHashes.get(id) ?? []) {
      sourceCount--;
      sourceXor ^= BigInt(h);
    }
    sourceHashes.delete(id);
  }
  for (const hash of fresh.hashes) {
    count++;
    xor ^= BigInt(hash);
  }
  for (const [id, hashes] of fresh.sourceHashes) {
    sourceHashes.set(id, hashes);
    for (const h of hashes) {
      sourceCount++;
      sourceXor ^= BigInt(h);
    }
  }
  const totals = { count, xor, sourceCount, sourceXor };
  if (fingerprintOf(totals) !== fingerprintOf(totalsOf(text))) return null;
  const inPlaceEntry = inPlace(base, changed, fresh, sourceHashes, totals);
  if (inPlaceEntry) return inPlaceEntry;
  // Annotations came or went: the unchanged ones and those that came back, in entryOf's order.
  const kept: CompareAnnotation[] = [];
  const keptHashes: string[] = [];
  base.annotations.forEach((a, i) => {
    if (changed.has(a.id)) return;
    kept.push(a);
    keptHashes.push(base.hashes[i]);
  });
  fresh.annotations.forEach((a, i) => {
    kept.push(a);
    keptHashes.push(fresh.hashes[i]);
  });
  return entryOf(kept, keptHashes, sourceHashes, totals);
}

/**
 * patch's entry without sorting 10,000s of annotations again, when every changed annotation the
 * base holds (`changed`: id → place) came back with its id and creation time and nothing new came
 * (an edit, the common change): each takes its old place, which is where entryOf's order
 * (creation, then id) puts it; the authors' marks are kept when no author, kind or place changed,
 * and the places by id always are. null otherwise.
 */
function inPlace(
  base: DocumentAnnotations,
  changed: ReadonlyMap<string, number>,
  fresh: { annotations: CompareAnnotation[]; hashes: string[] },
  sourceHashes: ReadonlyMap<string, readonly string[]>,
  totals: Totals,
): DocumentAnnotations | null {
  if (changed.size !== fresh.annotations.length) return null; // one gone, or a new one
  const annotations = base.annotations.slice();
  const hashes = base.hashes.slice();
  let samePlaces = true;
  for (let f = 0; f < fresh.annotations.length; f++) {
    const now = fresh.annotations[f];
    const i = changed.get(now.id);
    if (i === undefined) return null; // a new one (and so one of the base's is gone)
    const was = annotations[i];
    if (was !== base.annotations[i] || now.createdAt !== was.createdAt) return null; // twice in the read, or moved in the order
    if (now.authorId !== was.authorId || now.kind !== was.kind || now.start !== was.start || now.end !== was.end) samePlaces = false;
    annotations[i] = now;
    hashes[i] = fresh.hashes[f];
  }
  return {
    annotations,
    marks: samePlaces ? base.marks : marksInOrder(annotations),
    hashes,
    sourceHashes,
    totals,
    places: base.places,
  };
}

/**
 * The annotations of one document with the key fields the compare table shows, in creation order
 * (then id), and `key`, which names exactly this content (see annotationCache). A busy document
 * holds 10,000s. Read whole the first time (one statement, the fingerprint with it); after that
 * one statement gives the fingerprint and only the annotations written since the last read, and a
 * changed document is patched from the entry held (see patch). The annotations are shared: never
 * change them.
 */
export async function loadAnnotations(
  actor: Actor,
  doc: DocumentRow,
): Promise<{ loaded: Loaded; annotations: readonly CompareAnnotation[]; key: string; how: 'held' | 'patched' | 'read' }> {
  const visibility = visibilityOf(actor, doc);
  const last = latest.get(visibility);
  const base = last && annotationCache.get(last.key);
  const [text, done] = await Promise.all([base ? readAnnotations(actor, doc, last.snapshot) : readWhole(actor, doc), readers([doc.id])]);
  let key = `${doc.id}/${fingerprintOf(totalsOf(text))}`;
  let held = annotationCache.get(key);
  let how: 'held' | 'patched' | 'read' = 'held';
  if (!held && base) {
    held = patch(base, text) ?? undefined;
    how = 'patched';
  }
  let snapshot = text.snapshot;
  if (!held) {
    // Read whole: the first time, or when the patch does not give the database's fingerprint.
    const whole = base ? await readWhole(actor, doc) : text;
    const parsed = parseAnnotations(whole);
    held = entryOf(parsed.annotations, parsed.hashes, parsed.sourceHashes, totalsOf(whole));
    key = `${doc.id}/${fingerprintOf(held.totals)}`;
    snapshot = whole.snapshot;
    how = 'read';
  }
  remember(annotationCache, key, held, ANNOTATION_CACHE_SIZE);
  // Confirmed in this snapshot: the next read looks only for what is written after it.
  remember(latest, visibility, { key, snapshot: parseSnapshot(snapshot) }, ANNOTATION_CACHE_SIZE * 2);
  const coded = done.get(doc.id)!;
  for (const author of held.marks.keys()) coded.add(author);
  return { loaded: { doc, marks: held.marks, coded }, annotations: held.annotations, key, how };
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
  // Only a forecast on a question can be withheld (hiddenProbabilities); most have none, and a
  // read holds 10,000s of annotations.
  const forecasts: { a: CompareAnnotation; d: number; i: number }[] = [];
  documents.forEach((annotations, d) => {
    for (let i = 0; i < annotations.length; i++) {
      const a = annotations[i];
      if (a.kind === 'FORECAST' && a.fields?.questionId != null) forecasts.push({ a, d, i });
    }
  });
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
  return out.map(({ annotations, masked }) => ({ annotations, masked: maskName(masked.map((i) => annotations[i].id)) }));
}

/** A name for which annotations' probabilities were masked (by id, so any read of them gives the same name). */
function maskName(ids: string[]): string {
  return ids.length === 0 ? '' : createHash('sha1').update(ids.sort().join(',')).digest('hex');
}

/** The name of a document's annotations as one reader judges them: their content, then which were masked. */
export const judgedKey = (annotationsKey: string, masked: string) => `${annotationsKey}#${masked}`;

/** Whether this instance holds `doc`'s annotations as `actor` may compare them (loadAnnotations then only looks for changes). */
export function holdsAnnotations(actor: Actor, doc: DocumentRow): boolean {
  const last = latest.get(visibilityOf(actor, doc));
  return last !== undefined && annotationCache.has(last.key);
}

/**
 * A document as its judgment results are named, without reading its annotations: each author's
 * marks (as loadMarks, in loadAnnotations' order), who coded it, and the key judgedDocument gives
 * (loadAnnotations' fingerprint, and which probabilities the reader may not see), from one pass
 * over the document's annotations that prints only their positions. A fresh instance looks up the
 * results kept in the database by this key (lib/compare/results.ts). `halves`: the pass runs as two
 * statements side by side, each over half the authors (as readWhole), for a request about this
 * document alone; the reads of several documents already keep the database's cores busy.
 */
export async function loadKeys(actor: Actor, doc: DocumentRow, halves: boolean): Promise<{ loaded: Loaded; key: string; masked: string }> {
  assertComparable(doc);
  // One pass: each row narrowed to what the aggregates need before the sort (OFFSET 0 keeps the
  // planner from sorting whole rows), marks in loadAnnotations' order (creation in whole
  // milliseconds, then id), the fingerprint's parts, and the few forecasts on questions (masking).
  const pass = (half?: 0 | 1) => prisma.$queryRaw<{ author: string | null; marks: string }[]>`
    WITH per AS (
      SELECT r."authorId", array_agg(r.p ORDER BY r.c, r.id)::text AS marks, count(*) AS n, bit_xor(r.h) AS x,
        json_agg(r.f) FILTER (WHERE r.f IS NOT NULL) AS forecasts
      FROM (
        SELECT a."authorId", ${PACKED} AS p, ${CREATED_MS} AS c, a.id, ${ROW_HASH} AS h,
          CASE WHEN a.kind = 'FORECAST' AND a."questionId" IS NOT NULL THEN json_build_array(a.id, a."questionId", a.probability) END AS f
        FROM "Annotation" a WHERE a."documentId" = ${doc.id}::uuid AND ${visible(actor, 'a')} AND ${authorsOf(half)} OFFSET 0) r
      GROUP BY r."authorId"),
    src AS MATERIALIZED (${ratedSources(actor, doc, Prisma.sql`TRUE`, authorsOf(half))})
    SELECT NULL AS author, json_build_object(
      'count', (SELECT coalesce(sum(n), 0) FROM per)::text,
      'xor', (SELECT coalesce(bit_xor(x), 0) FROM per)::text,
      'sourceCount', (SELECT count(*) FROM src)::text,
      'sourceXor', (SELECT coalesce(bit_xor(${SOURCE_HASH}), 0) FROM src)::text,
      'forecasts', (SELECT json_agg(json_build_array(p."authorId", p.forecasts)) FROM per p WHERE p.forecasts IS NOT NULL))::text AS marks
    UNION ALL
    SELECT p."authorId"::text, p.marks FROM per p`;
  const [parts, done] = await Promise.all([Promise.all(halves ? [pass(0), pass(1)] : [pass()]), readers([doc.id])]);
  const summaries = parts.map(
    (rows) =>
      JSON.parse(rows.find((r) => r.author === null)!.marks) as TotalsText & {
        forecasts: [authorId: string, [id: string, questionId: string, probability: number | null][]][] | null;
      },
  );
  const coded = done.get(doc.id)!;
  const marks = new Map<string, OrderedMarks>();
  for (const row of parts.flat()) {
    if (row.author === null) continue;
    coded.add(row.author);
    marks.set(row.author, unpack(integers(row.marks)));
  }
  const forecasts = summaries.flatMap((s) => (s.forecasts ?? []).flatMap(([authorId, list]) => list.map(([id, questionId, probability]) => ({ id, authorId, questionId, probability }))));
  const hidden = await hiddenProbabilities(actor, forecasts);
  const masked = maskName(forecasts.filter((_, i) => hidden[i]).map((f) => f.id));
  return { loaded: { doc, marks, coded }, key: judgedKey(`${doc.id}/${fingerprintOf(totalsOf(sumTotals(summaries)))}`, masked), masked };
}
