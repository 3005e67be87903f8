// Sentence-level coding (issue #3): the canonical text cut into sentences, and each analyst's label
// for each sentence. Framework-free and Prisma-free.
import { CodePointIndex } from '@/lib/anchoring/codepoints';
import type { Kind } from '@/lib/annotations/schemas';
import type { CompareAnnotation, Label, Span } from './types';

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/**
 * The sentences of `text` as code-point ranges, trimmed of surrounding whitespace; whitespace-only
 * segments (the blank line between blocks comes out as its own segment) are skipped.
 */
export function sentenceRanges(text: string): Span[] {
  const index = new CodePointIndex(text);
  const spans: Span[] = [];
  for (const { segment, index: at } of segmenter.segment(text)) {
    const lead = segment.length - segment.trimStart().length;
    const body = segment.trim();
    if (body === '') continue;
    spans.push({ start: index.toCp(at + lead), end: index.toCp(at + lead + body.length) });
  }
  return spans;
}

/** One analyst's annotations on a text as parallel arrays, earliest created first (ties settle so). */
export type OrderedMarks = { start: ArrayLike<number>; end: ArrayLike<number>; kind: readonly Kind[] };

/**
 * One coding analyst's label for each sentence: the kind of the annotation covering the most code
 * points of it, the earliest of `marks` on a tie, "none" when nothing overlaps.
 */
function labelSentences(sentences: Span[], marks: OrderedMarks): Label[] {
  const labels = new Array<Label>(sentences.length).fill('none');
  const best = new Int32Array(sentences.length);
  for (let m = 0; m < marks.kind.length; m++) {
    const start = marks.start[m];
    const end = marks.end[m];
    // Sentences are sorted and disjoint: find the first one ending after the annotation starts.
    let lo = 0;
    let hi = sentences.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sentences[mid].end <= start) lo = mid + 1;
      else hi = mid;
    }
    for (let s = lo; s < sentences.length && sentences[s].start < end; s++) {
      const covered = Math.min(end, sentences[s].end) - Math.max(start, sentences[s].start);
      // Strictly more: an equal cover by a later annotation does not replace the earlier one.
      if (covered > best[s]) {
        best[s] = covered;
        labels[s] = marks.kind[m];
      }
    }
  }
  return labels;
}

/** Annotations by author, each author's in creation order (then id, so load order never matters). */
export function marksByAuthor(annotations: readonly CompareAnnotation[]): Map<string, OrderedMarks> {
  return marksInOrder([...annotations].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
}

/** marksByAuthor of annotations already in creation order, then id (not sorted again). */
export function marksInOrder(ordered: readonly CompareAnnotation[]): Map<string, OrderedMarks> {
  const byAuthor = new Map<string, { start: number[]; end: number[]; kind: Kind[] }>();
  for (const a of ordered) {
    let marks = byAuthor.get(a.authorId);
    if (!marks) byAuthor.set(a.authorId, (marks = { start: [], end: [], kind: [] }));
    marks.start.push(a.start);
    marks.end.push(a.end);
    marks.kind.push(a.kind);
  }
  return byAuthor;
}

/**
 * `labels[r][s]`: analyst `analysts[r]`'s label for sentence s (see labelSentences); on a tie the
 * earliest created wins, then the smaller id. An analyst not in `coded` did not code this text at
 * all: their labels are null (missing), not "none", so they count as dropped rather than as
 * agreeing that nothing is there.
 */
export function sentenceLabels(
  sentences: Span[],
  annotations: CompareAnnotation[],
  analysts: string[],
  coded: ReadonlySet<string>,
): (Label | null)[][] {
  return labelRows(sentences, marksByAuthor(annotations), analysts, coded);
}

const NO_MARKS: OrderedMarks = { start: [], end: [], kind: [] };

/** `labels[r][s]` from annotations already grouped by author (marksByAuthor, or a query that orders them so). */
export function labelRows(sentences: Span[], marks: ReadonlyMap<string, OrderedMarks>, analysts: string[], coded: ReadonlySet<string>): (Label | null)[][] {
  return analysts.map((id) => (coded.has(id) ? labelSentences(sentences, marks.get(id) ?? NO_MARKS) : new Array<Label | null>(sentences.length).fill(null)));
}
