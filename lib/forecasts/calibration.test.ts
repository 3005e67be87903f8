import { describe, expect, it } from 'vitest';
import { calibration } from './calibration';

describe('calibration', () => {
  it('bins forecasts and reports the observed frequency', () => {
    const items = [
      { p: 0.12, outcome: 0 as const },
      { p: 0.18, outcome: 1 as const },
      { p: 0.85, outcome: 1 as const },
      { p: 0.75, outcome: 1 as const },
      { p: 0.7, outcome: 0 as const },
    ];
    const bins = calibration(items, 5);
    expect(bins.map((b) => [b.lo, b.hi, b.n, b.freq])).toEqual([
      [0, 0.2, 2, 0.5],
      [0.6, 0.8, 2, 0.5],
      [0.8, 1, 1, 1],
    ]); // [0.2, 0.4) and [0.4, 0.6) are empty and omitted
    expect(bins[0].meanP).toBeCloseTo(0.15, 12);
    expect(bins[1].meanP).toBeCloseTo(0.725, 12);
  });

  it('puts p = 1 in the last bin and edges in the upper bin', () => {
    const bins = calibration([{ p: 1, outcome: 1 }, { p: 0, outcome: 0 }, { p: 0.3, outcome: 1 }]);
    expect(bins.map((b) => [b.lo, b.hi, b.n])).toEqual([
      [0, 0.1, 1],
      [0.3, 0.4, 1],
      [0.9, 1, 1],
    ]);
    // 0.29·100 computes as 28.999…; the forecast still belongs in [0.29, 0.30).
    expect(calibration([{ p: 0.29, outcome: 0 }], 100)[0].lo).toBeCloseTo(0.29, 12);
  });

  it('returns nothing for no forecasts and rejects bad input', () => {
    expect(calibration([])).toEqual([]);
    expect(() => calibration([], 0)).toThrow(RangeError);
    expect(() => calibration([], 2.5)).toThrow(RangeError);
    expect(() => calibration([{ p: 1.5, outcome: 1 }])).toThrow(RangeError);
  });
});
