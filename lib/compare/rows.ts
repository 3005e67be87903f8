// The side-by-side table of the compare page: overlapping highlights of different analysts matched
// into rows. Framework-free.
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
 * order of falling Jaccard, ties in order of the earlier highlight (by start, then end), then the
 * later one. A pair of free highlights opens a row; a free highlight joins its partner's row only
 * if its analyst is not in the row yet and it matches every highlight already there, so a row never
 * chains passages that do not overlap each other. Leftovers are rows alone. Highlights of analysts
 * not in `analysts` are ignored.
 */
export function matchRows(annotations: CompareAnnotation[], analysts: string[]): CompareRow[] {
  const column = new Map(analysts.map((id, i) => [id, i]));
  const marks = annotations.filter((a) => column.has(a.authorId) && a.end > a.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const n = marks.length;
  const start = Int32Array.from(marks, (m) => m.start);
  const end = Int32Array.from(marks, (m) => m.end);
  const author = Int32Array.from(marks, (m) => column.get(m.authorId)!);

  const rowOf = new Int32Array(n).fill(-1);
  const groups: number[][] = [];
  // jaccard() of two marks by index, with the same arithmetic.
  const jaccardOf = (x: number, y: number) => {
    const shared = Math.min(end[x], end[y]) - Math.max(start[x], start[y]);
    return shared <= 0 ? 0 : shared / (end[x] - start[x] + (end[y] - start[y]) - shared);
  };
  // A free highlight that cannot join a row never can: rows only grow. Remembered as free + n · row.
  const refused = new Set<number>();
  const take = (x: number, y: number) => {
    const rowX = rowOf[x];
    const rowY = rowOf[y];
    if (rowX < 0 && rowY < 0) {
      rowOf[x] = rowOf[y] = groups.length;
      groups.push([x, y]);
    } else if (rowX < 0 || rowY < 0) {
      const free = rowX < 0 ? x : y;
      const row = rowX < 0 ? rowY : rowX;
      if (refused.has(free + n * row)) return;
      const group = groups[row];
      for (const m of group) {
        if (author[m] === author[free] || jaccardOf(m, free) < MATCH_THRESHOLD) {
          refused.add(free + n * row);
          return;
        }
      }
      rowOf[free] = row;
      group.push(free);
    }
  };

  // A dense page has millions of candidate pairs, most of them between highlights already placed
  // by a better pair. So the pairs are found band by band of Jaccard, from the highest down, and
  // a pair whose highlights are both placed when its band begins (it can change nothing) is never
  // looked at: the first band scans every highlight, the later ones only from the few still free.
  // A later highlight y can share a Jaccard of at least `low` with x only if it starts within
  // (1 − low) of x's length from x's start, so the higher bands scan narrow windows.
  let longest = 0;
  for (let x = 0; x < n; x++) longest = Math.max(longest, end[x] - start[x]);
  // The pairs of one band, in typed arrays that grow (a dense page's first band has 100,000s).
  let pairX = new Int32Array(1024);
  let pairY = new Int32Array(1024);
  let value = new Float64Array(1024);
  let count = 0;
  const keep = (x: number, y: number, j: number) => {
    if (count === pairX.length) {
      pairX = grow(pairX, new Int32Array(count * 2));
      pairY = grow(pairY, new Int32Array(count * 2));
      value = grow(value, new Float64Array(count * 2));
    }
    pairX[count] = x;
    pairY[count] = y;
    value[count++] = j;
  };
  for (let band = 0; band < BANDS.length; band++) {
    const low = BANDS[band];
    const high = band === 0 ? Infinity : BANDS[band - 1];
    const slack = 1 - low;
    count = 0;
    for (let x = 0; x < n; x++) {
      if (band > 0 && rowOf[x] >= 0) continue;
      // Forward from x: every later highlight in reach (free or placed). jaccardOf(x, y) inlined,
      // start[y] being the later start.
      const sx = start[x];
      const ex = end[x];
      const reach = sx + slack * (ex - sx) + 1;
      for (let y = x + 1; y < n && start[y] <= reach; y++) {
        if (author[x] === author[y]) continue;
        const shared = Math.min(ex, end[y]) - start[y];
        if (shared <= 0) continue;
        const j = shared / (ex - sx + (end[y] - start[y]) - shared);
        if (j >= low && j < high) keep(x, y, j);
      }
      // Backward from a free x: the placed earlier highlights that reach it (free ones found x already).
      if (band > 0) {
        for (let w = x - 1; w >= 0 && sx - start[w] <= slack * longest + 1; w--) {
          if (rowOf[w] < 0 || author[w] === author[x] || sx - start[w] > slack * (end[w] - start[w]) + 1) continue;
          const j = jaccardOf(w, x);
          if (j >= low && j < high) keep(w, x, j);
        }
      }
    }
    // Found in (earlier, later) index order, except the backward pairs: put those in order, then
    // take the pairs by falling Jaccard, ties in that order.
    let found = Int32Array.from({ length: count }, (_, p) => p);
    if (band > 0) found = found.sort((p, q) => pairX[p] - pairX[q] || pairY[p] - pairY[q]);
    const ordered = Array.from(found, (p) => value[p]);
    for (const i of fallingOrder(ordered)) take(pairX[found[i]], pairY[found[i]]);
  }
  for (let i = 0; i < n; i++) if (rowOf[i] < 0) groups.push([i]);

  return groups
    .map((group) => {
      const cells = new Array<CompareAnnotation | null>(analysts.length).fill(null);
      let from = Infinity;
      let to = -Infinity;
      for (const m of group) {
        cells[author[m]] = marks[m];
        from = Math.min(from, start[m]);
        to = Math.max(to, end[m]);
      }
      const gaps = judgmentGaps(cells);
      return { start: from, end: to, status: rowStatus(cells, gaps), cells, gaps };
    })
    .sort((x, y) => x.start - y.start || x.end - y.end);
}

/** The Jaccard bands candidate pairs are found in, highest first; the last is MATCH_THRESHOLD. */
const BANDS = [0.9, 0.8, 0.7, 0.6, MATCH_THRESHOLD];

function grow<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** How finely fallingOrder buckets values in [0.5, 1] before its exact sort. */
const BUCKETS = 1 << 16;

/**
 * The indexes of `values` (Jaccard values in [0.5, 1]) by falling value, equal values in index
 * order. A comparison sort of a million pairs is slow, so this is a counting sort on the value's
 * leading bits (stable, keeping index order), with an exact sort only inside the buckets that
 * hold different values.
 */
function fallingOrder(values: number[]): Int32Array {
  const length = values.length;
  const bucket = new Int32Array(length);
  const ends = new Int32Array(BUCKETS + 1);
  for (let p = 0; p < length; p++) {
    const k = Math.min(BUCKETS - 1, Math.max(0, Math.floor((1 - values[p]) * 2 * BUCKETS)));
    bucket[p] = k;
    ends[k + 1]++;
  }
  for (let k = 1; k <= BUCKETS; k++) ends[k] += ends[k - 1];
  const order = new Int32Array(length);
  for (let p = 0; p < length; p++) order[ends[bucket[p]]++] = p;
  // ends[k] is now where bucket k ends.
  for (let k = 0, from = 0; k < BUCKETS; from = ends[k++]) {
    const to = ends[k];
    let sorted = true;
    for (let q = from + 1; q < to && sorted; q++) sorted = values[order[q]] <= values[order[q - 1]];
    if (!sorted) order.set(Array.from(order.subarray(from, to)).sort((p, q) => values[q] - values[p] || p - q), from);
  }
  return order;
}

/** Partial when a chosen analyst has no highlight here; then kinds; then the judgments within TOLERANCES. */
export function rowStatus(cells: (CompareAnnotation | null)[], gaps: Gaps = judgmentGaps(cells)): RowStatus {
  if (cells.some((c) => c === null)) return 'partial';
  if (new Set(cells.map((c) => c!.kind)).size !== 1) return 'kinds differ';
  return withinTolerance(gaps) ? 'agree' : 'judgments differ';
}
