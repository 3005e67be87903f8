import { describe, expect, it } from 'vitest';
import type { AnnotationView } from '@/lib/annotations/schemas';
import { byOverlap, jaccard, joinableQuestions } from './join';

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

  it('offers each overlapping question once, named by its forecast', () => {
    const view = (id: string, start: number, end: number, questionId: string | null, statement: string | null) =>
      ({ id, target: { start, end, exact: `text ${id}` }, forecast: { questionId, statement } }) as unknown as AnnotationView;
    const offered = joinableQuestions(
      [view('1', 0, 10, 'q1', 'Q one'), view('2', 2, 9, 'q1', null), view('3', 5, 20, 'q2', null), view('4', 0, 10, null, 'no question')],
      { start: 4, end: 12 },
    );
    expect(offered).toEqual([
      { id: 'q1', statement: 'Q one' },
      { id: 'q2', statement: 'text 3' },
    ]);
  });
});
