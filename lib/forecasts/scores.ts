import { checkProbability, clip } from './probability';

/** Squared error of a binary forecast: 0 is perfect, 1 is confidently wrong. */
export function brierScore(p: number, outcome: 0 | 1): number {
  checkProbability(p, 'brierScore');
  return (p - outcome) ** 2;
}

/** ln of the probability given to what happened, after clipping p to [0.001, 0.999]: ≤ 0, higher is better. */
export function logScore(p: number, outcome: 0 | 1): number {
  checkProbability(p, 'logScore');
  const q = clip(p);
  return Math.log(outcome === 1 ? q : 1 - q);
}
