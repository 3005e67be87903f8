// Which forecast question a passage belongs to. Overlap is measured on code-point ranges; any
// overlap makes a question a candidate and the highest Jaccard index (shared / combined length)
// wins, so a passage joins the question whose passage is most nearly its own. Browser-safe: the
// form offers the same candidates the server would pick from.
import type { AnnotationView } from '@/lib/annotations/schemas';

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

/**
 * The questions a new forecast on `span` can join, as seen from the reader's annotations: one per
 * question, named by the statement (or passage) of its best-overlapping forecast, best first.
 */
export function joinableQuestions(annotations: AnnotationView[], span: Span): { id: string; statement: string }[] {
  const forecasts = annotations.filter((a) => a.forecast?.questionId).map((a) => ({ ...a.target, a }));
  const seen = new Set<string>();
  const out: { id: string; statement: string }[] = [];
  for (const { a } of byOverlap(forecasts, span)) {
    const id = a.forecast!.questionId!;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ id, statement: a.forecast!.statement || a.target.exact });
  }
  return out;
}
