// Comparing analysts (issue #3): the side-by-side rows of one document and the agreement
// statistics of a document or of the whole corpus, for a chosen set of analysts.
import 'server-only';
import { z } from 'zod';
import { prisma } from '@/lib/db';
import { type Actor, requireActor } from '@/lib/actor';
import { AppError } from '@/lib/errors';
import { hiddenDocuments, openDocument, seesOthers } from '@/lib/visibility';
import { CodePointIndex } from '@/lib/anchoring/codepoints';
import { labelRows } from './sentences';
import { MATCH_RULE, matchRows, rematchRows, rowsById, type CompareRow } from './rows';
import { changedFields, type FieldUnits, JUDGMENT_FIELDS, type JudgmentField, judgmentStatsOf, type JudgmentStats, unitsByField } from './judgmentStats';
import { TOLERANCE_RULE } from './judgments';
import { type MarkedStretch, sentenceStats, spanStatsOf } from './stats';
import { rowsCsv, statsCsv } from './csv';
import {
  type DocumentRow,
  holdsAnnotations,
  judgedKey,
  type Loaded,
  loadAnnotations,
  loadKeys,
  loadMarks,
  maskProbabilities,
  onClearCompareCaches,
  remember,
  textFacts,
} from './load';
import { scopeOf, storedResult, storeResult } from './results';
import type { AgreementReport, AnalystRef, CompareAnnotation, CompareView, Label } from './types';

export const BLIND_MESSAGE = 'Mark your reading done to compare: this document is blind, and others’ annotations stay hidden until you have.';

export const RULES = {
  sentences:
    'Units are the sentences of the canonical text (Intl.Segmenter, whitespace-only segments skipped). An analyst’s label for a sentence is the kind of their annotation covering the most of its characters (a tie goes to the earliest created), or "none". An analyst with no annotation on a document who has not marked it done did not code it: their labels there are missing and those sentences are dropped where a statistic needs every rater.',
  spans:
    'Krippendorff’s unitizing α on character (code point) spans, over all kinds and per kind; one analyst’s overlapping spans of one kind are merged first. Over the corpus the documents are concatenated into one continuum.',
  corpus: 'Over the corpus, the sentences of all documents are pooled as units.',
  matching: MATCH_RULE,
} as const;

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

export const documentSelect = { id: true, slug: true, title: true, text: true, textHash: true } as const;

export async function findDocument(actor: Actor, slug: string): Promise<DocumentRow> {
  const doc = await openDocument(actor, slug, documentSelect);
  if (!(await seesOthers(actor, doc.id))) throw new AppError('FORBIDDEN', BLIND_MESSAGE);
  return doc;
}

// ---------------------------------------------------------------------------------------------
// Statistics

function report(
  loaded: Loaded[],
  analysts: AnalystRef[],
  excluded: AgreementReport['excluded'],
  corpus: boolean,
  judgments?: JudgmentStats,
): AgreementReport {
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
    ...(judgments ? { judgments } : {}),
  };
}

/**
 * The report with the judgment statistics `judging` gives. The kind statistics are computed while
 * those are still being read (a fresh instance reads a document whole: 100 ms of the database)
 * rather than after; the pause first lets the reads just started reach the database.
 */
async function reportWith(
  loaded: Loaded[],
  analysts: AnalystRef[],
  excluded: AgreementReport['excluded'],
  corpus: boolean,
  judging: Started<JudgmentStats>,
): Promise<AgreementReport> {
  await new Promise((resolve) => setImmediate(resolve));
  const kinds = report(loaded, analysts, excluded, corpus);
  return { ...kinds, judgments: await judging.result };
}

/**
 * Each document's annotations with their key fields, others' hidden probabilities masked, matched
 * into rows for `analysts`: what the judgment statistics and the disagreement queue work on.
 */
export function judgedDocuments(user: Actor, docs: DocumentRow[]): Promise<Judged[]> {
  return Promise.all(docs.map((doc) => judgedDocument(user, doc)));
}

/**
 * One document of judgedDocuments: each document is read, parsed and masked as soon as its own
 * read is back, so Node works on one while the database still reads the others.
 */
export async function judgedDocument(user: Actor, doc: DocumentRow): Promise<Judged> {
  const d = await loadAnnotations(user, doc);
  const [masked] = await maskProbabilities(user, [d.annotations]);
  return { loaded: d.loaded, annotations: masked.annotations, key: judgedKey(d.key, masked.masked), masked: masked.masked };
}

/**
 * A document's annotations as judged for one reader; `key` names exactly them (content and
 * masking), `masked` which probabilities were masked.
 */
export type Judged = { loaded: Loaded; annotations: readonly CompareAnnotation[]; key: string; masked: string };

/** A document named as judgedDocument would name it, its annotations read only if this instance holds them (see keyedDocument). */
export type Keyed = Omit<Judged, 'annotations'> & { annotations?: readonly CompareAnnotation[] };

/**
 * A document judged when this instance holds its annotations (a cheap look for changes) or no kept
 * result can serve the request (`kept` false: chosen analysts, a filtered queue), else only named
 * (loadKeys: its marks and key from one pass that prints positions only), so that results kept in
 * the database (lib/compare/results.ts) can answer without reading and matching its annotations:
 * what a fresh instance does on its first requests. `alone`: the request's only document (see
 * loadKeys).
 */
export async function keyedDocument(user: Actor, doc: DocumentRow, kept: boolean, alone: boolean): Promise<Keyed> {
  return kept && !holdsAnnotations(user, doc) ? loadKeys(user, doc, alone) : judgedDocument(user, doc);
}

/** A document's scope of kept results of a kind, per masking (lib/compare/results.ts). */
const maskedName = (d: Pick<Keyed, 'loaded' | 'masked'>) => `${d.loaded.doc.id}:${d.masked}`;
export const documentScope = (kind: string, d: Pick<Keyed, 'loaded' | 'masked'>) => scopeOf(kind, [maskedName(d)]);

/** `doc` judged: as it is when its annotations were read, else read now (or by the warm-up already reading it). */
const judgedOf = (user: Actor, doc: Keyed): Promise<Judged> | Judged =>
  doc.annotations ? (doc as Judged) : (warming.get(`${doc.loaded.doc.id}|${user.id}`) ?? judgedDocument(user, doc.loaded.doc));

/** Documents being read in the background after an answer from kept results (warmUp), by document and reader. */
const warming = new Map<string, Promise<Judged>>();

/**
 * After answering from results kept in the database, reads the documents this instance does not
 * hold yet, in the background: from then on it holds them as any instance that computed does, so
 * a change is patched and rematched (the "after one change" path) instead of answered by reading
 * everything again. Once per document and reader; a failure (a document deleted meanwhile) only
 * leaves it unread.
 */
export function warmUp(user: Actor, documents: Keyed[]) {
  for (const doc of documents) {
    const name = `${doc.loaded.doc.id}|${user.id}`;
    // (Held already when a kept result could not answer and it was read to compute one.)
    if (doc.annotations || warming.has(name) || holdsAnnotations(user, doc.loaded.doc)) continue;
    const reading = judgedDocument(user, doc.loaded.doc);
    warming.set(name, reading);
    reading.then(
      () => warming.delete(name),
      () => warming.delete(name),
    );
  }
}

/** Once every background read (warmUp) is done (tests; the bench). */
export async function warmUpsSettled() {
  while (warming.size > 0) await Promise.allSettled(warming.values());
}

/**
 * Compare rows and their judgment statistics by the annotations' key and the analysts (in column
 * order): matching is the costly step of a request, and the same rows serve the agreement
 * statistics, the compare page and the queue until an annotation changes (and the key with it).
 * Shared between requests: never change them.
 */
const rowCache = new Map<string, RowEntry>();
type RowEntry = {
  rows: CompareRow[];
  annotations: readonly CompareAnnotation[];
  judgments?: JudgmentStats;
  /** Rows rematched after an edit: the last rows' judgment statistics, and the fields the edit touched (the others are kept). */
  edited?: { stats: JudgmentStats; changed: Set<JudgmentField> };
  /** Rows rematched after an edit: the rowCache key of the rows before it, and the fields it touched (for the corpus statistics). */
  editedFrom?: { key: string; changed: Set<JudgmentField> };
  /** The row of each annotation, by id: made at the first edit (rowsById), kept while edits leave the rows grouped as they are. */
  rowOf?: Map<string, number>;
  /** Each judgment field's units over these rows, as made (unitsOf): the corpus statistics pool them. */
  units?: Partial<Record<JudgmentField, FieldUnits>>;
};

/** The entry's units of each field, those of `fields` not held yet made in one pass over its rows. */
function unitsOf(entry: RowEntry, fields: readonly JudgmentField[]): (field: JudgmentField) => FieldUnits {
  const missing = fields.filter((field) => !entry.units?.[field]);
  if (missing.length > 0) Object.assign((entry.units ??= {}), unitsByField(entry.rows, new Set(missing)));
  return (field) => entry.units![field] ?? unitsOf(entry, [field])(field);
}

/** The last rowCache key of each document and analysts: what a changed document's rows are rebuilt from. */
const lastRows = new Map<string, string>();
const corpusJudgmentCache = new Map<string, JudgmentStats>();
onClearCompareCaches(() => {
  rowCache.clear();
  lastRows.clear();
  corpusJudgmentCache.clear();
  lastCorpus.clear();
});

export function compareRows(judged: Judged, analysts: string[]): RowEntry {
  const columns = analysts.join(',');
  const key = `${judged.key}|${columns}`;
  const document = `${judged.loaded.doc.id}|${columns}`;
  let entry = rowCache.get(key);
  if (!entry) {
    // After an edit of fields or kinds only (the common change), the last rows regrouped as they
    // were, with the edited annotations in them (rematchRows); else matched afresh.
    const lastKey = lastRows.get(document) ?? '';
    const last = rowCache.get(lastKey);
    const rematched = last && rematchRows(last.annotations, last.rows, judged.annotations, () => (last.rowOf ??= rowsById(last.rows)));
    if (rematched) {
      // rematchRows holds the annotations aligned one for one: the edited ones are those replaced.
      const changed = new Set<JudgmentField>();
      for (let i = 0; i < judged.annotations.length; i++) {
        if (judged.annotations[i] !== last.annotations[i]) changedFields(last.annotations[i], judged.annotations[i], changed);
      }
      // The same rows, grouped as before: the same row of each annotation, and the same units of
      // the fields the edit did not touch.
      entry = { rows: rematched, annotations: judged.annotations, rowOf: last.rowOf, editedFrom: { key: lastKey, changed }, units: {} };
      for (const field of JUDGMENT_FIELDS) if (!changed.has(field) && last.units?.[field]) entry.units![field] = last.units[field];
      if (last.judgments) entry.edited = { stats: last.judgments, changed };
    } else entry = { rows: matchRows(judged.annotations, analysts), annotations: judged.annotations };
  }
  remember(lastRows, document, key, 48);
  return remember(rowCache, key, entry, 24);
}

/**
 * The judgment statistics of a document's rows. After an edit, only the fields it touched are
 * computed again (judgmentStatsOf's `reuse`), when the rows before it had theirs. `fresh` when
 * computed now.
 */
function documentJudgments(judged: Judged, analysts: string[]): { stats: JudgmentStats; fresh: boolean } {
  const entry = compareRows(judged, analysts);
  if (entry.judgments) return { stats: entry.judgments, fresh: false };
  entry.judgments = judgmentStatsOf(unitsOf(entry, entry.edited ? [...entry.edited.changed] : JUDGMENT_FIELDS), analysts, entry.edited);
  entry.edited = undefined;
  return { stats: entry.judgments, fresh: true };
}

/**
 * Statistics still being computed, wrapped so that awaiting the lookup that started them does not
 * wait for them too: the caller works on the kind statistics while the database reads.
 */
type Started<T> = { result: Promise<T> };

/** `result` as Started: a failure is the caller's when it awaits it, not an unhandled rejection meanwhile. */
function started<T>(result: Promise<T>): Started<T> {
  result.catch(() => {});
  return { result };
}

/**
 * documentJudgments, for a document perhaps only keyed: held in memory, else kept in the database
 * (`keep`: the default analysts, the only ones kept), else computed (and kept). Resolves once they
 * are found or the read they need has begun.
 */
async function keptDocumentJudgments(user: Actor, doc: Keyed, analysts: string[], keep: boolean): Promise<Started<JudgmentStats>> {
  const columns = analysts.join(',');
  const held = rowCache.get(`${doc.key}|${columns}`)?.judgments;
  if (held) return started(Promise.resolve(held));
  const scope = documentScope('agreement', doc);
  if (keep && !doc.annotations) {
    const stored = await storedResult<JudgmentStats>(scope, `${doc.key}|${columns}`);
    if (stored) return started(Promise.resolve(stored));
  }
  const result = Promise.resolve(judgedOf(user, doc)).then((judged) => {
    const { stats, fresh } = documentJudgments(judged, analysts);
    if (keep && fresh) storeResult(scope, `${judged.key}|${columns}`, judged.loaded.doc.id, stats);
    return stats;
  });
  return started(result);
}

/** The last corpus statistics per analysts (in column order), with the rowCache key of each document's rows they were made from. */
const lastCorpus = new Map<string, { keys: string[]; stats: JudgmentStats }>();

/**
 * The judgment statistics over every document's rows pooled: held in memory, else kept in the
 * database (`keep`: the default analysts, the only ones kept) when some document is only keyed,
 * else computed (and kept). Computed on a fresh instance, each document's units come from the
 * database too where kept (documentUnits), so after one document changed only that one is read
 * and matched.
 */
async function keptCorpusJudgments(user: Actor, documents: Keyed[], analysts: string[], keep: boolean): Promise<Started<JudgmentStats>> {
  const columns = analysts.join(',');
  const key = documents.map((d) => `${d.key}|${columns}`).join('+');
  const scope = scopeOf('corpus', documents.map(maskedName));
  if (keep && documents.some((d) => !d.annotations)) {
    // Held, though some documents are not (this instance found them kept): no need to read them.
    const held = corpusJudgmentCache.get(key);
    if (held) return started(Promise.resolve(held));
    // A fresh instance: kept in the database by an instance that computed it.
    const stored = await storedResult<JudgmentStats>(scope, key);
    if (stored) return started(Promise.resolve(remember(corpusJudgmentCache, key, stored, 8)));
    const perDocument = await Promise.all(documents.map((d) => documentUnits(user, d, analysts)));
    const result = Promise.all(perDocument.map((u) => u.result)).then((units) => {
      const stats = judgmentStatsOf(pooled(units), analysts);
      storeResult(scope, key, null, stats);
      return remember(corpusJudgmentCache, key, stats, 8);
    });
    return started(result);
  }
  const result = Promise.all(documents.map((d) => judgedOf(user, d))).then((judged) => {
    const { stats, fresh, keys } = corpusJudgments(judged, analysts);
    if (keep && fresh) {
      storeResult(scope, keys.join('+'), null, stats);
      for (const d of judged) keepUnits(d, analysts, unitsOf(compareRows(d, analysts), JUDGMENT_FIELDS));
    }
    return stats;
  });
  return started(result);
}

/** Each field's units of the documents pooled, in document order (as their rows pooled would give them). */
function pooled(perDocument: ((field: JudgmentField) => FieldUnits)[]): (field: JudgmentField) => FieldUnits {
  return (field) => {
    const units = perDocument.map((u) => u(field));
    return { units: units.flatMap((u) => u.units), hidden: units.reduce((n, u) => n + u.hidden, 0) };
  };
}

type KeptUnits = Record<JudgmentField, FieldUnits>;

/** The unit scopes and keys this instance has kept (keepUnits writes each once). */
const keptUnitKeys = new Map<string, true>();
onClearCompareCaches(() => keptUnitKeys.clear());

/** A document's units for the corpus statistics, kept in the database for fresh instances (once per key by this instance). */
function keepUnits(judged: Judged, analysts: string[], units: (field: JudgmentField) => FieldUnits) {
  const scope = documentScope('units', judged);
  const key = `${judged.key}|${analysts.join(',')}`;
  if (keptUnitKeys.has(`${scope} ${key}`)) return;
  storeResult(scope, key, judged.loaded.doc.id, Object.fromEntries(JUDGMENT_FIELDS.map((field) => [field, units(field)])) as KeptUnits);
  remember(keptUnitKeys, `${scope} ${key}`, true, 64);
}

/**
 * A document's units for the corpus statistics of `analysts`: held, else kept in the database, else
 * read, matched (and kept). Resolves once they are found or the read they need has begun.
 */
async function documentUnits(user: Actor, doc: Keyed, analysts: string[]): Promise<Started<(field: JudgmentField) => FieldUnits>> {
  if (!doc.annotations) {
    const kept = await storedResult<KeptUnits>(documentScope('units', doc), `${doc.key}|${analysts.join(',')}`);
    if (kept) return started(Promise.resolve((field: JudgmentField) => kept[field]));
  }
  const result = Promise.resolve(judgedOf(user, doc)).then((judged) => {
    const units = unitsOf(compareRows(judged, analysts), JUDGMENT_FIELDS);
    keepUnits(judged, analysts, units);
    return units;
  });
  return started(result);
}

/**
 * The judgment statistics over every document's rows pooled. When the documents are those of the
 * last corpus statistics for these analysts and each that changed since was only edited (its rows
 * rematched from the very rows used then), only the fields the edits touched are computed again.
 */
function corpusJudgments(judged: Judged[], analysts: string[]): { stats: JudgmentStats; fresh: boolean; keys: string[] } {
  const columns = analysts.join(',');
  const keys = judged.map((d) => `${d.key}|${columns}`);
  const key = keys.join('+');
  let held = corpusJudgmentCache.get(key);
  const fresh = !held;
  if (!held) {
    const entries = judged.map((d) => compareRows(d, analysts));
    const last = lastCorpus.get(columns);
    let changed: Set<JudgmentField> | null = last && last.keys.length === keys.length ? new Set() : null;
    for (let i = 0; i < keys.length && changed; i++) {
      if (keys[i] === last!.keys[i]) continue;
      const edit = entries[i].editedFrom;
      if (edit?.key === last!.keys[i]) for (const field of edit.changed) changed.add(field);
      else changed = null;
    }
    // Each document's units, held with its rows, pooled.
    const perDocument = entries.map((e) => unitsOf(e, changed ? [...changed] : JUDGMENT_FIELDS));
    held = judgmentStatsOf(pooled(perDocument), analysts, changed ? { stats: last!.stats, changed } : undefined);
  }
  remember(lastCorpus, columns, { keys, stats: held }, 8);
  return { stats: remember(corpusJudgmentCache, key, held, 8), fresh, keys };
}

/** Options for the statistics; `judgments: false` gives the kind-only report (the benchmark's baseline). */
export type AgreementOptions = { judgments?: boolean };

function annotators(loaded: Loaded[]): Set<string> {
  return new Set(loaded.flatMap((l) => [...l.marks.keys()]));
}

export async function documentAgreement(
  actor: Actor | null,
  slug: string,
  analysts?: string | string[] | null,
  options: AgreementOptions = {},
): Promise<AgreementReport> {
  const user = requireActor(actor);
  const requested = parseAnalysts(analysts);
  const doc = await findDocument(user, slug);
  if (options.judgments === false) {
    const loaded = await loadMarks(user, [doc]);
    const { chosen } = await resolveAnalysts(requested, annotators(loaded));
    return report(loaded, chosen, [], false);
  }
  const keyed = await keyedDocument(user, doc, requested === undefined, true);
  const { chosen } = await resolveAnalysts(requested, annotators([keyed.loaded]));
  const judging = await keptDocumentJudgments(
    user,
    keyed,
    chosen.map((a) => a.id),
    requested === undefined,
  );
  const answer = await reportWith([keyed.loaded], chosen, [], false, judging);
  warmUp(user, [keyed]);
  return answer;
}

/** Over every document the actor may compare; blind documents they have not marked done are listed as excluded. */
export async function corpusAgreement(actor: Actor | null, analysts?: string | string[] | null, options: AgreementOptions = {}): Promise<AgreementReport> {
  const user = requireActor(actor);
  const requested = parseAnalysts(analysts);
  // The library's documents: an archived one is out of the corpus for everyone.
  const docs = await prisma.document.findMany({
    where: { archivedAt: null },
    select: { ...documentSelect, blind: true },
    orderBy: [{ publishedAt: { sort: 'asc', nulls: 'last' } }, { title: 'asc' }],
  });
  const hidden = await hiddenDocuments(user, docs);
  const excluded = docs.filter((d) => hidden.has(d.id)).map((d) => ({ slug: d.slug, title: d.title, reason: BLIND_MESSAGE }));
  const shown = docs.filter((d) => !hidden.has(d.id));
  if (options.judgments === false) {
    const loaded = await loadMarks(user, shown);
    const { chosen } = await resolveAnalysts(requested, annotators(loaded));
    return report(loaded, chosen, excluded, true);
  }
  const keyed = await Promise.all(shown.map((doc) => keyedDocument(user, doc, requested === undefined, shown.length === 1)));
  const loaded = keyed.map((d) => d.loaded);
  const { chosen } = await resolveAnalysts(requested, annotators(loaded));
  const judging = await keptCorpusJudgments(
    user,
    keyed,
    chosen.map((a) => a.id),
    requested === undefined,
  );
  const answer = await reportWith(loaded, chosen, excluded, true, judging);
  warmUp(user, keyed);
  return answer;
}

export async function compareDocument(actor: Actor | null, slug: string, analysts?: string | string[] | null): Promise<CompareView> {
  const user = requireActor(actor);
  const requested = parseAnalysts(analysts);
  const doc = await findDocument(user, slug);
  const [judged] = await judgedDocuments(user, [doc]);
  const { loaded } = judged;
  const { chosen, available } = await resolveAnalysts(requested, annotators([loaded]));
  const index = new CodePointIndex(doc.text);
  const ids = chosen.map((a) => a.id);
  const rows = compareRows(judged, ids).rows.map((row) => ({ ...row, text: index.slice(row.start, row.end) }));
  return {
    document: { id: doc.id, slug: doc.slug, title: doc.title },
    available,
    analysts: chosen,
    rows,
    counts: {
      rows: rows.length,
      agree: rows.filter((r) => r.status === 'agree').length,
      judgmentsDiffer: rows.filter((r) => r.status === 'judgments differ').length,
      kindsDiffer: rows.filter((r) => r.status === 'kinds differ').length,
      partial: rows.filter((r) => r.status === 'partial').length,
    },
    agreement: report([loaded], chosen, [], false, await (await keptDocumentJudgments(user, judged, ids, requested === undefined)).result),
    rule: RULES.matching,
    tolerance: TOLERANCE_RULE,
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
