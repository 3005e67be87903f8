// Comparing analysts (issue #3): the side-by-side rows of one document and the agreement
// statistics of a document or of the whole corpus, for a chosen set of analysts.
import { z } from 'zod';
import { prisma } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { type Actor, requireActor } from '@/lib/actor';
import { AppError } from '@/lib/errors';
import { seesOthers, visibleToSql } from '@/lib/visibility';
import { cpLength, CodePointIndex } from '@/lib/anchoring/codepoints';
import { type AnnotationView, type Kind, KINDS } from '@/lib/annotations/schemas';
import { maskForecasts } from '@/lib/forecasts/service';
import { labelRows, marksByAuthor, type OrderedMarks, sentenceRanges } from './sentences';
import { MATCH_RULE, matchRows, type CompareRow } from './rows';
import { type MarkedStretch, sentenceStats, spanStatsOf, type SentenceStats, type SpanStats } from './stats';
import { rowsCsv, statsCsv } from './csv';
import type { CompareAnnotation, KeyFields, Label, Span } from './types';

export const BLIND_MESSAGE = 'Mark your reading done to compare: this document is blind, and others’ annotations stay hidden until you have.';

export const RULES = {
  sentences:
    'Units are the sentences of the canonical text (Intl.Segmenter, whitespace-only segments skipped). An analyst’s label for a sentence is the kind of their annotation covering the most of its characters (a tie goes to the earliest created), or "none". An analyst with no annotation on a document who has not marked it done did not code it: their labels there are missing and those sentences are dropped where a statistic needs every rater.',
  spans:
    'Krippendorff’s unitizing α on character (code point) spans, over all kinds and per kind; one analyst’s overlapping spans of one kind are merged first. Over the corpus the documents are concatenated into one continuum.',
  corpus: 'Over the corpus, the sentences of all documents are pooled as units.',
  matching: MATCH_RULE,
} as const;

export type AnalystRef = { id: string; name: string };

export type AgreementReport = {
  documents: { slug: string; title: string; sentences: number }[];
  /** Documents left out of a corpus report: blind ones the actor has not marked done. */
  excluded: { slug: string; title: string; reason: string }[];
  analysts: AnalystRef[];
  sentences: SentenceStats;
  spans: SpanStats;
  rules: { sentences: string; spans: string; corpus?: string };
};

export type CompareView = {
  document: { id: string; slug: string; title: string };
  /** Everyone with annotations on the document: the chooser's options. */
  available: AnalystRef[];
  /** The analysts compared, in column order. */
  analysts: AnalystRef[];
  rows: (CompareRow & { text: string })[];
  counts: { rows: number; agree: number; kindsDiffer: number; partial: number };
  agreement: AgreementReport;
  rule: string;
};

// ---------------------------------------------------------------------------------------------
// The analysts parameter: `?analysts=a,b,c` (ids), or repeated `analysts=` from checkboxes.

const analystIdsSchema = z.array(z.uuid('analysts must be user ids, separated by commas'));

function parseAnalysts(param: string | string[] | null | undefined): string[] | undefined {
  if (param === null || param === undefined) return undefined;
  const ids = [...new Set((Array.isArray(param) ? param : [param]).flatMap((p) => p.split(',')).map((p) => p.trim()).filter(Boolean))];
  if (ids.length === 0) return undefined;
  const parsed = analystIdsSchema.safeParse(ids);
  if (!parsed.success) {
    throw new AppError('INVALID', 'analysts must be user ids, separated by commas', { fields: { analysts: parsed.error.issues[0].message } });
  }
  return parsed.data;
}

/** The chosen analysts (default: everyone who annotated), named and in a stable order; 400 on an unknown id. */
async function resolveAnalysts(requested: string[] | undefined, annotators: Set<string>): Promise<{ chosen: AnalystRef[]; available: AnalystRef[] }> {
  const ids = [...new Set([...annotators, ...(requested ?? [])])];
  const users = await prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  const byName = (a: AnalystRef, b: AnalystRef) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1);
  const known = new Map(users.map((u) => [u.id, u]));
  const unknown = (requested ?? []).filter((id) => !known.has(id));
  if (unknown.length > 0) throw new AppError('INVALID', `No analyst ${unknown.join(', ')}`, { fields: { analysts: `Unknown analyst ${unknown[0]}` } });
  const available = users.filter((u) => annotators.has(u.id)).sort(byName);
  const chosen = requested ? requested.map((id) => known.get(id)!).sort(byName) : available;
  return { chosen, available };
}

// ---------------------------------------------------------------------------------------------
// Loading: one query for the annotations of all documents concerned, only the columns needed.

type DocumentRow = { id: string; slug: string; title: string; text: string; textHash: string };

type Loaded = {
  doc: DocumentRow;
  /** Each author's annotations on the document, earliest created first. */
  marks: Map<string, OrderedMarks>;
  /** Who coded this document: an annotation on it, or their reading marked done. */
  coded: Set<string>;
};

/** Sentences and code-point length per text revision: segmenting is the costly part of a request. */
const textCache = new Map<string, { sentences: Span[]; length: number }>();

function textFacts(doc: DocumentRow) {
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
const POSITIONS = 2 ** 24;

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
async function loadMarks(actor: Actor, docs: DocumentRow[]): Promise<Loaded[]> {
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
            WHERE a."documentId" = ${doc.id}::uuid AND a."deletedAt" IS NULL AND NOT a.orphan AND ${visibleToSql(actor, 'a')}
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
];

/**
 * The annotations of one document with the key fields the compare table shows. A busy document
 * holds 10,000s: the database writes them as one JSON array of arrays, which parses far faster
 * than as many rows go through the client.
 */
async function loadAnnotations(actor: Actor, doc: DocumentRow): Promise<{ loaded: Loaded; annotations: CompareAnnotation[] }> {
  const [[{ rows }], done] = await Promise.all([
    // Orphans have no reliable place in the current text, so they cannot be compared.
    prisma.$queryRaw<{ rows: string | null }[]>`
      SELECT json_agg(json_build_array(a.id, a."authorId", a.kind, a.start, a."end", (date_part('epoch', a."createdAt") * 1000)::int8,
        a."attributedTo", a.credibility, a."factStatus", a.statement, a.probability, a.confidence, a."questionId"))::text AS rows
      FROM "Annotation" a
      WHERE a."documentId" = ${doc.id}::uuid AND a."deletedAt" IS NULL AND NOT a.orphan AND ${visibleToSql(actor, 'a')}`,
    readers([doc.id]),
  ]);
  const coded = done.get(doc.id)!;
  const annotations = ((rows ? JSON.parse(rows) : []) as AnnotationTuple[]).map(
    ([id, authorId, kind, start, end, createdAt, attributedTo, credibility, status, statement, probability, confidence, questionId]) => {
      coded.add(authorId);
      const annotation: CompareAnnotation = { id, authorId, kind, start, end, createdAt };
      if (kind === 'CLAIM') annotation.fields = { attributedTo, credibility };
      if (kind === 'FACT') annotation.fields = { status };
      if (kind === 'FORECAST') annotation.fields = { statement, probability, confidence, questionId };
      return annotation;
    },
  );
  return { loaded: { doc, marks: marksByAuthor(annotations), coded }, annotations };
}

/**
 * Others' forecast probabilities stay hidden until the actor has given their own on the question
 * (issue #3): the rule lives in lib/forecasts, which masks annotation views.
 */
async function maskProbabilities(actor: Actor, annotations: CompareAnnotation[]) {
  const forecasts = annotations.filter((a) => a.kind === 'FORECAST' && a.fields?.probability != null && a.authorId !== actor.id);
  if (forecasts.length === 0) return;
  const views = forecasts.map(
    (a) => ({ id: a.id, author: { id: a.authorId }, forecast: { probability: a.fields!.probability, questionId: a.fields!.questionId ?? null } }) as unknown as AnnotationView,
  );
  const masked = await maskForecasts(actor, views);
  masked.forEach((view, i) => {
    if (view.forecast?.hidden) forecasts[i].fields = { ...forecasts[i].fields, probability: null, hidden: true };
  });
}

const documentSelect = { id: true, slug: true, title: true, text: true, textHash: true } as const;

async function findDocument(actor: Actor, slug: string): Promise<DocumentRow> {
  const doc = await prisma.document.findUnique({ where: { slug }, select: documentSelect });
  if (!doc) throw new AppError('NOT_FOUND', `No document "${slug}"`);
  if (!(await seesOthers(actor, doc.id))) throw new AppError('FORBIDDEN', BLIND_MESSAGE);
  return doc;
}

// ---------------------------------------------------------------------------------------------
// Statistics

function report(loaded: Loaded[], analysts: AnalystRef[], excluded: AgreementReport['excluded'], corpus: boolean): AgreementReport {
  const ids = analysts.map((a) => a.id);
  const labels: (Label | null)[][] = ids.map(() => []);
  const stretches: MarkedStretch[] = [];
  let offset = 0;
  const documents: AgreementReport['documents'] = [];
  for (const { doc, marks, coded } of loaded) {
    const { sentences, length } = textFacts(doc);
    documents.push({ slug: doc.slug, title: doc.title, sentences: sentences.length });
    labelRows(sentences, marks, ids, coded).forEach((row, r) => {
      for (const label of row) labels[r].push(label);
    });
    stretches.push({ offset, marks });
    offset += length;
  }
  return {
    documents,
    excluded,
    analysts,
    sentences: sentenceStats(labels, ids),
    spans: spanStatsOf(offset, stretches, ids),
    rules: corpus ? { sentences: RULES.sentences, spans: RULES.spans, corpus: RULES.corpus } : { sentences: RULES.sentences, spans: RULES.spans },
  };
}

function annotators(loaded: Loaded[]): Set<string> {
  return new Set(loaded.flatMap((l) => [...l.marks.keys()]));
}

export async function documentAgreement(actor: Actor | null, slug: string, analysts?: string | string[] | null): Promise<AgreementReport> {
  const user = requireActor(actor);
  const requested = parseAnalysts(analysts);
  const loaded = await loadMarks(user, [await findDocument(user, slug)]);
  const { chosen } = await resolveAnalysts(requested, annotators(loaded));
  return report(loaded, chosen, [], false);
}

/** Over every document the actor may compare; blind documents they have not marked done are listed as excluded. */
export async function corpusAgreement(actor: Actor | null, analysts?: string | string[] | null): Promise<AgreementReport> {
  const user = requireActor(actor);
  const requested = parseAnalysts(analysts);
  const docs = await prisma.document.findMany({
    select: { ...documentSelect, blind: true, readings: { where: { userId: user.id }, select: { userId: true } } },
    orderBy: [{ publishedAt: { sort: 'asc', nulls: 'last' } }, { title: 'asc' }],
  });
  // The same rule as seesOthers, read for all documents in the one query above.
  const open = (d: (typeof docs)[number]) => user.role === 'VIEWER' || !d.blind || d.readings.length > 0;
  const excluded = docs.filter((d) => !open(d)).map((d) => ({ slug: d.slug, title: d.title, reason: BLIND_MESSAGE }));
  const loaded = await loadMarks(user, docs.filter(open));
  const { chosen } = await resolveAnalysts(requested, annotators(loaded));
  return report(loaded, chosen, excluded, true);
}

export async function compareDocument(actor: Actor | null, slug: string, analysts?: string | string[] | null): Promise<CompareView> {
  const user = requireActor(actor);
  const requested = parseAnalysts(analysts);
  const doc = await findDocument(user, slug);
  const { loaded, annotations } = await loadAnnotations(user, doc);
  const { chosen, available } = await resolveAnalysts(requested, annotators([loaded]));
  await maskProbabilities(user, annotations);
  const index = new CodePointIndex(doc.text);
  const rows = matchRows(
    annotations,
    chosen.map((a) => a.id),
  ).map((row) => ({ ...row, text: index.slice(row.start, row.end) }));
  return {
    document: { id: doc.id, slug: doc.slug, title: doc.title },
    available,
    analysts: chosen,
    rows,
    counts: {
      rows: rows.length,
      agree: rows.filter((r) => r.status === 'agree').length,
      kindsDiffer: rows.filter((r) => r.status === 'kinds differ').length,
      partial: rows.filter((r) => r.status === 'partial').length,
    },
    agreement: report([loaded], chosen, [], false),
    rule: RULES.matching,
  };
}

export type CsvFile = { fileName: string; body: string };

/** `table`: "statistics" (one line per number, with counts) or "rows" (the side-by-side table). */
export async function agreementCsv(actor: Actor | null, slug: string | null, analysts: string | string[] | null | undefined, table: string | null): Promise<CsvFile> {
  const which = table ?? 'statistics';
  if (which !== 'statistics' && which !== 'rows') {
    throw new AppError('INVALID', 'table is "statistics" or "rows"', { fields: { table: 'Use statistics or rows' } });
  }
  if (which === 'rows') {
    if (slug === null) throw new AppError('INVALID', 'Rows exist per document', { fields: { table: 'Only per document' } });
    const view = await compareDocument(actor, slug, analysts);
    return { fileName: `compare-${slug}.csv`, body: rowsCsv(view.analysts, view.rows) };
  }
  const stats = slug === null ? await corpusAgreement(actor, analysts) : await documentAgreement(actor, slug, analysts);
  return { fileName: `agreement-${slug ?? 'corpus'}.csv`, body: statsCsv(stats) };
}
