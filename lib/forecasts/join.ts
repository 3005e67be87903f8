// Which forecast question a passage belongs to. Overlap is measured on code-point ranges; any
// overlap makes a question a candidate and the highest Jaccard index (shared / combined length)
// wins, so a passage joins the question whose passage is most nearly its own. Browser-safe: the
// form offers the open questions in the same order the server would pick from.
import { jaccard, overlaps, type Span } from '@/lib/anchoring/spans';

/** The overlapping candidates, best first. */
export function byOverlap<T extends Span>(candidates: T[], span: Span): T[] {
  return candidates
    .filter((c) => overlaps(c, span))
    .map((c) => ({ c, j: jaccard(c, span) }))
    .sort((x, y) => y.j - x.j)
    .map(({ c }) => c);
}
