// Estimative terms as a forecaster uses them: pick a term, get a number; type a number, see its
// term; and notice when the two say different things. Browser-safe (the form uses it too).
import { ESTIMATIVE_TERMS, estimativeTerm, termRange } from './estimative';

export { ESTIMATIVE_TERMS };

/** The directive's own wording for a term or its synonym ("highly probable" → "very likely"), or null if unknown. */
export function canonicalTerm(term: string): string | null {
  try {
    const [lo, hi] = termRange(term);
    return estimativeTerm((lo + hi) / 2);
  } catch {
    return null;
  }
}

/** The probability a term stands for when no number is given: the middle of its range. */
export function termMidpoint(term: string): number {
  const [lo, hi] = termRange(term);
  return Math.round(((lo + hi) / 2) * 1000) / 1000;
}

const percent = (p: number) => `${Math.round(p * 100)}`;

/** "likely (55–80 %)". */
export function describeTerm(term: string): string {
  const [lo, hi] = termRange(term);
  return `${canonicalTerm(term) ?? term} (${percent(lo)}–${percent(hi)} %)`;
}

/** The term for a probability with its range, e.g. 0.7 → "likely (55–80 %)". */
export function describeProbability(p: number): string {
  return describeTerm(estimativeTerm(p));
}

/**
 * A warning when a chosen term and a number disagree (the number lies outside the term's range), or
 * null. The extreme terms reach 0 and 1, as estimativeTerm has them.
 */
export function termMismatch(term: string, p: number): string | null {
  const [lo, hi] = termRange(term);
  const name = canonicalTerm(term)!;
  const low = name === ESTIMATIVE_TERMS[0] ? 0 : lo;
  const high = name === ESTIMATIVE_TERMS[ESTIMATIVE_TERMS.length - 1] ? 1 : hi;
  if (p >= low && p <= high) return null;
  return `${percent(p)} % is ${estimativeTerm(p)}, not ${describeTerm(term)}`;
}
