export type MeasurementLevel = 'nominal' | 'ordinal' | 'interval' | 'ratio';
type Value = string | number;

/**
 * Krippendorff's alpha via the coincidence matrix (Krippendorff 2011, "Computing
 * Krippendorff's Alpha-Reliability"): α = 1 − (n − 1) Σ o_ck δ²_ck / Σ n_c n_k δ²_ck.
 * Rows are coders, columns units; units with fewer than two values carry no
 * pairs and are dropped. NaN when undefined (nothing pairable, or a single value
 * used throughout so no disagreement is even possible).
 */
export function krippendorffAlpha(data: (Value | null)[][], level: MeasurementLevel): number {
  const width = data[0]?.length ?? 0;
  data.forEach((row, i) => {
    if (row.length !== width) {
      throw new Error(`krippendorffAlpha: coder ${i} has ${row.length} units, coder 0 has ${width}`);
    }
  });

  const units: Value[][] = [];
  for (let u = 0; u < width; u++) {
    const values = data.map((row) => row[u]).filter((v): v is Value => v !== null);
    if (values.length >= 2) units.push(values);
  }
  return alphaOfUnits(units, level);
}

/**
 * krippendorffAlpha from the pairable units directly: each unit's values (two or more) in coder
 * order, units in column order, so the same arithmetic runs in the same order and gives the same
 * number to the last bit. For callers that hold their data as units rather than as a coders × units
 * matrix (most of it null).
 */
export function alphaOfUnits(units: Value[][], level: MeasurementLevel): number {
  const present = [...new Set(units.flat())];
  if (level !== 'nominal') {
    for (const v of present) {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new Error(`krippendorffAlpha: ${level} data must be finite numbers, got ${JSON.stringify(v)}`);
      }
      if (level === 'ratio' && v < 0) throw new Error(`krippendorffAlpha: ratio data cannot be negative, got ${v}`);
    }
    // The ordinal metric needs values in rank order; sorting is harmless for the others.
    (present as number[]).sort((x, y) => x - y);
  }
  const n = units.reduce((sum, values) => sum + values.length, 0);

  // One value used throughout: no disagreement is even possible.
  if (present.length < 2) return NaN;

  if (level === 'interval') {
    // δ² = (x − y)², so both sums have closed forms over the values, with no k × k matrix (a
    // probability can take thousands of distinct values): Σ_{i≠j} (x_i − x_j)² = 2(m Σx² − (Σx)²)
    // for the m values of a unit; the marginals n_c are the counts of the pairable values.
    const spread = (values: number[]) => {
      let sum = 0;
      let squares = 0;
      for (const x of values) {
        sum += x;
        squares += x * x;
      }
      return 2 * (values.length * squares - sum * sum);
    };
    let observed = 0;
    for (const values of units) observed += spread(values as number[]) / (values.length - 1);
    const expected = spread(units.flat() as number[]);
    if (expected <= 0) return NaN;
    return 1 - ((n - 1) * observed) / expected;
  }

  const index = new Map(present.map((v, i) => [v, i]));
  const k = present.length;
  const o = Array.from({ length: k }, () => new Float64Array(k));
  for (const values of units) {
    const weight = 1 / (values.length - 1);
    // Each value's index once, then pairs of integers.
    const at = values.map((v) => index.get(v)!);
    for (let i = 0; i < at.length; i++) {
      const row = o[at[i]];
      for (let j = 0; j < at.length; j++) if (i !== j) row[at[j]] += weight;
    }
  }
  const marginals = o.map((row) => row.reduce((s, x) => s + x, 0));

  const delta = distance(level, present, marginals);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < k; c++) {
    for (let d = 0; d < k; d++) {
      const dd = delta(c, d);
      observed += o[c][d] * dd;
      expected += marginals[c] * marginals[d] * dd;
    }
  }
  if (expected === 0) return NaN;
  return 1 - ((n - 1) * observed) / expected;
}

/** Squared difference δ²(c, k) between the values at indices c and k of `values`. */
function distance(level: MeasurementLevel, values: Value[], marginals: number[]): (c: number, k: number) => number {
  switch (level) {
    case 'nominal':
      return (c, k) => (c === k ? 0 : 1);
    case 'interval':
      return (c, k) => ((values[c] as number) - (values[k] as number)) ** 2;
    case 'ratio':
      return (c, k) => {
        const x = values[c] as number;
        const y = values[k] as number;
        return x + y === 0 ? 0 : ((x - y) / (x + y)) ** 2;
      };
    case 'ordinal':
      // δ²_ck = (Σ_{g=c..k} n_g − (n_c + n_k)/2)², ranks taken from the values actually used.
      return (c, k) => {
        const [lo, hi] = c < k ? [c, k] : [k, c];
        let between = 0;
        for (let g = lo; g <= hi; g++) between += marginals[g];
        return (between - (marginals[lo] + marginals[hi]) / 2) ** 2;
      };
  }
}
