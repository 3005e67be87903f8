import { describe, expect, it } from 'vitest';
import { aggregate, communityPrediction, extremizedMean } from './index';

describe('communityPrediction (recency-weighted median)', () => {
  it('is the plain median for one or two forecasters (no weighting when N ≤ 2)', () => {
    expect(communityPrediction([{ at: 5, p: 0.3 }])).toBe(0.3);
    // N = 2, weights 1 and 1: c = ½ at 0.2 (first c ≥ ½) and 1 at 0.6 (first c > ½) → 0.4.
    expect(communityPrediction([{ at: 1, p: 0.6 }, { at: 2, p: 0.2 }])).toBeCloseTo(0.4, 12);
  });

  /*
   * N = 4, oldest first: 0.1, 0.2, 0.8, 0.9. Weights e^(√n − 2): e^−1 ≈ 0.367879, e^(√2−2) ≈ 0.556706,
   * e^(√3−2) ≈ 0.764930, 1; total ≈ 2.689515. Sorted by value the cumulative shares are ≈ 0.1368,
   * 0.3438, 0.6282, 1, so the first with c ≥ ½ and the first with c > ½ are both 0.8 → 0.8
   * (the unweighted median would be 0.5: the recent forecasts pull it).
   */
  it('weights recent forecasts more, hand-computed for N = 4', () => {
    const latest = [
      { at: 1, p: 0.1 },
      { at: 2, p: 0.2 },
      { at: 3, p: 0.8 },
      { at: 4, p: 0.9 },
    ];
    expect(communityPrediction(latest)).toBe(0.8);
    // The same values, the old ones now recent: cumulative shares (value order 0.1 ← newest) ≈ 0.3718,
    // 0.6563, … → 0.2.
    expect(communityPrediction(latest.map((f, i) => ({ ...f, at: 10 - i })))).toBe(0.2);
    expect(aggregate(latest.map((f) => f.p), 'median')).toBeCloseTo(0.5, 12);
  });

  /*
   * N = 3: 0.2 (oldest), 0.5, 0.9 (newest). Weights e^(1−√3) ≈ 0.48097, e^(√2−√3) ≈ 0.72770, 1;
   * shares 0.2178, 0.5472, 1 → 0.5.
   */
  it('N = 3', () => {
    expect(communityPrediction([{ at: 1, p: 0.2 }, { at: 2, p: 0.5 }, { at: 3, p: 0.9 }])).toBe(0.5);
  });

  it('takes 0 and 1 as given, and rejects nothing or a non-probability', () => {
    expect(communityPrediction([{ at: 1, p: 0 }, { at: 2, p: 1 }])).toBe(0.5);
    expect(() => communityPrediction([])).toThrow(/at least one/);
    expect(() => communityPrediction([{ at: 1, p: -0.1 }])).toThrow(RangeError);
  });
});

describe('extremizedMean', () => {
  /*
   * Odds of 0.2 and 0.5 are 1/4 and 1, geometric mean 1/2. Raised to 1.5: 0.353553, so
   * p = 0.353553 / 1.353553 ≈ 0.261204. With a = 1 it is the geometric mean of odds, 1/3.
   */
  it('pools odds geometrically and raises them to the power a', () => {
    expect(extremizedMean([0.2, 0.5], 1.5)).toBeCloseTo(0.5 ** 1.5 / (1 + 0.5 ** 1.5), 12);
    expect(extremizedMean([0.2, 0.5], 1.5)).toBeCloseTo(0.261204, 6);
    expect(extremizedMean([0.2, 0.5], 1)).toBeCloseTo(aggregate([0.2, 0.5], 'geo-mean-odds'), 12);
    expect(extremizedMean([0.7, 0.8], 2)).toBeGreaterThan(0.8);
  });

  it('leaves even odds alone and clips 0 and 1', () => {
    expect(extremizedMean([0.5], 3)).toBeCloseTo(0.5, 12);
    expect(extremizedMean([0, 1], 1.5)).toBeCloseTo(0.5, 12);
    // 0.999 → odds 999, 999^1.5 ≈ 31575.6 → p ≈ 0.9999683.
    expect(extremizedMean([1], 1.5)).toBeCloseTo(999 ** 1.5 / (1 + 999 ** 1.5), 12);
  });

  it('rejects nothing, a bad power or a non-probability', () => {
    expect(() => extremizedMean([], 1.5)).toThrow(/at least one/);
    expect(() => extremizedMean([0.5], 0)).toThrow(RangeError);
    expect(() => extremizedMean([2], 1.5)).toThrow(RangeError);
  });
});
