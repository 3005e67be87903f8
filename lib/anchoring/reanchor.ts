// Finds an annotation's passage again in a (possibly revised) text, as Hypothesis does: the stored
// position if the quote is still there, else the quote itself (exact, then fuzzy), chosen by its
// context and nearness to the old position. null means orphan: shown apart, never guessed.
import search from 'approx-string-match';
import { CodePointIndex } from './codepoints';
import type { TextTarget } from './selectors';

export type Placement = { start: number; end: number; method: 'position' | 'exact' | 'fuzzy' };

/** Errors allowed in a fuzzy match, as a share of the quote's length. */
const MAX_ERROR_RATE = 0.2;

/** How well the text around a candidate (UTF-16 offsets) agrees with the stored context, 0..1. */
function contextScore(text: string, start: number, end: number, target: TextTarget): number {
  const before = text.slice(Math.max(0, start - target.prefix.length), start);
  const after = text.slice(end, end + target.suffix.length);
  let same = 0;
  for (let i = 1; i <= Math.min(before.length, target.prefix.length); i++) {
    if (before[before.length - i] !== target.prefix[target.prefix.length - i]) break;
    same++;
  }
  for (let i = 0; i < Math.min(after.length, target.suffix.length); i++) {
    if (after[i] !== target.suffix[i]) break;
    same++;
  }
  const total = target.prefix.length + target.suffix.length;
  return total === 0 ? 1 : same / total;
}

/**
 * Edit distance cannot tell where a changed quote ends ("31 chapters" → "thirty-one chapters"
 * matches best up to "thir"), so the end is put where the stored suffix context begins, if that
 * context is found close after the match.
 */
function extendToSuffix(text: string, start: number, end: number, target: TextTarget): number {
  const context = target.suffix.slice(0, 16);
  if (context.length < 4) return end;
  const windowEnd = Math.min(text.length, end + Math.ceil(target.exact.length / 2) + context.length);
  const found = search(text.slice(end, windowEnd), context, Math.floor(context.length * MAX_ERROR_RATE));
  if (found.length === 0) return end;
  const best = found.reduce((a, b) => (b.errors < a.errors || (b.errors === a.errors && b.start < a.start) ? b : a));
  return Math.max(start + 1, end + best.start);
}

export function reanchor(text: string, target: TextTarget): Placement | null {
  const index = new CodePointIndex(text);
  if (target.end <= index.length && index.slice(target.start, target.end) === target.exact) {
    return { start: target.start, end: target.end, method: 'position' };
  }
  const oldStart = index.toUtf16(Math.min(target.start, index.length));
  // Lower is better: the context dominates, nearness to the old position breaks ties.
  const score = (start: number, end: number, errors: number) =>
    errors / Math.max(1, target.exact.length) + (1 - contextScore(text, start, end, target)) + Math.abs(start - oldStart) / Math.max(1, text.length) / 10;

  const exact: { start: number; end: number }[] = [];
  for (let at = text.indexOf(target.exact); at >= 0; at = text.indexOf(target.exact, at + 1)) {
    exact.push({ start: at, end: at + target.exact.length });
  }
  let best: { start: number; end: number; method: 'exact' | 'fuzzy'; score: number } | null = null;
  for (const m of exact) {
    const s = score(m.start, m.end, 0);
    if (!best || s < best.score) best = { ...m, method: 'exact', score: s };
  }
  if (!best) {
    const maxErrors = Math.floor(target.exact.length * MAX_ERROR_RATE);
    for (const m of search(text, target.exact, maxErrors)) {
      const end = extendToSuffix(text, m.start, m.end, target);
      const s = score(m.start, end, m.errors);
      if (!best || s < best.score) best = { start: m.start, end, method: 'fuzzy', score: s };
    }
  }
  return best && { start: index.toCp(best.start), end: index.toCp(best.end), method: best.method };
}
