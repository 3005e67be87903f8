import { describe, expect, it } from 'vitest';
import { aggregate, spread } from './aggregate';

describe('aggregate', () => {
  it('takes the median and mean of the raw probabilities', () => {
    expect(aggregate([0.1, 0.4, 0.9], 'median')).toBe(0.4);
    expect(aggregate([0.1, 0.3, 0.4, 0.9], 'median')).toBeCloseTo(0.35, 12);
    expect(aggregate([0.1, 0.4, 0.9], 'mean')).toBeCloseTo(0.4667, 4);
  });

  /*
   * Odds of 0.2 and 0.5 are 1/4 and 1; their geometric mean is 1/2, i.e. p = 1/3.
   * Opposite forecasts 0.1 and 0.9 (odds 1/9 and 9) pool to even odds.
   */
  it('pools by the geometric mean of odds', () => {
    expect(aggregate([0.2, 0.5], 'geo-mean-odds')).toBeCloseTo(1 / 3, 12);
    expect(aggregate([0.1, 0.9], 'geo-mean-odds')).toBeCloseTo(0.5, 12);
    expect(aggregate([0.7], 'geo-mean-odds')).toBeCloseTo(0.7, 12);
  });

  it('clips before taking odds so 0 and 1 do not dominate', () => {
    expect(aggregate([0, 1], 'geo-mean-odds')).toBeCloseTo(0.5, 12);
    expect(aggregate([1, 1], 'geo-mean-odds')).toBeCloseTo(0.999, 12);
  });

  it('throws on an empty list or a non-probability', () => {
    expect(() => aggregate([], 'mean')).toThrow(/at least one/);
    expect(() => aggregate([0.5, 2], 'median')).toThrow(RangeError);
  });
});

describe('spread', () => {
  it('is zero when everyone agrees', () => {
    expect(spread([0.3])).toEqual({ sdLogOdds: 0, iqr: 0 });
    expect(spread([0.6, 0.6, 0.6]).sdLogOdds).toBeCloseTo(0, 12);
  });

  /*
   * 0.2 and 0.8 have log-odds ∓ln 4, so the population SD is ln 4 ≈ 1.386.
   * Type-7 quartiles of [0.2, 0.8] are 0.35 and 0.65 → IQR 0.3.
   */
  it('measures disagreement in log-odds and in probability', () => {
    const s = spread([0.8, 0.2]);
    expect(s.sdLogOdds).toBeCloseTo(Math.log(4), 12);
    expect(s.iqr).toBeCloseTo(0.3, 12);
    // numpy.percentile([0.1, 0.2, 0.4, 0.7, 0.9], [25, 75]) = [0.2, 0.7]
    expect(spread([0.9, 0.1, 0.4, 0.2, 0.7]).iqr).toBeCloseTo(0.5, 12);
  });

  it('throws on an empty list', () => {
    expect(() => spread([])).toThrow(/at least one/);
  });
});
