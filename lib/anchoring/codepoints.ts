// Offsets in Assay are Unicode code points (DESIGN.md); JavaScript strings index UTF-16 units.
// An emoji outside the Basic Multilingual Plane is one code point but two units.

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;

export function cpLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (!isHighSurrogate(s.charCodeAt(i)) || i + 1 >= s.length) n++;
  return n;
}

/**
 * Converts between code-point and UTF-16 offsets of one text in O(log n), after one pass over it.
 * A text without astral characters (most of the corpus) maps to itself at no cost.
 */
export class CodePointIndex {
  /** UTF-16 offsets of the astral characters' first units, ascending. */
  private readonly astral: number[] = [];
  readonly length: number;

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      if (isHighSurrogate(text.charCodeAt(i)) && i + 1 < text.length) this.astral.push(i++);
    }
    this.length = text.length - this.astral.length;
  }

  /** How many astral characters start before UTF-16 offset `u16`. */
  private astralBefore(u16: number): number {
    let lo = 0;
    let hi = this.astral.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.astral[mid] < u16) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  toCp(u16: number): number {
    return this.astral.length === 0 ? u16 : u16 - this.astralBefore(u16);
  }

  toUtf16(cp: number): number {
    if (this.astral.length === 0) return cp;
    // Each astral character before the target shifts it one unit to the right.
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

export const utf16ToCp = (s: string, u16: number) => new CodePointIndex(s).toCp(u16);
export const cpToUtf16 = (s: string, cp: number) => new CodePointIndex(s).toUtf16(cp);
export const cpSlice = (s: string, start: number, end: number) => new CodePointIndex(s).slice(start, end);
