// Sentence-level coding (issue #3): the canonical text cut into sentences, and each analyst's label
// for each sentence. Framework-free and Prisma-free.
import { CodePointIndex } from '@/lib/anchoring/codepoints';
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

/**
 * `labels[r][s]`: analyst `analysts[r]`'s label for sentence s. The label is the kind of the
 * annotation covering the most code points of the sentence; on a tie the earliest created wins
 * (then the smaller id, so the result never depends on load order); "none" when nothing overlaps.
 * An analyst not in `coded` did not code this text at all: their labels are null (missing), not
 * "none", so they count as dropped rather than as agreeing that nothing is there.
 */
export function sentenceLabels(
  sentences: Span[],
  annotations: CompareAnnotation[],
  analysts: string[],
  coded: ReadonlySet<string>,
): (Label | null)[][] {
  const row = new Map(analysts.map((id, r) => [id, r]));
  const labels = analysts.map((id) => new Array<Label | null>(sentences.length).fill(coded.has(id) ? 'none' : null));
  const best = analysts.map(() => new Int32Array(sentences.length));
  const ordered = annotations
    .filter((a) => row.has(a.authorId) && coded.has(a.authorId))
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const a of ordered) {
    const r = row.get(a.authorId)!;
    // Sentences are sorted and disjoint: find the first one ending after the annotation starts.
    let lo = 0;
    let hi = sentences.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sentences[mid].end <= a.start) lo = mid + 1;
      else hi = mid;
    }
    for (let s = lo; s < sentences.length && sentences[s].start < a.end; s++) {
      const covered = Math.min(a.end, sentences[s].end) - Math.max(a.start, sentences[s].start);
      // Strictly more: an equal cover by a later annotation does not replace the earlier one.
      if (covered > best[r][s]) {
        best[r][s] = covered;
        labels[r][s] = a.kind;
      }
    }
  }
  return labels;
}
