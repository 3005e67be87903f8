// Community predictions as forecasting platforms pool them: Metaculus's recency-weighted median and
// the extremized geometric mean of odds. Framework-free.
import { checkProbability, logOdds } from './probability';

/**
 * Metaculus's recency-weighted median of the latest forecast of each of the N forecasters: ordered
 * by time (oldest n = 1, newest n = N), forecast n weighs e^(√n − √N); with N ≤ 2 every weight is 1.
 * The weighted median of the sorted values, with normalised cumulative weights c, is the mean of the
 * first value with c ≥ ½ and the first with c > ½ (so an even split gives the midpoint).
 */
export function communityPrediction(latest: { at: number; p: number }[]): number {
  if (latest.length === 0) throw new Error('communityPrediction: needs at least one forecast');
  for (const f of latest) checkProbability(f.p, 'communityPrediction');
  const n = latest.length;
  const byTime = latest.map((f, i) => ({ f, i })).sort((a, b) => a.f.at - b.f.at || a.i - b.i);
  const weighted = byTime.map(({ f }, k) => ({ p: f.p, w: n <= 2 ? 1 : Math.exp(Math.sqrt(k + 1) - Math.sqrt(n)) }));
  weighted.sort((a, b) => a.p - b.p);
  const total = weighted.reduce((s, x) => s + x.w, 0);
  const eps = 1e-12;
  let c = 0;
  let atLeast: number | null = null;
  let above: number | null = null;
  for (const x of weighted) {
    c += x.w / total;
    if (atLeast === null && c >= 0.5 - eps) atLeast = x.p;
    if (above === null && c > 0.5 + eps) above = x.p;
  }
  return (atLeast! + (above ?? weighted[weighted.length - 1].p)) / 2;
}

/**
 * The geometric mean of odds raised to the power `a` (a > 1 pushes the pool away from 50 %, the
 * correction for forecasters who each hold only part of the evidence); each p is clipped to
 * [0.001, 0.999] first, as `aggregate` does. a = 1 is the plain geometric mean of odds.
 */
export function extremizedMean(ps: number[], a: number): number {
  if (ps.length === 0) throw new Error('extremizedMean: needs at least one forecast');
  if (!(Number.isFinite(a) && a > 0)) throw new RangeError(`extremizedMean: the power must be a positive number, got ${a}`);
  for (const p of ps) checkProbability(p, 'extremizedMean');
  const meanLogOdds = ps.reduce((s, p) => s + logOdds(p), 0) / ps.length;
  return 1 / (1 + Math.exp(-a * meanLogOdds));
}
