// An annotation's target as the W3C selectors describe it: position (code points, end exclusive)
// and quote with up to 32 code points of context on each side. Callers that describe or check
// many ranges of one text pass a CodePointIndex to index the text once.
import { CodePointIndex } from './codepoints';

export const CONTEXT_LENGTH = 32;

export type TextTarget = { start: number; end: number; exact: string; prefix: string; suffix: string };

const indexOf = (text: string | CodePointIndex) => (typeof text === 'string' ? new CodePointIndex(text) : text);

export function describeRange(text: string | CodePointIndex, start: number, end: number): TextTarget {
  const index = indexOf(text);
  return {
    start,
    end,
    exact: index.slice(start, end),
    prefix: index.slice(Math.max(0, start - CONTEXT_LENGTH), start),
    suffix: index.slice(end, Math.min(index.length, end + CONTEXT_LENGTH)),
  };
}

/** Whether the text at start..end is the quote: a target that lies about its text is refused. */
export function targetMatches(text: string | CodePointIndex, target: { start: number; end: number; exact: string }): boolean {
  const index = indexOf(text);
  const { start, end, exact } = target;
  return Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start && end <= index.length && index.slice(start, end) === exact;
}
