import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { krippendorffAlpha, type MeasurementLevel } from './alpha';
import { type CoderUnit, pairwiseAlpha } from './pairwise';

/** The plain way: for each pair, α on the two coders' rows over the units both coded. */
function plain(units: CoderUnit[], coders: number, level: MeasurementLevel) {
  const out: { a: number; b: number; units: number; alpha: number }[] = [];
  for (let a = 0; a < coders; a++) {
    for (let b = a + 1; b < coders; b++) {
      const rowA: (string | number)[] = [];
      const rowB: (string | number)[] = [];
      for (const u of units) {
        const i = u.who.indexOf(a);
        const j = u.who.indexOf(b);
        if (i < 0 || j < 0) continue;
        rowA.push(u.values[i]);
        rowB.push(u.values[j]);
      }
      out.push({ a, b, units: rowA.length, alpha: rowA.length === 0 ? NaN : krippendorffAlpha([rowA, rowB], level) });
    }
  }
  return out;
}

/** Units of up to `coders` coders in any order, with values drawn from `value`. */
function unitsOf<T extends string | number>(value: fc.Arbitrary<T>, coders = 6) {
  return fc.array(
    fc.uniqueArray(fc.record({ who: fc.integer({ min: 0, max: coders - 1 }), value }), { selector: (x) => x.who, minLength: 1, maxLength: coders }).map((cells) => ({
      who: cells.map((c) => c.who),
      values: cells.map((c) => c.value),
    })),
    { maxLength: 60 },
  );
}

describe('pairwiseAlpha', () => {
  it.each([
    ['nominal', fc.constantFrom('VERIFIED', 'DISPUTED', 'FALSE', 'UNVERIFIED')],
    ['ordinal', fc.integer({ min: 1, max: 6 })],
    ['interval', fc.integer({ min: 0, max: 100 }).map((n) => n / 100)],
    ['interval', fc.double({ min: -1e6, max: 1e6, noNaN: true })],
    ['ratio', fc.integer({ min: 0, max: 20 })],
  ] as const)('gives every pair the number krippendorffAlpha gives on its two rows, to the last bit (%s)', (level, value) => {
    fc.assert(
      fc.property(unitsOf<string | number>(value as fc.Arbitrary<string | number>), (units) => {
        expect(pairwiseAlpha(units, 6, level)).toEqual(plain(units, 6, level));
      }),
      { numRuns: 300 },
    );
  });

  it('on a hand-made example: units, values per pair, undefined pairs', () => {
    // Coders 0, 1, 2. Pair (0,1): units 1–3 with 1/1, 2/3, 3/3; pair (0,2): unit 1 only, 1/1 (one
    // value throughout: undefined); pair (1,2): unit 1, 1/1 and unit 4, 2/2 (perfect agreement).
    const units: CoderUnit[] = [
      { who: [2, 0, 1], values: [1, 1, 1] },
      { who: [0, 1], values: [2, 3] },
      { who: [1, 0], values: [3, 3] },
      { who: [1, 2], values: [2, 2] },
      { who: [2], values: [5] },
    ];
    const result = pairwiseAlpha(units, 3, 'ordinal');
    expect(result.map((p) => [p.a, p.b, p.units])).toEqual([
      [0, 1, 3],
      [0, 2, 1],
      [1, 2, 2],
    ]);
    expect(result[0].alpha).toBe(krippendorffAlpha([[1, 2, 3], [1, 3, 3]], 'ordinal'));
    expect(result[1].alpha).toBeNaN();
    expect(result[2].alpha).toBe(1);
  });
});
