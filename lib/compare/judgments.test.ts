import { describe, expect, it } from 'vitest';
import { describeGaps, judgmentGaps, severity, withinTolerance } from './judgments';
import { matchRows } from './rows';
import { judgmentStats, meanAbsDifference } from './judgmentStats';
import { krippendorffAlpha } from '@/lib/agreement';
import type { CompareAnnotation, KeyFields } from './types';

let serial = 0;
const mark = (authorId: string, kind: CompareAnnotation['kind'], fields: KeyFields, start = 0, end = 10): CompareAnnotation => ({
  id: `id-${serial++}`,
  authorId,
  kind,
  start,
  end,
  createdAt: serial,
  fields,
});

describe('judgment tolerances', () => {
  it('credibility within one step agrees, two steps apart differs', () => {
    expect(withinTolerance(judgmentGaps([mark('a', 'CLAIM', { credibility: 2 }), mark('b', 'CLAIM', { credibility: 3 })]))).toBe(true);
    const gaps = judgmentGaps([mark('a', 'CLAIM', { credibility: 2 }), mark('b', 'CLAIM', { credibility: 4 })]);
    expect(withinTolerance(gaps)).toBe(false);
    expect(describeGaps(gaps)).toEqual(['credibility 2 vs 4 (2 steps apart)']);
  });

  it('probabilities within 10 points agree (10.0 exactly, despite floating point), beyond differ, with log-odds', () => {
    expect(withinTolerance(judgmentGaps([mark('a', 'FORECAST', { probability: 0.2 }), mark('b', 'FORECAST', { probability: 0.3 })]))).toBe(true);
    const gaps = judgmentGaps([mark('a', 'FORECAST', { probability: 0.8 }), mark('b', 'FORECAST', { probability: 0.45 }), mark('c', 'FORECAST', { probability: 0.55 })]);
    expect(gaps.probability).toEqual({ values: [0.8, 0.45, 0.55], points: 35, logOdds: Math.round((Math.log(4) - Math.log(0.45 / 0.55)) * 100) / 100 });
    expect(withinTolerance(gaps)).toBe(false);
  });

  it('fact status must be the same', () => {
    expect(withinTolerance(judgmentGaps([mark('a', 'FACT', { status: 'VERIFIED' }), mark('b', 'FACT', { status: 'VERIFIED' })]))).toBe(true);
    expect(withinTolerance(judgmentGaps([mark('a', 'FACT', { status: 'VERIFIED' }), mark('b', 'FACT', { status: 'FALSE' })]))).toBe(false);
  });

  it('source reliability compares the same source (by URL) across analysts', () => {
    const src = (url: string, reliability: string) => ({ url, reliability });
    const gaps = judgmentGaps([
      mark('a', 'CLAIM', { sources: [src('https://x.test/a', 'A'), src('https://y.test', 'F')] }),
      mark('b', 'CLAIM', { sources: [src('HTTPS://x.test/a/', 'D')] }),
    ]);
    expect(gaps.reliability).toEqual({ sources: 1, steps: 3, values: ['A', 'D'] });
    expect(withinTolerance(gaps)).toBe(false);
  });

  it('leaves hidden probabilities and missing fields out', () => {
    const gaps = judgmentGaps([mark('a', 'FORECAST', { probability: 0.1 }), mark('b', 'FORECAST', { probability: null, hidden: true }), null]);
    expect(gaps.probability).toBeUndefined();
    expect(gaps.hiddenProbabilities).toBe(1);
    expect(withinTolerance(gaps)).toBe(true);
  });
});

describe('row statuses with judgments', () => {
  it('agree only within tolerance; kinds differ and partial stay', () => {
    const rows = matchRows(
      [
        mark('a', 'CLAIM', { credibility: 2 }, 0, 10),
        mark('b', 'CLAIM', { credibility: 4 }, 0, 10),
        mark('a', 'CLAIM', { credibility: 2 }, 20, 30),
        mark('b', 'CLAIM', { credibility: 3 }, 20, 30),
        mark('a', 'CLAIM', {}, 40, 50),
        mark('b', 'FACT', { status: 'VERIFIED' }, 40, 50),
        mark('a', 'FACT', { status: 'VERIFIED' }, 60, 70),
      ],
      ['a', 'b'],
    );
    expect(rows.map((r) => r.status)).toEqual(['judgments differ', 'agree', 'kinds differ', 'partial']);
    expect(rows[0].gaps.credibility?.steps).toBe(2);
  });

  it('ranks by severity: kinds differ, then the largest gap, then partial', () => {
    const row = (status: string, cells: (CompareAnnotation | null)[]) => ({ status, cells, gaps: judgmentGaps(cells) });
    const kinds = row('kinds differ', [mark('a', 'CLAIM', {}), mark('b', 'FACT', {})]);
    const small = row('judgments differ', [mark('a', 'CLAIM', { credibility: 2 }), mark('b', 'CLAIM', { credibility: 4 })]);
    const large = row('judgments differ', [mark('a', 'FORECAST', { probability: 0.2 }), mark('b', 'FORECAST', { probability: 0.8 })]);
    const partial = row('partial', [mark('a', 'CLAIM', {}), null]);
    const agree = row('agree', [mark('a', 'CLAIM', {}), mark('b', 'CLAIM', {})]);
    const ranked = [partial, agree, small, kinds, large].sort((x, y) => severity(y) - severity(x));
    expect(ranked).toEqual([kinds, large, small, partial, agree]);
  });
});

describe('judgmentStats', () => {
  it('is α per level over the rows, with pairs, missing values and hidden probabilities counted', () => {
    const rows = [
      { cells: [mark('a', 'CLAIM', { credibility: 1 }), mark('b', 'CLAIM', { credibility: 1 }), null] },
      { cells: [mark('a', 'CLAIM', { credibility: 2 }), mark('b', 'CLAIM', { credibility: 3 }), mark('c', 'FACT', { status: 'FALSE' })] },
      { cells: [mark('a', 'CLAIM', { credibility: 3 }), mark('b', 'CLAIM', { credibility: 3 }), mark('c', 'CLAIM', { credibility: null })] },
      { cells: [mark('a', 'CLAIM', { credibility: 5 }), null, null] },
      {
        cells: [
          mark('a', 'FORECAST', { probability: 0.2 }),
          mark('b', 'FORECAST', { probability: 0.8 }),
          mark('c', 'FORECAST', { probability: null, hidden: true }),
        ],
      },
      { cells: [mark('a', 'FORECAST', { probability: 0.5 }), mark('b', 'FORECAST', { probability: 0.6 }), null] },
    ];
    const stats = judgmentStats(rows, ['a', 'b', 'c']);
    // Credibility: rows 1–3 pairable (a, b), row 4 has one value; same data as the hand-worked ordinal example.
    expect(stats.credibility).toMatchObject({ units: 3, unpairable: 1, raters: 2, level: 'ordinal', dropped: 0 });
    expect(stats.credibility.value).toBeCloseTo(7 / 9, 12);
    expect(stats.credibility.pairs.map((p) => [p.a, p.b, p.units])).toEqual([
      ['a', 'b', 3],
      ['a', 'c', 0],
      ['b', 'c', 0],
    ]);
    expect(stats.credibility.pairs[1].reason).toMatch(/both/);
    expect(stats.factStatus).toMatchObject({ value: null, units: 0, unpairable: 1 });
    // Probability: two rows, c's hidden value dropped with the reason.
    expect(stats.probability).toMatchObject({ units: 2, dropped: 1, level: 'interval' });
    expect(stats.probability.droppedReason).toMatch(/hidden/);
    expect(stats.probability.value).toBeCloseTo(krippendorffAlpha([[0.2, 0.5], [0.8, 0.6]], 'interval'), 12);
    expect(stats.probability.meanAbsDiff).toBeCloseTo((60 + 10) / 2, 9);
    expect(stats.reliability.reason).toMatch(/no row/);
  });

  it('mean absolute difference takes every pair within a unit', () => {
    expect(meanAbsDifference([[0.8, 0.45, 0.55]])).toBeCloseTo(((35 + 25 + 10) / 3), 9);
    expect(meanAbsDifference([[0.3]])).toBeNull();
  });
});
