// Numbers on the forecast pages, one way everywhere.
export const pct = (p: number | null | undefined) => (p == null ? '—' : `${Math.round(p * 1000) / 10} %`);
export const num = (x: number | null | undefined, digits = 3) => (x == null ? '—' : x.toFixed(digits));
export const signed = (x: number | null | undefined, digits = 3) => (x == null ? '—' : `${x > 0 ? '+' : ''}${x.toFixed(digits)}`);
