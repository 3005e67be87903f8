// The disagreement queue (issue #10): every compare row of every document the reader may compare
// where the analysts disagree, ranked by severity, filterable, each markable discussed / settled.
import 'server-only';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { prisma } from '@/lib/db';
import { type Actor, requireActor } from '@/lib/actor';
import { AppError, invalid } from '@/lib/errors';
import { canReviewDisagreement, hiddenDocuments } from '@/lib/visibility';
import { CodePointIndex } from '@/lib/anchoring/codepoints';
import { KINDS } from '@/lib/annotations/schemas';
import type { CompareRow } from './rows';
import { describeGaps, SEVERITY_RULE, TOLERANCE_RULE } from './judgments';
import { type Ranked, ranked } from './ranking';
import { compareRows, documentScope, documentSelect, findDocument, judgedDocument, type Keyed, keyedDocument, warmUp } from './service';
import { storedResult, storeResult } from './results';
import type { DocumentRow } from './load';
import type { DisagreementPage, DisagreementRow, ReviewState } from './types';

export const PAGE_SIZE = 50;
export const REVIEW_STATES = ['open', 'discussed', 'settled'] as const;

/** A row's name: a hash of the ids of the annotations in it, so it survives edits to their fields. */
export function rowKey(annotationIds: string[]): string {
  return createHash('sha256').update([...annotationIds].sort().join(',')).digest('hex').slice(0, 32);
}

/** What a document's ranking keeps in the database for a fresh instance (lib/compare/results.ts): the queue's unfiltered first page needs no more. */
type KeptRanking = { total: number; top: { row: CompareRow; severity: number }[] };

const keyOf = (row: CompareRow) => rowKey(row.cells.flatMap((c) => (c ? [c.id] : [])));

const querySchema = z.strictObject({
  document: z.string().min(1).optional(),
  kind: z.enum(KINDS, 'kind is CLAIM, FORECAST or FACT').optional(),
  analyst: z.uuid('analyst is a user id').optional(),
  state: z.enum(REVIEW_STATES, 'state is open, discussed or settled').optional(),
  page: z.coerce.number('page is a number').int('page is a whole number').min(1, 'page starts at 1').max(100_000).optional(),
});

export type QueueQuery = { document?: string | null; kind?: string | null; analyst?: string | null; state?: string | null; page?: string | number | null };

export async function disagreementQueue(actor: Actor | null, query: QueueQuery = {}): Promise<DisagreementPage> {
  const user = requireActor(actor);
  const parsed = querySchema.safeParse(Object.fromEntries(Object.entries(query).filter(([, v]) => v !== null && v !== undefined && v !== '')));
  if (!parsed.success) throw invalid(parsed.error.issues);
  const { document, kind, analyst, state, page = 1 } = parsed.data;

  let docs: DocumentRow[];
  if (document) docs = [await findDocument(user, document)];
  else {
    const all = await prisma.document.findMany({ where: { archivedAt: null }, select: { ...documentSelect, blind: true }, orderBy: [{ publishedAt: { sort: 'asc', nulls: 'last' } }, { title: 'asc' }] });
    const hidden = await hiddenDocuments(user, all);
    docs = all.filter((d) => !hidden.has(d.id));
  }
  // The unfiltered first page (the header's link) needs only each document's first rows and count:
  // a fresh instance finds them kept in the database (lib/compare/results.ts) by the document's key.
  const firstPage = page === 1 && !kind && !analyst && !state;
  // Each document matched and ranked as soon as it is read (judgedDocument): Node ranks one while
  // the database still reads the others.
  const [rankedDocuments, reviews] = await Promise.all([
    Promise.all(
      docs.map(async (doc): Promise<{ list: Ranked[]; total: number; analysts: string[]; keyed?: Keyed }> => {
        const keyed = await keyedDocument(user, doc, firstPage, docs.length === 1);
        const scope = documentScope('queue', keyed);
        if (!keyed.annotations) {
          const analysts = [...keyed.loaded.marks.keys()].sort();
          const kept = await storedResult<KeptRanking>(scope, `${keyed.key}|${analysts.join(',')}`);
          if (kept) {
            const list = kept.top.map(({ row, severity }) => ({ row, severity, present: row.cells.filter((c) => c !== null) }));
            return { list, total: kept.total, analysts, keyed };
          }
        }
        const document = keyed.annotations ? { ...keyed, annotations: keyed.annotations } : await judgedDocument(user, doc);
        const analysts = [...document.loaded.marks.keys()].sort();
        const { list, fresh } = ranked(compareRows(document, analysts).rows);
        if (fresh) {
          const top = list.slice(0, PAGE_SIZE).map(({ row, severity }) => ({ row, severity }));
          storeResult(scope, `${document.key}|${analysts.join(',')}`, doc.id, { total: list.length, top } satisfies KeptRanking);
        }
        return { list, total: list.length, analysts };
      }),
    ),
    prisma.disagreementReview.findMany({ where: { documentId: { in: docs.map((d) => d.id) } }, select: { documentId: true, rowKey: true, state: true } }),
  ]);
  const reviewed = new Map(reviews.map((r) => [`${r.documentId}/${r.rowKey}`, r.state.toLowerCase() as ReviewState]));
  const hasReviews = new Set(reviews.map((r) => r.documentId));
  // A row's review is found by its key (a hash): rows of a document without reviews are open, so
  // only those documents' rows, and the rows shown, need their key.
  const stateOf = (d: number, item: Ranked): ReviewState =>
    hasReviews.has(docs[d].id) ? (reviewed.get(`${docs[d].id}/${(item.key ??= keyOf(item.row))}`) ?? 'open') : 'open';

  // Each document's disagreeing rows among everyone who annotated it, ranked; then the page, taken
  // from the documents' rankings merged (ties go to the earlier document), as one sort over all
  // rows would order them.
  const lists = rankedDocuments.map(({ list: all, total, analysts }, d) => {
    let list = all;
    if (firstPage) return { list, total, analysts };
    if (kind || analyst || state) {
      list = list.filter(
        (item) =>
          (!kind || item.present.some((c) => c.kind === kind)) &&
          (!analyst || item.present.some((c) => c.authorId === analyst)) &&
          (!state || stateOf(d, item) === state),
      );
    }
    return { list, total: list.length, analysts };
  });
  const total = lists.reduce((n, l) => n + l.total, 0);
  const from = (page - 1) * PAGE_SIZE;
  const shown: { doc: number; item: Ranked; analysts: string[] }[] = [];
  const next = lists.map(() => 0);
  for (let taken = 0; taken < from + PAGE_SIZE; taken++) {
    let best = -1;
    for (let d = 0; d < lists.length; d++) {
      if (next[d] < lists[d].list.length && (best < 0 || lists[d].list[next[d]].severity > lists[best].list[next[best]].severity)) best = d;
    }
    if (best < 0) break;
    const item = lists[best].list[next[best]++];
    if (taken >= from) shown.push({ doc: best, item, analysts: lists[best].analysts });
  }
  const names = new Map(
    (await prisma.user.findMany({ where: { id: { in: [...new Set(shown.flatMap((c) => c.analysts))] } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]),
  );
  const indexes = new Map<number, CodePointIndex>();
  const rows: DisagreementRow[] = shown.map(({ doc: d, item, analysts }) => {
    const c = { doc: d, row: item.row, analysts, severity: item.severity, key: (item.key ??= keyOf(item.row)), state: stateOf(d, item) };
    const doc = docs[c.doc];
    let index = indexes.get(c.doc);
    if (!index) indexes.set(c.doc, (index = new CodePointIndex(doc.text)));
    const cells = c.row.cells.flatMap((cell) => (cell ? [{ ...cell, analyst: { id: cell.authorId, name: names.get(cell.authorId) ?? '' } }] : []));
    return {
      document: { slug: doc.slug, title: doc.title },
      key: c.key,
      start: c.row.start,
      end: c.row.end,
      text: index.slice(c.row.start, c.row.end),
      status: c.row.status,
      severity: Math.round(c.severity * 1000) / 1000,
      gaps: c.row.gaps,
      gapText: describeGaps(c.row.gaps),
      cells,
      missing: c.analysts.filter((id, i) => c.row.cells[i] === null).map((id) => ({ id, name: names.get(id) ?? '' })),
      state: c.state,
      href: `/documents/${encodeURIComponent(doc.slug)}#annotation-${cells[0].id}`,
    };
  });
  // Documents answered from kept results are read in the background, so the next pages, filters and changes find them held.
  warmUp(user, rankedDocuments.flatMap((r) => (r.keyed ? [r.keyed] : [])));
  return { rows, total, page, pageSize: PAGE_SIZE, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), rule: SEVERITY_RULE, tolerance: TOLERANCE_RULE };
}

const reviewSchema = z.strictObject({
  document: z.string('document is a slug').min(1, 'document is a slug'),
  key: z.string('key names the row').regex(/^[0-9a-f]{32}$/, 'key is the row key the queue gives'),
  state: z.enum(REVIEW_STATES, 'state is open, discussed or settled'),
});

/** Who may mark rows, checked by the door before it reads a body and again by the service. */
export function requireReviewer(actor: Actor | null): Actor {
  const user = requireActor(actor);
  if (!canReviewDisagreement(user)) throw new AppError('FORBIDDEN', 'Viewers cannot mark disagreements');
  return user;
}

/** Marks a row discussed or settled (or open again). */
export async function reviewDisagreement(actor: Actor | null, input: unknown): Promise<{ key: string; state: ReviewState }> {
  const user = requireReviewer(actor);
  const parsed = reviewSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues);
  const { document: slug, key, state } = parsed.data;
  // As the compare page opens it: blind and not done is 403; none (or archived, to all but admins) is the body's field.
  const doc = await findDocument(user, slug).catch((error: unknown) => {
    throw error instanceof AppError && error.code === 'NOT_FOUND' ? new AppError('INVALID', `No document "${slug}"`, { fields: { document: 'Unknown document' } }) : error;
  });
  // The key must name a row of the document as the queue matches it (everyone who annotated it):
  // a key that names none would be stored for nothing.
  const judged = await judgedDocument(user, doc);
  if (!compareRows(judged, [...judged.loaded.marks.keys()].sort()).rows.some((row) => keyOf(row) === key)) {
    throw new AppError('INVALID', `No row with key ${key} on "${slug}"`, { fields: { key: 'No row with this key on this document' } });
  }
  if (state === 'open') await prisma.disagreementReview.deleteMany({ where: { documentId: doc.id, rowKey: key } });
  else {
    const value = state === 'discussed' ? 'DISCUSSED' : 'SETTLED';
    await prisma.disagreementReview.upsert({
      where: { documentId_rowKey: { documentId: doc.id, rowKey: key } },
      create: { documentId: doc.id, rowKey: key, state: value, updatedById: user.id },
      update: { state: value, updatedById: user.id, updatedAt: new Date() },
    });
  }
  return { key, state };
}
