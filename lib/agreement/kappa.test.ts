import { describe, expect, it } from 'vitest';
import { cohensKappa, fleissKappa } from './kappa';
import { formatAgreement } from './format';

/** Two raters' labels from a 2×2 table: [yes/yes, yes/no, no/yes, no/no]. */
function fromTable([yy, yn, ny, nn]: number[]): [string[], string[]] {
  const pairs = [
    ...Array<[string, string]>(yy).fill(['yes', 'yes']),
    ...Array<[string, string]>(yn).fill(['yes', 'no']),
    ...Array<[string, string]>(ny).fill(['no', 'yes']),
    ...Array<[string, string]>(nn).fill(['no', 'no']),
  ];
  return [pairs.map((p) => p[0]), pairs.map((p) => p[1])];
}

describe('cohensKappa', () => {
  // Wikipedia "Cohen's kappa", simple example and the two "same percentages,
  // different numbers" tables.
  it.each([
    [[20, 5, 10, 15], 0.4],
    [[45, 15, 25, 15], 0.1304],
    [[25, 35, 5, 35], 0.2593],
  ])('reproduces Wikipedia table %j → %d', (table, kappa) => {
    const [a, b] = fromTable(table);
    expect(cohensKappa(a, b)).toBeCloseTo(kappa, 4);
  });

  it('drops pairs with a missing rating', () => {
    const [a, b] = fromTable([20, 5, 10, 15]);
    expect(cohensKappa([...a, null, 'yes'], [...b, 'no', null])).toBeCloseTo(0.4, 12);
  });

  it('is NaN when undefined', () => {
    expect(cohensKappa([], [])).toBeNaN();
    expect(cohensKappa([null], ['yes'])).toBeNaN();
    expect(cohensKappa(['yes', 'yes'], ['yes', 'yes'])).toBeNaN(); // chance agreement is already 1
  });

  it('is 1 for perfect agreement and can go negative', () => {
    expect(cohensKappa(['a', 'b', 'c'], ['a', 'b', 'c'])).toBe(1);
    expect(cohensKappa(['a', 'b'], ['b', 'a'])).toBe(-1);
  });

  it('rejects ratings of different lengths', () => {
    expect(() => cohensKappa(['a'], ['a', 'b'])).toThrow(/length/);
  });
});

describe('fleissKappa', () => {
  // Wikipedia "Fleiss' kappa", worked example: 10 subjects, 5 categories, 14 raters;
  // P̄ = 0.378, P̄e = 0.213, κ = 0.210.
  const TABLE = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
  ];

  it('reproduces the Wikipedia example', () => {
    expect(fleissKappa(TABLE)).toBeCloseTo(0.21, 3);
  });

  it('is 1 for unanimous items spread over categories, NaN when undefined', () => {
    expect(fleissKappa([[3, 0], [0, 3]])).toBe(1);
    expect(fleissKappa([[3, 0], [3, 0]])).toBeNaN();
    expect(fleissKappa([])).toBeNaN();
  });

  it('rejects unequal rater counts and malformed tables', () => {
    expect(() => fleissKappa([[2, 1], [1, 1]])).toThrow(/same number of raters.*item 1 has 2/);
    expect(() => fleissKappa([[1, 0], [0, 1]])).toThrow(/at least 2 raters/);
    expect(() => fleissKappa([[1, 1], [2]])).toThrow(/categories/);
    expect(() => fleissKappa([[1.5, 0.5]])).toThrow(/integer/);
  });
});

describe('formatAgreement', () => {
  it('prints NaN as "undefined"', () => {
    expect(formatAgreement(NaN)).toBe('undefined');
    expect(formatAgreement(0.2101)).toBe('0.210');
    expect(formatAgreement(-1, 2)).toBe('-1.00');
  });
});
