// Krippendorff's α for every pair of coders at once. Asked pair by pair, α re-reads the data once
// per pair (300 pairs for 25 coders); here one pass over the units fills each pair's coincidence
// counts (nominal, ordinal) or running sums (interval), and each pair's α comes from those. The
// arithmetic is krippendorffAlpha's, term by term in the same order, so each pair's number is the
// one krippendorffAlpha gives on that pair's two rows (alpha.test.ts holds them equal).
import { alphaOfUnits, type MeasurementLevel } from './alpha';

type Value = string | number;

/** A unit: the coders (by index, each at most once) who gave a value, and their values. */
export type CoderUnit = { who: readonly number[]; values: readonly Value[] };

/**
 * Per pair a < b, in the order (0,1), (0,2), …, (1,2), …: the units both coded, and α over those
 * units with a's value first (NaN when undefined, as krippendorffAlpha).
 */
export type PairAlpha = { a: number; b: number; units: number; alpha: number };

/** α for every pair of `coders` coders over the units where both gave a value. */
export function pairwiseAlpha(units: readonly CoderUnit[], coders: number, level: MeasurementLevel): PairAlpha[] {
  const pairs = (coders * (coders - 1)) / 2;
  // Pair (a, b), a < b, is number a·coders − a(a+1)/2 + (b − a − 1).
  const pairIndex = (a: number, b: number) => a * coders - (a * (a + 1)) / 2 + (b - a - 1);
  const count = new Int32Array(pairs);
  for (const u of units) {
    for (let i = 0; i < u.who.length; i++) {
      for (let j = i + 1; j < u.who.length; j++) {
        const [a, b] = u.who[i] < u.who[j] ? [u.who[i], u.who[j]] : [u.who[j], u.who[i]];
        count[pairIndex(a, b)]++;
      }
    }
  }
  const out: PairAlpha[] = [];
  const result = (alpha: (p: number) => number) => {
    for (let a = 0, p = 0; a < coders; a++) for (let b = a + 1; b < coders; b++, p++) out.push({ a, b, units: count[p], alpha: count[p] === 0 ? NaN : alpha(p) });
    return out;
  };
  if (level === 'ratio') {
    // No one-pass form kept for ratio: each pair's units gathered, then α as usual.
    const byPair = Array.from({ length: pairs }, (): Value[][] => []);
    eachPair(units, (a, b, x, y) => byPair[pairIndex(a, b)].push([x, y]));
    return result((p) => alphaOfUnits(byPair[p], level));
  }
  if (level !== 'nominal') {
    for (const u of units) {
      if (u.who.length < 2) continue; // no pair sees it
      for (const v of u.values) {
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`krippendorffAlpha: ${level} data must be finite numbers, got ${JSON.stringify(v)}`);
      }
    }
  }
  if (level === 'interval') {
    // Per pair, in unit order: Σ of each unit's spread (observed), and the sum and sum of squares of
    // all its values in the order krippendorffAlpha flattens them (a's, then b's, unit by unit).
    const observed = new Float64Array(pairs);
    const sum = new Float64Array(pairs);
    const squares = new Float64Array(pairs);
    const first = new Float64Array(pairs);
    const varies = new Uint8Array(pairs);
    const seen = new Uint8Array(pairs);
    eachPair(units, (a, b, xv, yv) => {
      const p = pairIndex(a, b);
      const x = xv as number;
      const y = yv as number;
      let s = 0;
      let q = 0;
      s += x;
      q += x * x;
      s += y;
      q += y * y;
      observed[p] += (2 * (2 * q - s * s)) / 1;
      sum[p] += x;
      squares[p] += x * x;
      sum[p] += y;
      squares[p] += y * y;
      if (!seen[p]) {
        seen[p] = 1;
        first[p] = x;
      }
      if (x !== first[p] || y !== first[p]) varies[p] = 1;
    });
    return result((p) => {
      if (!varies[p]) return NaN;
      const n = 2 * count[p];
      const expected = 2 * (n * squares[p] - sum[p] * sum[p]);
      if (expected <= 0) return NaN;
      return 1 - ((n - 1) * observed[p]) / expected;
    });
  }

  // Nominal and ordinal: a k × k coincidence count per pair, over the values used by anyone (in
  // rank order for ordinal, so the distances see the ranks as krippendorffAlpha does; the values a
  // pair did not use have no count and add nothing).
  const distinct = [...new Set(units.flatMap((u) => u.values))];
  if (level === 'ordinal') (distinct as number[]).sort((x, y) => x - y);
  const index = new Map(distinct.map((v, i) => [v, i]));
  const k = distinct.length;
  const o = new Float64Array(pairs * k * k);
  eachPair(units, (a, b, x, y) => {
    const base = pairIndex(a, b) * k * k;
    const c = index.get(x)!;
    const d = index.get(y)!;
    // Each unit of a pair holds two values, so its weight 1 / (2 − 1) is 1.
    o[base + c * k + d] += 1;
    o[base + d * k + c] += 1;
  });
  const marginals = new Float64Array(k);
  return result((p) => {
    const base = p * k * k;
    let used = 0;
    for (let c = 0; c < k; c++) {
      let m = 0;
      for (let d = 0; d < k; d++) m += o[base + c * k + d];
      marginals[c] = m;
      if (m > 0) used++;
    }
    if (used < 2) return NaN;
    const n = 2 * count[p];
    let observed = 0;
    let expected = 0;
    for (let c = 0; c < k; c++) {
      if (marginals[c] === 0) continue;
      for (let d = 0; d < k; d++) {
        if (marginals[d] === 0) continue;
        let dd: number;
        if (level === 'nominal') dd = c === d ? 0 : 1;
        else {
          const lo = c < d ? c : d;
          const hi = c < d ? d : c;
          let between = 0;
          for (let g = lo; g <= hi; g++) between += marginals[g];
          dd = (between - (marginals[lo] + marginals[hi]) / 2) ** 2;
        }
        observed += o[base + c * k + d] * dd;
        expected += marginals[c] * marginals[d] * dd;
      }
    }
    if (expected === 0) return NaN;
    return 1 - ((n - 1) * observed) / expected;
  });
}

/** Every pair of values in a unit, the lower coder's first. */
function eachPair(units: readonly CoderUnit[], visit: (a: number, b: number, x: Value, y: Value) => void) {
  for (const u of units) {
    for (let i = 0; i < u.who.length; i++) {
      for (let j = i + 1; j < u.who.length; j++) {
        if (u.who[i] < u.who[j]) visit(u.who[i], u.who[j], u.values[i], u.values[j]);
        else visit(u.who[j], u.who[i], u.values[j], u.values[i]);
      }
    }
  }
}
