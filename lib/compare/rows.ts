// The side-by-side table of the compare page: overlapping highlights of different analysts matched
// into rows. Framework-free.
import type { CompareAnnotation, Span } from './types';

/**
 * The matching rule, shown on the page too: two highlights of different analysts are the same
 * passage when their Jaccard index on characters (code points shared / code points covered by
 * either) is at least 0.5.
 */
export const MATCH_THRESHOLD = 0.5;
export const MATCH_RULE =
  'Highlights of different analysts are one row when they share at least half of the characters they cover together (Jaccard index ≥ 0.5); each highlight is in one row only.';

export type RowStatus = 'agree' | 'kinds differ' | 'partial';

export type CompareRow = Span & {
  status: RowStatus;
  /** Aligned with the analysts the rows were built for: each one's highlight here, or null. */
  cells: (CompareAnnotation | null)[];
};

export function jaccard(a: Span, b: Span): number {
  const shared = Math.min(a.end, b.end) - Math.max(a.start, b.start);
  if (shared <= 0) return 0;
  return shared / (a.end - a.start + (b.end - b.start) - shared);
}

/**
 * Greedy best-first matching: candidate pairs (different analysts, Jaccard ≥ 0.5) are taken in
 * order of falling Jaccard. A pair of free highlights opens a row; a free highlight joins its
 * partner's row only if its analyst is not in the row yet and it matches every highlight already
 * there, so a row never chains passages that do not overlap each other. Leftovers are rows alone.
 * Highlights of analysts not in `analysts` are ignored.
 */
export function matchRows(annotations: CompareAnnotation[], analysts: string[]): CompareRow[] {
  const column = new Map(analysts.map((id, i) => [id, i]));
  const marks = annotations.filter((a) => column.has(a.authorId) && a.end > a.start).sort((a, b) => a.start - b.start || a.end - b.end);

  const pairs: { a: number; b: number; j: number }[] = [];
  let active: number[] = [];
  marks.forEach((mark, i) => {
    active = active.filter((k) => marks[k].end > mark.start);
    for (const k of active) {
      if (marks[k].authorId === mark.authorId) continue;
      const j = jaccard(marks[k], mark);
      if (j >= MATCH_THRESHOLD) pairs.push({ a: k, b: i, j });
    }
    active.push(i);
  });
  pairs.sort((x, y) => y.j - x.j || marks[x.a].start - marks[y.a].start || x.a - y.a || x.b - y.b);

  const rowOf = new Int32Array(marks.length).fill(-1);
  const groups: number[][] = [];
  const joins = (free: number, group: number[]) =>
    group.every((m) => marks[m].authorId !== marks[free].authorId && jaccard(marks[m], marks[free]) >= MATCH_THRESHOLD);
  for (const { a, b } of pairs) {
    if (rowOf[a] < 0 && rowOf[b] < 0) {
      rowOf[a] = rowOf[b] = groups.length;
      groups.push([a, b]);
    } else if (rowOf[a] < 0 || rowOf[b] < 0) {
      const [free, placed] = rowOf[a] < 0 ? [a, b] : [b, a];
      const group = groups[rowOf[placed]];
      if (joins(free, group)) {
        rowOf[free] = rowOf[placed];
        group.push(free);
      }
    }
  }
  marks.forEach((_, i) => {
    if (rowOf[i] < 0) groups.push([i]);
  });

  return groups
    .map((group) => {
      const cells = new Array<CompareAnnotation | null>(analysts.length).fill(null);
      for (const m of group) cells[column.get(marks[m].authorId)!] = marks[m];
      return {
        start: Math.min(...group.map((m) => marks[m].start)),
        end: Math.max(...group.map((m) => marks[m].end)),
        status: rowStatus(cells),
        cells,
      };
    })
    .sort((x, y) => x.start - y.start || x.end - y.end);
}

function rowStatus(cells: (CompareAnnotation | null)[]): RowStatus {
  if (cells.some((c) => c === null)) return 'partial';
  return new Set(cells.map((c) => c!.kind)).size === 1 ? 'agree' : 'kinds differ';
}
