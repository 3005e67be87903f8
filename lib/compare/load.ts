// What comparing reads of the database: the annotations of the documents concerned, only the
// columns needed, as few rows as possible (a corpus holds 100,000s), filtered by the blind-mode
// rule and with hidden probabilities withheld (lib/visibility).
import 'server-only';
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

/** An annotation as loadAnnotations reads it: createdAt in epoch milliseconds, then the key fields. */
type AnnotationTuple = [
  id: string,
  authorId: string,
  kind: Kind,
  start: number,
  end: number,
  createdAt: number,
  attributedTo: string | null,
  credibility: number | null,
  factStatus: KeyFields['status'],
  statement: string | null,
  probability: number | null,
  confidence: KeyFields['confidence'],
  questionId: string | null,
  sources: [url: string | null, reliability: string | null][] | null,
];

/**
 * The annotations of one document with the key fields the compare table shows. A busy document
 * holds 10,000s: the database writes them as one JSON array of arrays, which parses far faster
 * than as many rows go through the client.
 */
export async function loadAnnotations(actor: Actor, doc: DocumentRow): Promise<{ loaded: Loaded; annotations: CompareAnnotation[] }> {
  const [[{ rows }], done] = await Promise.all([
    // Orphans have no reliable place in the current text, so they cannot be compared.
    prisma.$queryRaw<{ rows: string | null }[]>`
      SELECT json_agg(json_build_array(a.id, a."authorId", a.kind, a.start, a."end", (date_part('epoch', a."createdAt") * 1000)::int8,
        a."attributedTo", a.credibility, a."factStatus", a.statement, a.probability, a.confidence, a."questionId",
        (SELECT json_agg(json_build_array(s.url, s.reliability) ORDER BY s.position) FROM "Source" s WHERE s."annotationId" = a.id AND s.reliability IS NOT NULL)))::text AS rows
      FROM "Annotation" a
      WHERE a."documentId" = ${doc.id}::uuid AND a."deletedAt" IS NULL AND NOT a.orphan AND NOT a.consensus AND ${visibleToSql(actor, 'a')}`,
    readers([doc.id]),
  ]);
  const coded = done.get(doc.id)!;
  const annotations = ((rows ? JSON.parse(rows) : []) as AnnotationTuple[]).map(
    ([id, authorId, kind, start, end, createdAt, attributedTo, credibility, status, statement, probability, confidence, questionId, sources]) => {
      coded.add(authorId);
      const annotation: CompareAnnotation = { id, authorId, kind, start, end, createdAt };
      if (kind === 'CLAIM') annotation.fields = { attributedTo, credibility };
      if (kind === 'FACT') annotation.fields = { status };
      if (kind === 'FORECAST') annotation.fields = { statement, probability, confidence, questionId };
      // Only rated sources: the reliability statistic and gaps need nothing else of them.
      if (sources) annotation.fields = { ...annotation.fields, sources: sources.map(([url, reliability]) => ({ url, reliability })) };
      return annotation;
    },
  );
  return { loaded: { doc, marks: marksByAuthor(annotations), coded }, annotations };
}

/** Others' forecast probabilities the actor may not see yet are withheld (lib/visibility). */
export async function maskProbabilities(actor: Actor, annotations: CompareAnnotation[]) {
  const forecasts = annotations.filter((a) => a.kind === 'FORECAST');
  const hidden = await hiddenProbabilities(
    actor,
    forecasts.map((a) => ({ authorId: a.authorId, questionId: a.fields?.questionId ?? null, probability: a.fields?.probability ?? null })),
  );
  forecasts.forEach((a, i) => {
    if (hidden[i]) a.fields = { ...a.fields, probability: null, hidden: true };
  });
}
