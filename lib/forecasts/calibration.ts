import { checkProbability } from './probability';
import { wilsonInterval } from './reliability';

export interface CalibrationBin {
  lo: number;
  hi: number;
  meanP: number;
  /** Share of the bin's forecasts whose event happened. */
  freq: number;
  n: number;
  /** Wilson 95 % interval of `freq`. */
  interval: [number, number];
}

/**
 * Reliability-diagram data: `bins` equal-width bins [lo, hi) on [0, 1], the last
 * closed so p = 1 has a home. Bins with no forecasts are omitted rather than
 * reported with NaN means, so the result may have fewer than `bins` entries. Each bin carries the
 * Wilson 95 % interval of its observed frequency.
 */
export function calibration(items: { p: number; outcome: 0 | 1 }[], bins = 10): CalibrationBin[] {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`calibration: bins must be a positive integer, got ${bins}`);
  const sums = Array.from({ length: bins }, () => ({ p: 0, hits: 0, n: 0 }));
  for (const { p, outcome } of items) {
    checkProbability(p, 'calibration');
    let i = Math.min(Math.floor(p * bins), bins - 1);
    // p·bins can round below an exact edge (0.29·100 = 28.999…); compare with the edge itself.
    if (i + 1 < bins && p >= (i + 1) / bins) i++;
    sums[i].p += p;
    sums[i].hits += outcome;
    sums[i].n++;
  }
  return sums.flatMap((s, i) =>
    s.n === 0 ? [] : [{ lo: i / bins, hi: (i + 1) / bins, meanP: s.p / s.n, freq: s.hits / s.n, n: s.n, interval: wilsonInterval(s.hits, s.n) }],
  );
}
