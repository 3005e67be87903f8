// Finds an annotation's passage again in a (possibly revised) text, as Hypothesis does: the stored
// position if the quote is still there, else the quote itself (exact, then fuzzy), chosen by its
// context and nearness to the old position. null means orphan: shown apart, never guessed.
import search from 'approx-string-match';
import { CodePointIndex } from './codepoints';
import { targetMatches, type TextTarget } from './selectors';

export type Placement = { start: number; end: number; method: 'position' | 'exact' | 'fuzzy' };

/** Errors allowed in a fuzzy match, as a share of the quote's length; a worse match is an orphan. */
const MAX_ERROR_RATE = 0.2;
/** How much of the stored context is used to find where a fuzzy match really begins and ends. */
const EDGE_CONTEXT = 16;
const MIN_EDGE_CONTEXT = 4;

type Span = { start: number; end: number };
type Candidate = Span & { errors: number };

/** How well the text around a candidate (UTF-16 offsets) agrees with the stored context, 0..1. */
function contextScore(text: string, { start, end }: Span, target: TextTarget): number {
  let same = 0;
  while (same < target.prefix.length && text[start - 1 - same] === target.prefix[target.prefix.length - 1 - same]) same++;
  let after = 0;
  while (after < target.suffix.length && text[end + after] === target.suffix[after]) after++;
  const total = target.prefix.length + target.suffix.length;
  return total === 0 ? 1 : (same + after) / total;
}

/** The occurrence of `context` in text[from, to) nearest to `near`, allowing the usual errors. */
function findContext(text: string, from: number, to: number, context: string, near: number): Span | null {
  const distance = (m: Span) => Math.min(Math.abs(from + m.start - near), Math.abs(from + m.end - near));
  // search() reports only the matches with the fewest errors, so nearness alone decides.
  let best: Span | null = null;
  for (const m of search(text.slice(from, to), context, Math.floor(context.length * MAX_ERROR_RATE))) {
    if (!best || distance(m) < distance(best)) best = m;
  }
  return best && { start: from + best.start, end: from + best.end };
}

/**
 * Edit distance cannot tell where a changed quote begins or ends: "31 chapters" matches
 * "thirty-one chapters" best from "ne chapters". So each edge moves to where the stored context
 * is found beside it, when it is found close enough.
 */
function snapToContext(text: string, match: Span, target: TextTarget): Span {
  const slack = Math.ceil(target.exact.length / 2);
  let { start, end } = match;
  // A context of a few characters would be found almost anywhere.
  const before = target.prefix.slice(-EDGE_CONTEXT);
  if (before.length >= MIN_EDGE_CONTEXT) {
    const found = findContext(text, Math.max(0, start - slack - before.length), Math.min(end, start + slack), before, start);
    if (found && found.end < end) start = found.end;
  }
  const after = target.suffix.slice(0, EDGE_CONTEXT);
  if (after.length >= MIN_EDGE_CONTEXT) {
    const found = findContext(text, Math.max(start, end - slack), Math.min(text.length, end + slack + after.length), after, end);
    if (found && found.start > start) end = found.start;
  }
  return { start, end };
}

export function reanchor(text: string, target: TextTarget): Placement | null {
  const index = new CodePointIndex(text);
  if (targetMatches(index, target)) return { start: target.start, end: target.end, method: 'position' };
  if (target.exact.length === 0) return null;

  const oldStart = index.toUtf16(Math.min(Math.max(0, target.start), index.length));
  // Lower is better. Quote errors and context weigh alike; nearness weighs at most a tenth, so it
  // mostly decides between candidates whose quote and context are equally good.
  const score = (c: Candidate) =>
    c.errors / target.exact.length + (1 - contextScore(text, c, target)) + Math.abs(c.start - oldStart) / text.length / 10;
  const best = (candidates: Candidate[]) => {
    let top: Candidate | null = null;
    for (const c of candidates) if (!top || score(c) < score(top)) top = c;
    return top;
  };
  const placement = (c: Candidate | null, method: 'exact' | 'fuzzy') =>
    c && { start: index.toCp(c.start), end: index.toCp(c.end), method };

  const exact: Candidate[] = [];
  for (let at = text.indexOf(target.exact); at >= 0; at = text.indexOf(target.exact, at + 1)) {
    exact.push({ start: at, end: at + target.exact.length, errors: 0 });
  }
  if (exact.length) return placement(best(exact), 'exact');

  const maxErrors = Math.floor(target.exact.length * MAX_ERROR_RATE);
  const fuzzy = search(text, target.exact, maxErrors).map((m) => ({ ...snapToContext(text, m, target), errors: m.errors }));
  return placement(best(fuzzy), 'fuzzy');
}
