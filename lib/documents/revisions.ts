// Writing a document's text: its first revision, every later one, the passages search reads, and
// the re-anchoring of its annotations (lib/anchoring/reanchor.ts, the mechanism the corpus has
// always used: position, exact quote, fuzzy quote, else orphan). Used inside the caller's
// transaction by the documents service (lib/documents/add.ts) and the corpus loader (./load.ts),
// so a document never exists without its first revision and passages, and a revision never
// without its annotations placed and their history written.
import 'server-only';
import type { JSONContent } from '@tiptap/core';
import type { Prisma } from '@/lib/generated/prisma/client';
import { BLOCK_SEPARATOR } from '@/lib/corpus/canonical';
import { cpLength, CodePointIndex } from '@/lib/anchoring/codepoints';
import { describeRange } from '@/lib/anchoring/selectors';
import { reanchor } from '@/lib/anchoring/reanchor';
import { type AnnotationRow, toView, withRelations } from '@/lib/annotations/records';
import type { ReanchorCounts } from './schemas';

type Tx = Prisma.TransactionClient;

/** The longest passage search indexes as one; longer blocks are cut at a space. */
export const PASSAGE_MAX = 2000;

export type Passage = { position: number; start: number; end: number; text: string };

/** The canonical text's blocks as passages with their code-point ranges, long blocks cut. */
export function passagesOf(text: string): Passage[] {
  const passages: Passage[] = [];
  let offset = 0;
  for (const block of text.split(BLOCK_SEPARATOR)) {
    let rest = block;
    let at = offset;
    while (rest.length) {
      let cut = rest.length;
      if (cut > PASSAGE_MAX) {
        const space = rest.lastIndexOf(' ', PASSAGE_MAX);
        cut = space > PASSAGE_MAX / 2 ? space + 1 : PASSAGE_MAX;
        // Never between the halves of a surrogate pair.
        if (/[\ud800-\udbff]/.test(rest[cut - 1])) cut++;
      }
      const piece = rest.slice(0, cut);
      const length = cpLength(piece);
      if (piece.trim()) passages.push({ position: passages.length, start: at, end: at + length, text: piece });
      at += length;
      rest = rest.slice(cut);
    }
    offset += cpLength(block) + BLOCK_SEPARATOR.length;
  }
  return passages;
}

/** Replaces the document's passages with those of `text`: one statement. */
export async function writePassages(tx: Tx, documentId: string, text: string) {
  await tx.$executeRaw`DELETE FROM "DocumentPassage" WHERE "documentId" = ${documentId}::uuid`;
  const passages = passagesOf(text);
  const batch = 5000;
  for (let i = 0; i < passages.length; i += batch) {
    const part = passages.slice(i, i + batch);
    await tx.$executeRaw`
      INSERT INTO "DocumentPassage" ("documentId", "position", "start", "end", "text")
      SELECT ${documentId}::uuid, p, s, e, t
      FROM unnest(${part.map((p) => p.position)}::int[], ${part.map((p) => p.start)}::int[], ${part.map((p) => p.end)}::int[], ${part.map((p) => p.text)}::text[]) AS x(p, s, e, t)`;
  }
}

/** One revision's text and what came with it. */
export type RevisionData = {
  title: string;
  byline: string | null;
  publishedAt: Date | null;
  format: string;
  sourceFile: string | null;
  sourceUrl: string | null;
  content: JSONContent;
  text: string;
  textHash: string;
};

/** A new document with its first revision and its passages. */
export async function createDocument(tx: Tx, slug: string, data: RevisionData, createdById: string | null) {
  const document = await tx.document.create({
    data: {
      slug,
      title: data.title,
      byline: data.byline,
      publishedAt: data.publishedAt,
      sourceFile: data.sourceFile ?? '',
      format: data.format,
      sourceUrl: data.sourceUrl,
      content: data.content as Prisma.InputJsonValue,
      text: data.text,
      textHash: data.textHash,
      createdById,
      revision: 1,
    },
  });
  await tx.documentRevision.create({ data: { documentId: document.id, revision: 1, ...revisionColumns(data), createdById } });
  await writePassages(tx, document.id, data.text);
  return document;
}

const revisionColumns = (data: RevisionData) => ({
  title: data.title,
  byline: data.byline,
  publishedAt: data.publishedAt,
  format: data.format,
  sourceFile: data.sourceFile,
  sourceUrl: data.sourceUrl,
  content: data.content as Prisma.InputJsonValue,
  text: data.text,
  textHash: data.textHash,
});

type Method = 'unchanged' | 'moved' | 'fuzzy' | 'orphaned';

/** Where each live annotation of the document goes in `text`: the plan a dry run reports and a revision carries out. */
export async function planReanchoring(tx: Tx, documentId: string, text: string, textHash: string) {
  const rows = await tx.annotation.findMany({ where: { documentId, deletedAt: null }, include: withRelations, orderBy: [{ start: 'asc' }, { id: 'asc' }] });
  const index = new CodePointIndex(text);
  const counts: ReanchorCounts = { unchanged: 0, moved: 0, fuzzy: 0, orphaned: 0 };
  const plan = rows.map((row) => {
    const placed = row.textHash === textHash && !row.orphan ? { start: row.start, end: row.end, method: 'position' as const } : reanchor(text, row);
    const method: Method = !placed ? 'orphaned' : placed.method === 'position' ? 'unchanged' : placed.method === 'exact' ? 'moved' : 'fuzzy';
    counts[method]++;
    return { row, method, selector: placed ? describeRange(index, placed.start, placed.end) : null };
  });
  return { counts, plan, orphans: plan.filter((p) => p.method === 'orphaned').map((p) => ({ id: p.row.id, exact: p.row.exact })) };
}

/**
 * Replaces the document's text with a new revision: the document row, a kept revision (with the
 * re-anchoring report), the passages, every annotation placed in the new text, and for each one
 * moved, placed by fuzzy match or newly orphaned, a history event by Assay itself (no actor) whose
 * snapshot says which revision and how. Orphans keep their selectors and the hash of the text they
 * were placed in, so they still name their revision, and a later revision may place them again.
 * The caller holds the transaction and has locked the document row.
 */
export async function writeRevision(
  tx: Tx,
  document: { id: string; revision: number },
  data: RevisionData,
  createdById: string | null,
): Promise<{ revision: number; counts: ReanchorCounts; orphans: { id: string; exact: string }[] }> {
  const revision = document.revision + 1;
  const { counts, plan, orphans } = await planReanchoring(tx, document.id, data.text, data.textHash);
  await tx.document.update({
    where: { id: document.id },
    data: { ...revisionColumns(data), sourceFile: data.sourceFile ?? '', revision },
  });
  await tx.documentRevision.create({
    data: { documentId: document.id, revision, ...revisionColumns(data), createdById, reanchored: counts as unknown as Prisma.InputJsonValue },
  });
  await writePassages(tx, document.id, data.text);

  const now = new Date();
  const updates: { row: AnnotationRow; next: AnnotationRow; event: boolean; method: Method }[] = [];
  for (const { row, method, selector } of plan) {
    if (method === 'orphaned') {
      // Already an orphan: nothing new to tell.
      if (!row.orphan) updates.push({ row, next: { ...row, orphan: true, version: row.version + 1, updatedAt: now }, event: true, method });
      continue;
    }
    const moved = method !== 'unchanged' || row.orphan;
    const next = { ...row, ...selector!, textHash: data.textHash, orphan: false, ...(moved ? { version: row.version + 1, updatedAt: now } : {}) };
    updates.push({ row, next, event: moved, method });
  }
  const batch = 2000;
  for (let i = 0; i < updates.length; i += batch) {
    const part = updates.slice(i, i + batch).map((u) => u.next);
    await tx.$executeRaw`
      UPDATE "Annotation" a SET start = x.s, "end" = x.e, exact = x.ex, prefix = x.pre, suffix = x.suf, "textHash" = x.h,
        orphan = x.o, version = x.v, "updatedAt" = x.u
      FROM unnest(${part.map((n) => n.id)}::uuid[], ${part.map((n) => n.start)}::int[], ${part.map((n) => n.end)}::int[],
        ${part.map((n) => n.exact)}::text[], ${part.map((n) => n.prefix)}::text[], ${part.map((n) => n.suffix)}::text[],
        ${part.map((n) => n.textHash)}::text[], ${part.map((n) => n.orphan)}::boolean[], ${part.map((n) => n.version)}::int[],
        ${part.map((n) => n.updatedAt)}::timestamptz[]) AS x(id, s, e, ex, pre, suf, h, o, v, u)
      WHERE a.id = x.id`;
  }
  const events = updates
    .filter((u) => u.event)
    .map((u) => ({
      annotationId: u.row.id,
      actorId: null,
      type: 'UPDATED' as const,
      version: u.next.version,
      snapshot: { ...toView(u.next), reanchored: { revision, method: u.method, from: { start: u.row.start, end: u.row.end } } } as Prisma.InputJsonValue,
    }));
  for (let i = 0; i < events.length; i += batch) await tx.annotationEvent.createMany({ data: events.slice(i, i + batch) });

  // Forecast questions keep the range of their first passage, so later overlapping forecasts join them.
  const questions = await tx.forecastQuestion.findMany({ where: { documentId: document.id }, select: { id: true, start: true, end: true, exact: true } });
  for (const q of questions) {
    const placed = reanchor(data.text, { ...q, prefix: '', suffix: '' });
    if (placed && (placed.start !== q.start || placed.end !== q.end)) {
      await tx.forecastQuestion.update({ where: { id: q.id }, data: { start: placed.start, end: placed.end, exact: new CodePointIndex(data.text).slice(placed.start, placed.end) } });
    }
  }
  return { revision, counts, orphans };
}
