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
export function matchRows(annotations: readonly CompareAnnotation[], analysts: string[]): CompareRow[] {
  const column = new Map(analysts.map((id, i) => [id, i]));
  const marks = byPosition(annotations.filter((a) => column.has(a.authorId) && a.end > a.start));
  const n = marks.length;
  // Plain loops: Int32Array.from with a function walks an iterator and calls it per element.
  const start = new Int32Array(n);
  const end = new Int32Array(n);
  const author = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const m = marks[i];
    start[i] = m.start;
    end[i] = m.end;
    author[i] = column.get(m.authorId)!;
  }

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
    // (Indexes are non-negative: their bits read as unsigned sort the same, and pairs are distinct.)
    const found = band > 0 ? radixOrder(new Uint32Array(pairX.buffer, 0, count), new Uint32Array(pairY.buffer, 0, count)) : identity(count);
    for (const i of fallingOrder(value, found)) take(pairX[found[i]], pairY[found[i]]);
  }
  for (let i = 0; i < n; i++) if (rowOf[i] < 0) groups.push([i]);

  const rows: CompareRow[] = groups.map((group) => {
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
  });
  return byPosition(rows);
}

/**
 * matchRows(annotations, analysts), given `rows` = matchRows(before, analysts), when only fields
 * and kinds changed: the same annotations (by id) in the same order, each with the same author,
 * span and creation time. Matching reads nothing else, so the rows group the same highlights; a
 * row holding a changed annotation is rebuilt with it (cells, gaps, status), the others are kept.
 * null when anything else changed (then match afresh).
 */
export function rematchRows(
  before: readonly CompareAnnotation[],
  rows: CompareRow[],
  annotations: readonly CompareAnnotation[],
  /** The row of each annotation in `rows`, by id (rowsById), asked for once the change is known to be an edit: only the rows of the changed ones are looked at. */
  rowOf?: () => ReadonlyMap<string, number>,
): CompareRow[] | null {
  if (before.length !== annotations.length) return null;
  const changed = new Map<string, CompareAnnotation>();
  for (let i = 0; i < annotations.length; i++) {
    const a = annotations[i];
    const b = before[i];
    if (a === b) continue;
    if (a.id !== b.id || a.authorId !== b.authorId || a.start !== b.start || a.end !== b.end || a.createdAt !== b.createdAt) return null;
    changed.set(a.id, a);
  }
  if (changed.size === 0) return rows;
  const rebuilt = (row: CompareRow): CompareRow => {
    let cells: (CompareAnnotation | null)[] | null = null;
    for (let i = 0; i < row.cells.length; i++) {
      const cell = row.cells[i];
      const now = cell && changed.get(cell.id);
      if (now) (cells ??= [...row.cells])[i] = now;
    }
    if (!cells) return row;
    const gaps = judgmentGaps(cells);
    return { start: row.start, end: row.end, status: rowStatus(cells, gaps), cells, gaps };
  };
  if (!rowOf) return rows.map(rebuilt);
  const rowById = rowOf();
  const out = rows.slice();
  for (const id of changed.keys()) {
    const r = rowById.get(id);
    if (r !== undefined && out[r] === rows[r]) out[r] = rebuilt(rows[r]);
  }
  return out;
}

/** The row of each annotation in `rows`, by id (for rematchRows). */
export function rowsById(rows: readonly CompareRow[]): Map<string, number> {
  const rowOf = new Map<string, number>();
  for (let r = 0; r < rows.length; r++) for (const cell of rows[r].cells) if (cell) rowOf.set(cell.id, r);
  return rowOf;
}

/** The Jaccard bands candidate pairs are found in, highest first; the last is MATCH_THRESHOLD. */
const BANDS = [0.9, 0.8, 0.7, 0.6, MATCH_THRESHOLD];

function grow<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** Little-endian platforms keep a double's high word second. */
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * The positions 0 … found.length − 1 by falling `values[found[i]]` (Jaccard values, positive
 * doubles), equal values in position order. A comparison sort of a million pairs is slow; a
 * positive double's bits sort as the number does, so this is a stable radix sort on the bits,
 * complemented for falling order.
 */
function fallingOrder(values: Float64Array, found: Int32Array): Int32Array {
  const length = found.length;
  const hi = new Uint32Array(length);
  const lo = new Uint32Array(length);
  const word = new Uint32Array(2);
  const double = new Float64Array(word.buffer);
  for (let i = 0; i < length; i++) {
    double[0] = values[found[i]];
    hi[i] = ~word[HIGH] >>> 0;
    lo[i] = ~word[1 - HIGH] >>> 0;
  }
  return radixOrder(hi, lo);
}

/** The annotations (or rows) by start, then end, equal spans in their given order. */
function byPosition<T extends Span>(annotations: readonly T[]): T[] {
  const n = annotations.length;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const { start, end } = annotations[i];
    // Positions are code-point offsets; anything else keeps the general sort.
    if (!(start >= 0 && end >= 0 && start < 2 ** 32 && end < 2 ** 32 && Number.isInteger(start) && Number.isInteger(end))) {
      return [...annotations].sort((a, b) => a.start - b.start || a.end - b.end);
    }
    hi[i] = start;
    lo[i] = end;
  }
  const order = radixOrder(hi, lo);
  const out = new Array<T>(n);
  for (let i = 0; i < n; i++) out[i] = annotations[order[i]];
  return out;
}

const DIGITS = 1 << 16;

/** 0, 1, …, n − 1 (a loop: Int32Array.from with a function calls it per element). */
function identity(n: number): Int32Array<ArrayBuffer> {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/**
 * The indexes 0 … n − 1 in rising order of the 64-bit key (hi, lo), equal keys in index order:
 * a stable least-significant-digit radix sort, 16 bits a pass, passes where every key has the
 * same digit skipped. Small inputs take a comparison sort (same order).
 */
export function radixOrder(hi: Uint32Array, lo: Uint32Array): Int32Array {
  const n = hi.length;
  let order = identity(n);
  if (n < 512) return order.sort((x, y) => hi[x] - hi[y] || lo[x] - lo[y] || x - y);
  let next = new Int32Array(n);
  const counts = new Int32Array(DIGITS);
  for (let pass = 0; pass < 4; pass++) {
    const words = pass < 2 ? lo : hi;
    const shift = pass % 2 === 0 ? 0 : 16;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(words[i] >>> shift) & 0xffff]++;
    if (counts[(words[0] >>> shift) & 0xffff] === n) continue; // one digit throughout
    for (let d = 0, at = 0; d < DIGITS; d++) {
      const c = counts[d];
      counts[d] = at;
      at += c;
    }
    for (let i = 0; i < n; i++) {
      const x = order[i];
      next[counts[(words[x] >>> shift) & 0xffff]++] = x;
    }
    [order, next] = [next, order];
  }
  return order;
}

/** Partial when a chosen analyst has no highlight here; then kinds; then the judgments within TOLERANCES. */
export function rowStatus(cells: (CompareAnnotation | null)[], gaps: Gaps = judgmentGaps(cells)): RowStatus {
  if (cells.length === 0) return 'kinds differ'; // no kind at all: not one kind
  for (const c of cells) if (c === null) return 'partial';
  for (const c of cells) if (c!.kind !== cells[0]!.kind) return 'kinds differ';
  return withinTolerance(gaps) ? 'agree' : 'judgments differ';
}

/** Creation order, then id. */
export const byCreation = (a: CompareAnnotation, b: CompareAnnotation) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The indexes of `annotations` in the order of byCreation: a radix sort on the creation time
 * (whole milliseconds since 1970, below 2^53), then the few runs created in the same millisecond
 * by id; any other time takes the comparison sort.
 */
export function creationOrder(annotations: readonly CompareAnnotation[]): number[] {
  const n = annotations.length;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const t = annotations[i].createdAt;
    if (!(Number.isSafeInteger(t) && t >= 0)) return Array.from(annotations.keys()).sort((x, y) => byCreation(annotations[x], annotations[y]));
    hi[i] = Math.floor(t / 4294967296);
    lo[i] = t % 4294967296;
  }
  const order = Array.from(radixOrder(hi, lo));
  for (let from = 0; from < n; ) {
    let to = from + 1;
    while (to < n && annotations[order[to]].createdAt === annotations[order[from]].createdAt) to++;
    if (to - from > 1) {
      const run = order.slice(from, to).sort((x, y) => byCreation(annotations[x], annotations[y]));
      for (let i = from; i < to; i++) order[i] = run[i - from];
    }
    from = to;
  }
  return order;
}
