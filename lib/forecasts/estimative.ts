import { checkProbability } from './probability';

/**
 * ICD 203 (Intelligence Community Directive 203, Analytic Standards, 2015, §D.6.e)
 * expressions of likelihood, each with its published range and the alternative
 * wording the directive allows.
 */
const TERMS: { term: string; synonym: string; range: [number, number] }[] = [
  { term: 'almost no chance', synonym: 'remote', range: [0.01, 0.05] },
  { term: 'very unlikely', synonym: 'highly improbable', range: [0.05, 0.2] },
  { term: 'unlikely', synonym: 'improbable', range: [0.2, 0.45] },
  { term: 'roughly even chance', synonym: 'roughly even odds', range: [0.45, 0.55] },
  { term: 'likely', synonym: 'probable', range: [0.55, 0.8] },
  { term: 'very likely', synonym: 'highly probable', range: [0.8, 0.95] },
  { term: 'almost certain', synonym: 'nearly certain', range: [0.95, 0.99] },
];

/** The seven ICD 203 terms, least to most likely. */
export const ESTIMATIVE_TERMS: readonly string[] = TERMS.map((t) => t.term);

/**
 * The ICD 203 term for p. Adjacent ranges share their endpoints; a boundary goes
 * to the less extreme term (0.05 → "very unlikely", 0.45 and 0.55 → "roughly even
 * chance", 0.95 → "very likely"), which keeps the scale symmetric:
 * term(1 − p) mirrors term(p). The directive has no words beyond 1–99 %, so
 * p < 0.01 is "almost no chance" and p > 0.99 "almost certain".
 */
export function estimativeTerm(p: number): string {
  checkProbability(p, 'estimativeTerm');
  if (p <= 0.5) return TERMS.find(({ range: [, hi] }) => p < hi)!.term;
  return [...TERMS].reverse().find(({ range: [lo] }) => p > lo)!.term;
}

/** The published range of an ICD 203 term or its synonym, case-insensitive; throws on anything else. */
export function termRange(term: string): [number, number] {
  const key = term.trim().toLowerCase().replace(/\s+/g, ' ');
  const entry = TERMS.find((t) => t.term === key || t.synonym === key);
  if (!entry) throw new Error(`termRange: "${term}" is not an ICD 203 expression of likelihood`);
  return [...entry.range];
}
