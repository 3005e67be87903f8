// The side-by-side table of the compare page: overlapping highlights of different analysts matched
// into rows. Framework-free.
import { jaccard } from '@/lib/anchoring/spans';
import type { CompareAnnotation, Span } from './types';
import { judgmentGaps, type Gaps, withinTolerance } from './judgments';

/**
 * The matching rule, shown on the page too: two highlights of different analysts are the same
 * passage when their Jaccard index on characters (code points shared / code points covered by
 * either) is at least 0.5.
 */
export const MATCH_THRESHOLD = 0.5;
export const MATCH_RULE =
  'Highlights of different analysts are one row when they share at least half of the characters they cover together (Jaccard index ≥ 0.5); each highlight is in one row only.';

export type RowStatus = 'agree' | 'judgments differ' | 'kinds differ' | 'partial';

export type CompareRow = Span & {
  status: RowStatus;
  /** Aligned with the analysts the rows were built for: each one's highlight here, or null. */
  cells: (CompareAnnotation | null)[];
  /** How far apart the judgments in the row are (lib/compare/judgments). */
  gaps: Gaps;
};

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

  const pairs = candidatePairs(marks);

  const rowOf = new Int32Array(marks.length).fill(-1);
  const groups: number[][] = [];
  const joins = (free: number, group: number[]) =>
    group.every((m) => marks[m].authorId !== marks[free].authorId && jaccard(marks[m], marks[free]) >= MATCH_THRESHOLD);
  for (let p = 0; p < pairs.length; p++) {
    const a = pairs.a[pairs.order[p]];
    const b = pairs.b[pairs.order[p]];
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
      const gaps = judgmentGaps(cells);
      return {
        start: Math.min(...group.map((m) => marks[m].start)),
        end: Math.max(...group.map((m) => marks[m].end)),
        status: rowStatus(cells, gaps),
        cells,
        gaps,
      };
    })
    .sort((x, y) => x.start - y.start || x.end - y.end);
}

/**
 * The pairs of highlights of different analysts with Jaccard ≥ 0.5 among `marks` (sorted by
 * start, then end): `order` lists them by falling Jaccard, then by the earlier highlight's start
 * and index (one order, as the marks are sorted), then the later one's index. A dense page has
 * millions of pairs, so they live in typed arrays and are ordered by counting rather than by a
 * comparison sort: found in (earlier, later) order, they are then bucketed by Jaccard value.
 */
function candidatePairs(marks: CompareAnnotation[]) {
  const start = Int32Array.from(marks, (m) => m.start);
  const end = Int32Array.from(marks, (m) => m.end);
  const authors = new Map<string, number>();
  const author = Int32Array.from(marks, (m) => authors.get(m.authorId) ?? authors.set(m.authorId, authors.size).size - 1);
  let a = new Int32Array(1024);
  let b = new Int32Array(1024);
  let j = new Float64Array(1024);
  let length = 0;
  for (let x = 0; x < marks.length; x++) {
    // Sorted by start: the later highlights overlapping x are the ones starting before x ends, and
    // one starting past the middle of x shares less than half of x, so less than half their union.
    for (let y = x + 1; y < marks.length && 2 * (end[x] - start[y]) >= end[x] - start[x]; y++) {
      if (author[x] === author[y]) continue;
      // jaccard(marks[x], marks[y]), start[y] being the later start.
      const shared = Math.min(end[x], end[y]) - start[y];
      const value = shared / (end[x] - start[x] + (end[y] - start[y]) - shared);
      if (value < MATCH_THRESHOLD) continue;
      if (length === a.length) {
        a = grow(a, new Int32Array(length * 2));
        b = grow(b, new Int32Array(length * 2));
        j = grow(j, new Float64Array(length * 2));
      }
      a[length] = x;
      b[length] = y;
      j[length++] = value;
    }
  }
  // Bucketed by value (equal fractions are equal doubles), each bucket kept in found order.
  const values = Float64Array.from(new Set(j.subarray(0, length))).sort().reverse();
  const distinct = values.length;
  const slot = new Int32Array(distinct + 1);
  const level = new Int32Array(length);
  for (let p = 0; p < length; p++) {
    let lo = 0;
    let hi = distinct - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[mid] > j[p]) lo = mid + 1;
      else hi = mid;
    }
    level[p] = lo;
    slot[lo + 1]++;
  }
  for (let v = 1; v <= distinct; v++) slot[v] += slot[v - 1];
  const order = new Int32Array(length);
  for (let p = 0; p < length; p++) order[slot[level[p]]++] = p;
  return { a, b, order, length };
}

function grow<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** Partial when a chosen analyst has no highlight here; then kinds; then the judgments within TOLERANCES. */
export function rowStatus(cells: (CompareAnnotation | null)[], gaps: Gaps = judgmentGaps(cells)): RowStatus {
  if (cells.some((c) => c === null)) return 'partial';
  if (new Set(cells.map((c) => c!.kind)).size !== 1) return 'kinds differ';
  return withinTolerance(gaps) ? 'agree' : 'judgments differ';
}
