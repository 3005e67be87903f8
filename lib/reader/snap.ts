// Selections snap to whole words (issue 14): a passage that starts or ends inside a word is widened
// to the whole word, by Intl.Segmenter's word boundaries, so it works for any script (dictionary
// segmentation for Chinese, Japanese, Thai…). Words joined by a hyphen count as one word
// ("well-known"); a boundary inside an emoji or another multi-code-point character moves to the
// edge of that character. Offsets are code points of the canonical text, as everywhere in Assay.
// Pure and browser-safe: the reader uses it, the unit tests pin it.

export type Span = { start: number; end: number };

const HYPHENS = new Set(['-', '\u2010', '\u2011']);

const segmenters = new Map<string, { word: Intl.Segmenter; grapheme: Intl.Segmenter }>();
function segmentersFor(locale?: string) {
  const key = locale ?? '';
  let found = segmenters.get(key);
  if (!found) {
    found = {
      word: new Intl.Segmenter(locale, { granularity: 'word' }),
      grapheme: new Intl.Segmenter(locale, { granularity: 'grapheme' }),
    };
    segmenters.set(key, found);
  }
  return found;
}

/** The UTF-16 index of a code point offset. */
function toUtf16(text: string, offset: number): number {
  let i = 0;
  for (let cp = 0; cp < offset && i < text.length; cp++) i += (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
  return i;
}

/** The code point offset of a UTF-16 index. */
function toCodePoints(text: string, index: number): number {
  let cp = 0;
  for (let i = 0; i < index; cp++) i += (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
  return cp;
}

type Segments = ReturnType<Intl.Segmenter['segment']>;

/** The word (hyphen-joined words as one) around UTF-16 index `i`, or null when `i` is not in a word. */
function wordAt(text: string, words: Segments, i: number): { start: number; end: number } | null {
  const s = i >= 0 && i < text.length ? words.containing(i) : undefined;
  if (!s?.isWordLike) return null;
  let start = s.index;
  let end = s.index + s.segment.length;
  for (;;) {
    const before = start >= 2 && HYPHENS.has(text[start - 1]) ? words.containing(start - 2) : undefined;
    if (!before?.isWordLike) break;
    start = before.index;
  }
  for (;;) {
    const after = end < text.length - 1 && HYPHENS.has(text[end]) ? words.containing(end + 1) : undefined;
    if (!after?.isWordLike) break;
    end = after.index + after.segment.length;
  }
  return { start, end };
}

/** A boundary at UTF-16 index `i` moved out of any character it splits (an emoji sequence, a surrogate pair). */
function graphemeEdge(text: string, graphemes: Segments, i: number, side: 'start' | 'end'): number {
  if (i <= 0 || i >= text.length) return i;
  const g = graphemes.containing(i);
  if (!g || g.index === i) return i;
  return side === 'start' ? g.index : g.index + g.segment.length;
}

/**
 * Widens `span` so that it neither starts nor ends inside a word. An empty span stays as it is; a
 * boundary already between words (or at punctuation or a space) does not move.
 */
export function snapToWords(text: string, span: Span, locale?: string): Span {
  if (span.end <= span.start) return span;
  const { word, grapheme } = segmentersFor(locale);
  const words = word.segment(text);
  const graphemes = grapheme.segment(text);
  let start = toUtf16(text, span.start);
  let end = toUtf16(text, span.end);
  // The start is inside a word when the character at it belongs to a word that began earlier.
  const first = wordAt(text, words, start);
  if (first && first.start < start) start = first.start;
  else start = graphemeEdge(text, graphemes, start, 'start');
  // The end is inside a word when the character before it belongs to a word that goes on.
  const last = wordAt(text, words, end - 1);
  if (last && last.end > end) end = last.end;
  else end = graphemeEdge(text, graphemes, end, 'end');
  return { start: toCodePoints(text, start), end: toCodePoints(text, end) };
}

/** `]`: the end of the first word that ends after `offset` (or the text's end). */
export function nextWordEnd(text: string, offset: number, locale?: string): number {
  const words = segmentersFor(locale).word.segment(text);
  for (let i = toUtf16(text, offset); i < text.length; ) {
    const w = wordAt(text, words, i);
    if (w && w.end > toUtf16(text, offset)) return toCodePoints(text, w.end);
    const s = words.containing(i)!;
    i = s.index + s.segment.length;
  }
  return toCodePoints(text, text.length);
}

/** `[`: the end of the last word that ends before `offset` and after `floor` (or `floor` when none does). */
export function previousWordEnd(text: string, offset: number, floor: number, locale?: string): number {
  const words = segmentersFor(locale).word.segment(text);
  const lower = toUtf16(text, floor);
  for (let i = toUtf16(text, offset) - 1; i > lower; ) {
    const w = wordAt(text, words, i - 1);
    if (w && w.end <= i && w.end < toUtf16(text, offset) && w.end > lower) return toCodePoints(text, w.end);
    const s = words.containing(i - 1)!;
    i = s.index;
  }
  return floor;
}
