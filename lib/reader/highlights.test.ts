import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KINDS, type Kind } from '@/lib/annotations/schemas';
import { HIGHLIGHT_CONSENSUS, HIGHLIGHT_ORPHAN } from '@/lib/annotations/schemas';
import { coveringAt, fromHighlights, kindRuns, type Placed, placeInOrder } from './highlights';

const p = (id: string, from: number, to: number, kind: Kind = 'CLAIM', mine = false): Placed => ({ id, from, to, kind, mine });
const brief = (runs: ReturnType<typeof kindRuns>) => runs.map((r) => `${r.kind.toLowerCase()}${r.mine ? ' mine' : ''} ${r.from}-${r.to}`);

describe('kindRuns', () => {
  it('draws nothing for no annotations, and one run for one', () => {
    expect(kindRuns([])).toEqual([]);
    expect(kindRuns([p('a', 3, 9, 'FACT', true)])).toEqual([{ from: 3, to: 9, kind: 'FACT', mine: true }]);
  });

  it('merges overlapping and touching annotations of one kind into one stretch', () => {
    expect(brief(kindRuns([p('a', 0, 10), p('b', 5, 15), p('c', 15, 20), p('d', 2, 4)]))).toEqual(['claim 0-20']);
    expect(brief(kindRuns([p('a', 0, 10), p('b', 11, 15)]))).toEqual(['claim 0-10', 'claim 11-15']);
  });

  it('keeps kinds apart, so that overlapping kinds nest, ordered by position then kind', () => {
    expect(brief(kindRuns([p('f', 5, 15, 'FORECAST'), p('c', 0, 10, 'CLAIM'), p('x', 8, 9, 'FACT'), p('y', 5, 6, 'CLAIM')]))).toEqual([
      'claim 0-10',
      'forecast 5-15',
      'fact 8-9',
    ]);
  });

  it('splits a stretch where whether one of its annotations is mine changes', () => {
    expect(brief(kindRuns([p('a', 0, 10), p('b', 4, 6, 'CLAIM', true), p('c', 8, 12, 'FORECAST', true)]))).toEqual([
      'claim 0-4',
      'claim mine 4-6',
      'claim 6-10',
      'forecast mine 8-12',
    ]);
  });

  it('ignores empty and inverted ranges', () => {
    expect(kindRuns([p('a', 4, 4), p('b', 9, 2)])).toEqual([]);
  });

  it('covers exactly the characters some annotation of the kind covers, mine exactly where one is mine', () => {
    const placed = fc.array(
      fc.record({ from: fc.nat(60), length: fc.integer({ min: -2, max: 30 }), kind: fc.constantFrom(...KINDS), mine: fc.boolean() }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(placed, (list) => {
        const annotations = list.map((a, i) => p(String(i), a.from, a.from + a.length, a.kind, a.mine));
        const runs = kindRuns(annotations);
        for (const kind of KINDS) {
          const mine = runs.filter((r) => r.kind === kind);
          // Runs of a kind never overlap, and are sorted.
          for (let i = 1; i < mine.length; i++) expect(mine[i].from).toBeGreaterThanOrEqual(mine[i - 1].to);
          for (let c = 0; c < 100; c++) {
            const over = annotations.filter((a) => a.kind === kind && a.from <= c && c < a.to);
            const run = mine.find((r) => r.from <= c && c < r.to);
            expect(Boolean(run)).toBe(over.length > 0);
            if (run) expect(run.mine).toBe(over.some((a) => a.mine));
          }
        }
        // Adjacent runs of a kind differ in `mine` (else they would be one).
        for (const kind of KINDS) {
          const mine = runs.filter((r) => r.kind === kind);
          for (let i = 1; i < mine.length; i++) if (mine[i].from === mine[i - 1].to) expect(mine[i].mine).not.toBe(mine[i - 1].mine);
        }
      }),
    );
  });
});

describe('coveringAt', () => {
  it('lists the annotations over a character, ends exclusive, in the list’s order', () => {
    const list = [p('a', 0, 10), p('b', 5, 6, 'FACT'), p('c', 6, 12)];
    expect(coveringAt(list, 5).map((a) => a.id)).toEqual(['a', 'b']);
    expect(coveringAt(list, 6).map((a) => a.id)).toEqual(['a', 'c']);
    expect(coveringAt(list, 12)).toEqual([]);
  });
});

describe('the reader’s list', () => {
  const ana = { id: 'u1', name: 'Ana' };
  const item = (id: string, start: number, end: number) => ({ id, kind: 'CLAIM' as const, author: ana, start, end, orphan: false, consensus: false, version: 1 });

  it('decodes the compact rows, orphans with their quote', () => {
    const list = fromHighlights({
      authors: [ana, { id: 'u2', name: 'Boris' }],
      rows: [
        ['a', 1, 5, 'FACT', 1, HIGHLIGHT_CONSENSUS, 3],
        ['b', 0, 0, 'CLAIM', 0, HIGHLIGHT_ORPHAN, 1],
      ],
      orphanQuotes: { b: 'gone' },
    });
    expect(list).toEqual([
      { id: 'a', kind: 'FACT', author: { id: 'u2', name: 'Boris' }, start: 1, end: 5, orphan: false, consensus: true, version: 3 },
      { id: 'b', kind: 'CLAIM', author: ana, start: 0, end: 0, orphan: true, consensus: false, version: 1, quote: 'gone' },
    ]);
  });

  it('places a new or moved annotation in document order, keeping the place of an unmoved one', () => {
    const list = [item('a', 0, 9), item('b', 3, 8), item('c', 3, 5), item('d', 7, 9)];
    const ids = (l: { id: string }[]) => l.map((a) => a.id).join('');
    expect(ids(placeInOrder(list, item('e', 3, 5)))).toBe('abced');
    expect(ids(placeInOrder(list, item('e', 3, 6)))).toBe('abecd');
    expect(ids(placeInOrder(list, item('e', 10, 12)))).toBe('abcde');
    expect(ids(placeInOrder(list, item('a', 4, 5)))).toBe('bcad');
    const edited = placeInOrder(list, { ...item('c', 3, 5), version: 2 });
    expect(ids(edited)).toBe('abcd');
    expect(edited[2].version).toBe(2);
    expect(list[2].version).toBe(1);
  });
});
