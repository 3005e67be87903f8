import { describe, expect, it } from 'vitest';
import { canonicalTerm, describeProbability, termMidpoint, termMismatch } from './terms';

describe('estimative terms in use', () => {
  it('names a term or synonym by the directive’s wording, and nothing else', () => {
    expect(canonicalTerm('Highly probable')).toBe('very likely');
    expect(canonicalTerm('likely')).toBe('likely');
    expect(canonicalTerm('can be expected')).toBeNull();
  });

  it('gives a term’s midpoint and a number’s term with its range', () => {
    expect(termMidpoint('likely')).toBe(0.675);
    expect(termMidpoint('roughly even chance')).toBe(0.5);
    expect(describeProbability(0.7)).toBe('likely (55–80 %)');
  });

  it('warns only when the number lies outside the term’s range, the extremes reaching 0 and 1', () => {
    expect(termMismatch('likely', 0.6)).toBeNull();
    expect(termMismatch('likely', 0.8)).toBeNull();
    expect(termMismatch('likely', 0.3)).toBe('30 % is unlikely, not likely (55–80 %)');
    expect(termMismatch('almost certain', 1)).toBeNull();
    expect(termMismatch('almost no chance', 0)).toBeNull();
  });
});
