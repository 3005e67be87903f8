/** Keeps log-odds and log scores finite: a forecast of exactly 0 or 1 would otherwise cost −∞. */
const CLIP_LO = 0.001;
const CLIP_HI = 0.999;

export function clip(p: number): number {
  return Math.min(CLIP_HI, Math.max(CLIP_LO, p));
}

export function logOdds(p: number): number {
  const q = clip(p);
  return Math.log(q / (1 - q));
}

export function checkProbability(p: number, fn: string): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`${fn}: probability must be in [0, 1], got ${p}`);
}
