// Code-point ranges of the canonical text, and how much two of them overlap: the measure both the
// compare page (matching highlights into rows) and forecast questions (joining passages) use.

/** A code-point range of the canonical text, end exclusive. */
export type Span = { start: number; end: number };

export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

/** The Jaccard index on characters: code points shared / code points covered by either. */
export function jaccard(a: Span, b: Span): number {
  const shared = Math.min(a.end, b.end) - Math.max(a.start, b.start);
  if (shared <= 0) return 0;
  return shared / (a.end - a.start + (b.end - b.start) - shared);
}
