import { describe, expect, it } from 'vitest';
import { jaccard } from '@/lib/anchoring/spans';
import { byOverlap } from './join';

describe('joining by overlap', () => {
  it('measures overlap as shared over combined length', () => {
    expect(jaccard({ start: 0, end: 10 }, { start: 5, end: 15 })).toBeCloseTo(5 / 15, 12);
    expect(jaccard({ start: 0, end: 10 }, { start: 10, end: 15 })).toBe(0);
  });

  it('keeps any overlap, best first', () => {
    const a = { id: 'a', start: 0, end: 100 };
    const b = { id: 'b', start: 8, end: 14 };
    const c = { id: 'c', start: 50, end: 60 };
    expect(byOverlap([a, b, c], { start: 10, end: 15 }).map((q) => q.id)).toEqual(['b', 'a']);
  });
});
