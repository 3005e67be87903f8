// Which forecast question a passage belongs to. Overlap is measured on code-point ranges; any
// overlap makes a question a candidate and the highest Jaccard index (shared / combined length)
// wins, so a passage joins the question whose passage is most nearly its own. Browser-safe: the
// form offers the open questions in the same order the server would pick from.
export type Span = { start: number; end: number };

export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

export function jaccard(a: Span, b: Span): number {
  const shared = Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
  const combined = Math.max(a.end, b.end) - Math.min(a.start, b.start);
  return combined > 0 ? shared / combined : 0;
}

/** The overlapping candidates, best first. */
export function byOverlap<T extends Span>(candidates: T[], span: Span): T[] {
  return candidates
    .filter((c) => overlaps(c, span))
    .map((c) => ({ c, j: jaccard(c, span) }))
    .sort((x, y) => y.j - x.j)
    .map(({ c }) => c);
}
