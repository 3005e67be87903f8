// An annotation's target as the W3C selectors describe it: position (code points, end exclusive)
// and quote with up to 32 code points of context on each side.
import { CodePointIndex } from './codepoints';

export const CONTEXT_LENGTH = 32;

export type TextTarget = { start: number; end: number; exact: string; prefix: string; suffix: string };

export function describeRange(text: string | CodePointIndex, start: number, end: number): TextTarget {
  const index = typeof text === 'string' ? new CodePointIndex(text) : text;
  return {
    start,
    end,
    exact: index.slice(start, end),
    prefix: index.slice(Math.max(0, start - CONTEXT_LENGTH), start),
    suffix: index.slice(end, Math.min(index.length, end + CONTEXT_LENGTH)),
  };
}

/** Whether the text at start..end is the quote: a target that lies about its text is refused. */
export function targetMatches(text: string, target: { start: number; end: number; exact: string }): boolean {
  const index = new CodePointIndex(text);
  const { start, end, exact } = target;
  return start >= 0 && end > start && end <= index.length && index.slice(start, end) === exact;
}
