import { describe, expect, it } from 'vitest';
import { krippendorffAlpha } from './alpha';

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section E:
// 4 observers × 12 units, values 1–5, with missing data (unit 12 has a single
// value and so is not pairable). Published: nominal .743, ordinal .815,
// interval .849, ratio .797.
const _ = null;
const RELIABILITY_DATA = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
  [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
];

describe('krippendorffAlpha', () => {
  it.each([
    ['nominal', 0.743],
    ['ordinal', 0.815],
    ['interval', 0.849],
    ['ratio', 0.797],
  ] as const)('reproduces Krippendorff (2011) at the %s level', (level, published) => {
    expect(krippendorffAlpha(RELIABILITY_DATA, level)).toBeCloseTo(published, 3);
  });

  // Wikipedia "Krippendorff's alpha", computational example (nominal): α = 0.691.
  it('reproduces the Wikipedia computational example', () => {
    const data = [
      [_, _, _, _, _, 3, 4, 1, 2, 1, 1, 3, 3, _, 3],
      [1, _, 2, 1, 3, 3, 4, 3, _, _, _, _, _, _, _],
      [_, _, 2, 1, 3, 4, 4, _, 2, 1, 1, 3, 3, _, 4],
    ];
    expect(krippendorffAlpha(data, 'nominal')).toBeCloseTo(0.691, 3);
  });

  it('treats strings as nominal categories', () => {
    const data = [
      ['claim', 'fact', 'fact', 'forecast'],
      ['claim', 'fact', 'claim', 'forecast'],
    ];
    const numeric = [
      [1, 2, 2, 3],
      [1, 2, 1, 3],
    ];
    expect(krippendorffAlpha(data, 'nominal')).toBeCloseTo(krippendorffAlpha(numeric, 'nominal'), 12);
  });

  it('is 1 for perfect agreement and NaN when undefined', () => {
    expect(krippendorffAlpha([[1, 2, 3], [1, 2, 3]], 'interval')).toBe(1);
    expect(krippendorffAlpha([[1, 1], [1, 1]], 'nominal')).toBeNaN(); // one value: no variation
    expect(krippendorffAlpha([[1, _], [_, 2]], 'nominal')).toBeNaN(); // nothing pairable
    expect(krippendorffAlpha([], 'nominal')).toBeNaN();
  });

  it('drops units with a single value', () => {
    const base = [[1, 2, 3], [1, 2, 4]];
    const extra = [[1, 2, 3, 5], [1, 2, 4, _]];
    expect(krippendorffAlpha(extra, 'interval')).toBe(krippendorffAlpha(base, 'interval'));
  });

  it('rejects data it cannot interpret', () => {
    expect(() => krippendorffAlpha([[1, 2], [1]], 'nominal')).toThrow(/units/);
    expect(() => krippendorffAlpha([['a', 'b'], ['a', 'b']], 'ordinal')).toThrow(/numbers/);
    expect(() => krippendorffAlpha([[-1, 2], [-1, 2]], 'ratio')).toThrow(/negative/);
  });

  // Worked by hand: two coders, three units (1,1), (2,3), (3,3). Each unit's pair counts 1/(2−1) = 1
  // both ways, so o₁₁ = 2, o₂₃ = o₃₂ = 1, o₃₃ = 2; n₁ = 2, n₂ = 1, n₃ = 3, n = 6.
  //   nominal:  D_o sum = o₂₃ + o₃₂ = 2; D_e sum = Σ_{c≠k} n_c n_k = 2(2·1 + 2·3 + 1·3) = 22
  //             α = 1 − (n − 1)·2/22 = 1 − 10/22 = 6/11
  //   interval: δ² = (c − k)²: D_o sum = 2·1 = 2; D_e sum = 2(2·1·1 + 2·3·4 + 1·3·1) = 58
  //             α = 1 − 5·2/58 = 24/29
  //   ordinal:  δ²(c, k) = (Σ_{g=c..k} n_g − (n_c + n_k)/2)²: δ²(1,2) = (3 − 1.5)² = 2.25,
  //             δ²(2,3) = (4 − 2)² = 4, δ²(1,3) = (6 − 2.5)² = 12.25;
  //             D_o sum = 2·4 = 8; D_e sum = 2(2·1·2.25 + 2·3·12.25 + 1·3·4) = 180
  //             α = 1 − 5·8/180 = 7/9
  it.each([
    ['nominal', 6 / 11],
    ['interval', 24 / 29],
    ['ordinal', 7 / 9],
  ] as const)('matches a small example worked by hand at the %s level', (level, expected) => {
    expect(krippendorffAlpha([[1, 2, 3], [1, 3, 3]], level)).toBeCloseTo(expected, 12);
  });
});

describe('interval α in closed form', () => {
  // The definition pair by pair: α = 1 − (n − 1) · Σ_u Σ_{i≠j} (x_i − x_j)² / (m_u − 1) ÷ Σ_{i≠j} (x_i − x_j)²
  // over all n pairable values — what the coincidence matrix sums, without the matrix.
  const byPairs = (units: number[][]) => {
    const pairable = units.filter((u) => u.length >= 2);
    const all = pairable.flat();
    const sq = (xs: number[]) => xs.reduce((s, x, i) => s + xs.reduce((t, y, j) => t + (i === j ? 0 : (x - y) ** 2), 0), 0);
    const observed = pairable.reduce((s, u) => s + sq(u) / (u.length - 1), 0);
    return 1 - ((all.length - 1) * observed) / sq(all);
  };

  it('equals the pairwise definition on random probabilities with many distinct values', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let trial = 0; trial < 20; trial++) {
      const coders = 2 + Math.floor(random() * 5);
      const width = 5 + Math.floor(random() * 40);
      const data = Array.from({ length: coders }, () => Array.from({ length: width }, () => (random() < 0.3 ? null : random())));
      const units = Array.from({ length: width }, (_, u) => data.map((row) => row[u]).filter((v): v is number => v !== null));
      expect(krippendorffAlpha(data, 'interval')).toBeCloseTo(byPairs(units), 9);
    }
  });
});
