// How far to trust a calibration chart and what a Brier score is made of: the Wilson score
// interval for a bin's observed frequency, and Murphy's decomposition of the Brier score.
// Framework-free.
import { checkProbability } from './probability';

/**
 * The Wilson score interval for a proportion of `successes` in `n` trials (z = 1.959964: 95 %).
 * Unlike p̂ ± z·SE it stays within [0, 1] and is sensible for small n and for 0 or n successes.
 * With n = 0 nothing is known: [0, 1].
 */
export function wilsonInterval(successes: number, n: number, z = 1.959964): [number, number] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`wilsonInterval: n must be a whole number ≥ 0, got ${n}`);
  if (!Number.isInteger(successes) || successes < 0 || successes > n) {
    throw new RangeError(`wilsonInterval: successes must be a whole number in 0..n, got ${successes}`);
  }
  if (!(Number.isFinite(z) && z > 0)) throw new RangeError(`wilsonInterval: z must be positive, got ${z}`);
  if (n === 0) return [0, 1];
  const phat = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (phat + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((phat * (1 - phat)) / n + z2 / (4 * n * n));
  // At 0 or n successes the bound is exactly 0 or 1; computed, it can miss by a rounding.
  return [successes === 0 ? 0 : Math.max(0, centre - half), successes === n ? 1 : Math.min(1, centre + half)];
}

/**
 * Murphy's (1973) decomposition of the Brier score: brier = reliability − resolution + uncertainty,
 * exactly, with the forecasts binned by their distinct values. Reliability (lower is better) is how
 * far each forecast value lies from how often its events happened; resolution (higher is better)
 * how far those frequencies lie from the base rate; uncertainty is base rate × (1 − base rate).
 */
export function murphyDecomposition(items: { p: number; outcome: 0 | 1 }[]): {
  brier: number;
  reliability: number;
  resolution: number;
  uncertainty: number;
} {
  if (items.length === 0) throw new Error('murphyDecomposition: needs at least one forecast');
  const n = items.length;
  const bins = new Map<number, { n: number; hits: number }>();
  let hits = 0;
  let brier = 0;
  for (const { p, outcome } of items) {
    checkProbability(p, 'murphyDecomposition');
    brier += (p - outcome) ** 2;
    hits += outcome;
    const bin = bins.get(p) ?? { n: 0, hits: 0 };
    bin.n++;
    bin.hits += outcome;
    bins.set(p, bin);
  }
  const base = hits / n;
  let reliability = 0;
  let resolution = 0;
  for (const [p, bin] of bins) {
    const freq = bin.hits / bin.n;
    reliability += bin.n * (p - freq) ** 2;
    resolution += bin.n * (freq - base) ** 2;
  }
  return { brier: brier / n, reliability: reliability / n, resolution: resolution / n, uncertainty: base * (1 - base) };
}
