// Offsets in Assay are Unicode code points (docs/ARCHITECTURE.md, Rules); JavaScript strings index UTF-16 units.
// A character outside the Basic Multilingual Plane (most emoji) is one code point but two units.
// A lone surrogate counts as one code point, as `[...s]` and the database count it.

/** Whether a surrogate pair (one astral character) starts at UTF-16 offset i. */
function pairAt(s: string, i: number): boolean {
  const high = s.charCodeAt(i);
  const low = s.charCodeAt(i + 1);
  return high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff;
}

/**
 * Converts between code-point and UTF-16 offsets of one text in O(log n) per lookup, after one
 * pass over it. A text without astral characters (the whole corpus) maps to itself at no cost.
 * A UTF-16 offset between the two halves of a pair maps to the character's start.
 */
export class CodePointIndex {
  /** UTF-16 offsets of the astral characters, ascending. */
  private readonly astral: number[] = [];
  /** The text's length in code points. */
  readonly length: number;

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (pairAt(text, i)) this.astral.push(i++);
    this.length = text.length - this.astral.length;
  }

  toCp(u16: number): number {
    if (this.astral.length === 0) return u16;
    // Every astral character that starts before u16 took one unit more than its code point.
    let lo = 0;
    let hi = this.astral.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.astral[mid] < u16) lo = mid + 1;
      else hi = mid;
    }
    return u16 - lo;
  }

  toUtf16(cp: number): number {
    if (this.astral.length === 0) return cp;
    // astral[k] - k is the code-point offset of the k-th astral character.
    let lo = 0;
    let hi = this.astral.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.astral[mid] - mid < cp) lo = mid + 1;
      else hi = mid;
    }
    return cp + lo;
  }

  slice(start: number, end: number): string {
    return this.text.slice(this.toUtf16(start), this.toUtf16(end));
  }
}

export function cpLength(s: string): number {
  let pairs = 0;
  for (let i = 0; i < s.length; i++) {
    if (pairAt(s, i)) {
      pairs++;
      i++;
    }
  }
  return s.length - pairs;
}

// One-off conversions; index the text once with CodePointIndex for many.
export const utf16ToCp = (s: string, u16: number) => new CodePointIndex(s).toCp(u16);
export const cpToUtf16 = (s: string, cp: number) => new CodePointIndex(s).toUtf16(cp);
export const cpSlice = (s: string, start: number, end: number) => new CodePointIndex(s).slice(start, end);
