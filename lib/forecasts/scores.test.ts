import { describe, expect, it } from 'vitest';
import { brierScore, logScore } from './scores';

describe('brierScore', () => {
  // Wikipedia "Brier score": a 70 % chance of rain scores 0.09 if it rains, 0.49 if not.
  it('reproduces the Wikipedia rain example', () => {
    expect(brierScore(0.7, 1)).toBeCloseTo(0.09, 12);
    expect(brierScore(0.7, 0)).toBeCloseTo(0.49, 12);
  });

  it('spans 0 to 1 and rejects non-probabilities', () => {
    expect(brierScore(1, 1)).toBe(0);
    expect(brierScore(0, 1)).toBe(1);
    expect(() => brierScore(1.2, 1)).toThrow(RangeError);
    expect(() => brierScore(NaN, 0)).toThrow(RangeError);
  });
});

describe('logScore', () => {
  it('is the log of the probability given to what happened', () => {
    expect(logScore(0.7, 1)).toBeCloseTo(Math.log(0.7), 12); // ≈ −0.357
    expect(logScore(0.7, 0)).toBeCloseTo(Math.log(0.3), 12); // ≈ −1.204
    expect(logScore(0.5, 1)).toBeCloseTo(-Math.LN2, 12);
  });

  it('clips to [0.001, 0.999] so certainty stays finite', () => {
    expect(logScore(0, 1)).toBeCloseTo(Math.log(0.001), 12);
    expect(logScore(1, 1)).toBeCloseTo(Math.log(0.999), 12);
    expect(logScore(1, 0)).toBeCloseTo(logScore(0, 1), 12);
    expect(logScore(1, 1)).toBeLessThan(0);
    expect(() => logScore(-0.1, 1)).toThrow(RangeError);
  });
});
