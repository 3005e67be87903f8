import { checkProbability, logOdds } from './probability';

export type AggregationMethod = 'median' | 'mean' | 'geo-mean-odds';

/** Pools several forecasts of one question; 'geo-mean-odds' clips each p to [0.001, 0.999] first. */
export function aggregate(ps: number[], method: AggregationMethod): number {
  check(ps, 'aggregate');
  switch (method) {
    case 'median':
      return quantile(ps, 0.5);
    case 'mean':
      return ps.reduce((s, p) => s + p, 0) / ps.length;
    case 'geo-mean-odds': {
      const meanLogOdds = ps.reduce((s, p) => s + logOdds(p), 0) / ps.length;
      return 1 / (1 + Math.exp(-meanLogOdds));
    }
  }
}

/**
 * Disagreement among forecasts: the population standard deviation of the
 * (clipped) log-odds — so one forecast has spread 0 — and the interquartile
 * range of the raw probabilities, with quartiles interpolated linearly between
 * order statistics (R's default type 7, numpy's default).
 */
export function spread(ps: number[]): { sdLogOdds: number; iqr: number } {
  check(ps, 'spread');
  const xs = ps.map(logOdds);
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
  return { sdLogOdds: Math.sqrt(variance), iqr: quantile(ps, 0.75) - quantile(ps, 0.25) };
}

function check(ps: number[], fn: string): void {
  if (ps.length === 0) throw new Error(`${fn}: needs at least one forecast`);
  for (const p of ps) checkProbability(p, fn);
}

function quantile(ps: number[], q: number): number {
  const sorted = [...ps].sort((a, b) => a - b);
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
