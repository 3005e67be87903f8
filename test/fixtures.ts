// Test data shared by the integration tests (lib/**/*.int.test.ts), the end-to-end specs (e2e/) and
// anything else that writes annotations the way a client does. Pure code only, with no imports
// from lib/, so Playwright's loader can take it into the specs without the app's modules.

/** An annotation target as the API takes it: code points into the document's canonical text. */
export type Target = { start: number; end: number; exact: string };

/**
 * The target of the first occurrence of `quote` in a document's canonical `text` (positions in code
 * points, as the API counts them; the corpus's curly quotes are one UTF-16 unit, emoji are not).
 * `from`/`to`, in code points into the quote, narrow it to part of the quote.
 * Throws when the quote is not in the text: a typo should fail here, not as a puzzling 400 later.
 */
export function target(text: string, quote: string, part: { from?: number; to?: number } = {}): Target {
  const at = text.indexOf(quote);
  if (at < 0) throw new Error(`Not in the text: “${quote}”`);
  const start = [...text.slice(0, at)].length;
  const points = [...quote];
  const { from = 0, to = points.length } = part;
  return { start: start + from, end: start + to, exact: points.slice(from, to).join('') };
}

/** The target covering code points `start`..`end` of `text`. */
export function span(text: string, start: number, end: number): Target {
  return { start, end, exact: [...text].slice(start, end).join('') };
}
