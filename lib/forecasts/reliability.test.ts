import { describe, expect, it } from 'vitest';
import { calibration, murphyDecomposition, wilsonInterval } from './index';

describe('wilsonInterval', () => {
  /*
   * 8 of 10, z = 1.959964 (z² = 3.841459): centre (0.8 + z²/20) / (1 + z²/10) = 0.992073 / 1.384146
   * = 0.716738; half-width z/1.384146 · √(0.8·0.2/10 + z²/400) = 1.416009 · 0.160011 = 0.226578
   * → [0.490160, 0.943316] (the usual table value for 8/10 is 0.490–0.943).
   */
  it('matches a hand-computed interval', () => {
    const [lo, hi] = wilsonInterval(8, 10);
    expect(lo).toBeCloseTo(0.49016, 5);
    expect(hi).toBeCloseTo(0.943316, 5);
  });

  /* 0 of 10: centre = half-width = 0.138767 → [0, 0.277533]; n of n mirrors it. */
  it('stays within [0, 1] at 0 and n successes', () => {
    const [lo, hi] = wilsonInterval(0, 10);
    expect(lo).toBe(0);
    expect(hi).toBeCloseTo(0.277533, 5);
    const [lo2, hi2] = wilsonInterval(10, 10);
    expect(lo2).toBeCloseTo(1 - 0.277533, 5);
    expect(hi2).toBe(1);
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
    // One trial is barely informative: for 1 of 1 the lower bound is 1 / (1 + z²) = 1 / 4.841459 ≈ 0.206549.
    expect(wilsonInterval(1, 1)[0]).toBeCloseTo(0.206549, 5);
  });

  it('narrows with z and rejects impossible counts', () => {
    expect(wilsonInterval(5, 10, 1)[1] - wilsonInterval(5, 10, 1)[0]).toBeLessThan(wilsonInterval(5, 10)[1] - wilsonInterval(5, 10)[0]);
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 2)).toThrow(RangeError);
  });

  it('is on every calibration bin', () => {
    const [bin] = calibration([{ p: 0.85, outcome: 1 }, { p: 0.82, outcome: 1 }, { p: 0.81, outcome: 0 }], 10);
    expect(bin.interval).toEqual(wilsonInterval(2, 3));
  });
});

describe('murphyDecomposition', () => {
  /*
   * Forecasts 0.2 (NO), 0.2 (YES), 0.8 (YES), 0.8 (YES), 0.8 (NO): N = 5, base rate 3/5 = 0.6.
   * Bin 0.2: n 2, frequency 0.5; bin 0.8: n 3, frequency 2/3.
   * Reliability (2·(0.2 − 0.5)² + 3·(0.8 − 2/3)²)/5 = (0.18 + 0.053333)/5 = 0.046667.
   * Resolution (2·(0.5 − 0.6)² + 3·(2/3 − 0.6)²)/5 = (0.02 + 0.013333)/5 = 0.006667.
   * Uncertainty 0.6 · 0.4 = 0.24. Brier (0.04 + 0.64 + 0.04 + 0.04 + 0.64)/5 = 0.28
   * = 0.046667 − 0.006667 + 0.24.
   */
  it('decomposes a hand-computed example exactly', () => {
    const d = murphyDecomposition([
      { p: 0.2, outcome: 0 },
      { p: 0.2, outcome: 1 },
      { p: 0.8, outcome: 1 },
      { p: 0.8, outcome: 1 },
      { p: 0.8, outcome: 0 },
    ]);
    expect(d.brier).toBeCloseTo(0.28, 12);
    expect(d.reliability).toBeCloseTo(0.7 / 15, 12);
    expect(d.resolution).toBeCloseTo(0.1 / 15, 12);
    expect(d.uncertainty).toBeCloseTo(0.24, 12);
    expect(d.reliability - d.resolution + d.uncertainty).toBeCloseTo(d.brier, 12);
  });

  it('one forecast, and certainties at 0 and 1', () => {
    // A single 0.7 on YES: reliability (0.7 − 1)² = 0.09, resolution 0, uncertainty 0.
    expect(murphyDecomposition([{ p: 0.7, outcome: 1 }])).toEqual({ brier: expect.closeTo(0.09, 12), reliability: expect.closeTo(0.09, 12), resolution: 0, uncertainty: 0 });
    // Perfect certainties: all zero but uncertainty = resolution = 0.25.
    const d = murphyDecomposition([{ p: 1, outcome: 1 }, { p: 0, outcome: 0 }]);
    expect(d).toEqual({ brier: 0, reliability: 0, resolution: 0.25, uncertainty: 0.25 });
  });

  it('rejects nothing or a non-probability', () => {
    expect(() => murphyDecomposition([])).toThrow(/at least one/);
    expect(() => murphyDecomposition([{ p: 1.1, outcome: 1 }])).toThrow(RangeError);
  });
});
