import { describe, expect, it } from 'vitest';
import { estimativeTerm, termRange } from './estimative';

// ICD 203 (2015), §D.6.e(2)(a), table of expressions of likelihood.
const TABLE: [string, [number, number]][] = [
  ['almost no chance', [0.01, 0.05]],
  ['very unlikely', [0.05, 0.2]],
  ['unlikely', [0.2, 0.45]],
  ['roughly even chance', [0.45, 0.55]],
  ['likely', [0.55, 0.8]],
  ['very likely', [0.8, 0.95]],
  ['almost certain', [0.95, 0.99]],
];

describe('estimativeTerm', () => {
  it.each(TABLE)('uses "%s" inside its range', (term, [lo, hi]) => {
    expect(estimativeTerm((lo + hi) / 2)).toBe(term);
  });

  it('gives shared boundaries to the less extreme term', () => {
    expect(estimativeTerm(0.05)).toBe('very unlikely');
    expect(estimativeTerm(0.2)).toBe('unlikely');
    expect(estimativeTerm(0.45)).toBe('roughly even chance');
    expect(estimativeTerm(0.55)).toBe('roughly even chance');
    expect(estimativeTerm(0.8)).toBe('likely');
    expect(estimativeTerm(0.95)).toBe('very likely');
  });

  it('is symmetric about one half', () => {
    const mirror: Record<string, string> = {
      'almost no chance': 'almost certain',
      'very unlikely': 'very likely',
      unlikely: 'likely',
      'roughly even chance': 'roughly even chance',
    };
    for (const p of [0, 0.005, 0.01, 0.03, 0.05, 0.1, 0.2, 0.3, 0.45, 0.5]) {
      expect(estimativeTerm(1 - p)).toBe(mirror[estimativeTerm(p)]);
    }
  });

  it('extends the extreme terms to 0 and 1', () => {
    expect(estimativeTerm(0)).toBe('almost no chance');
    expect(estimativeTerm(0.001)).toBe('almost no chance');
    expect(estimativeTerm(0.999)).toBe('almost certain');
    expect(estimativeTerm(1)).toBe('almost certain');
    expect(() => estimativeTerm(1.01)).toThrow(RangeError);
  });
});

describe('termRange', () => {
  it.each(TABLE)('gives the published range of "%s"', (term, range) => {
    expect(termRange(term)).toEqual(range);
  });

  it('is case-insensitive and accepts the directive’s synonyms', () => {
    expect(termRange('Very Likely')).toEqual([0.8, 0.95]);
    expect(termRange('  ALMOST   certain ')).toEqual([0.95, 0.99]);
    expect(termRange('remote')).toEqual([0.01, 0.05]);
    expect(termRange('Probable')).toEqual([0.55, 0.8]);
  });

  it('throws on an unknown term', () => {
    expect(() => termRange('probably not')).toThrow(/not an ICD 203/);
  });
});
