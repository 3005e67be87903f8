/**
 * Agreement coefficients return NaN when they are mathematically undefined
 * (nothing to compare, or chance agreement already perfect); `formatAgreement`
 * turns that into the word "undefined" for display.
 */

export function cohensKappa(a: (string | null)[], b: (string | null)[]): number {
  if (a.length !== b.length) {
    throw new Error(`cohensKappa: ratings differ in length (${a.length} vs ${b.length})`);
  }
  const countA = new Map<string, number>();
  const countB = new Map<string, number>();
  let n = 0;
  let agreed = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === null || y === null) continue;
    n++;
    if (x === y) agreed++;
    countA.set(x, (countA.get(x) ?? 0) + 1);
    countB.set(y, (countB.get(y) ?? 0) + 1);
  }
  if (n === 0) return NaN;
  let expected = 0;
  for (const [category, ca] of countA) expected += (ca / n) * ((countB.get(category) ?? 0) / n);
  if (expected === 1) return NaN;
  return (agreed / n - expected) / (1 - expected);
}

/** `table[i][j]` = how many raters put item i in category j. */
export function fleissKappa(table: number[][]): number {
  if (table.length === 0) return NaN;
  const raters = table[0].reduce((s, x) => s + x, 0);
  const width = table[0].length;
  table.forEach((row, i) => {
    const total = row.reduce((s, x) => s + x, 0);
    if (row.length !== width) {
      throw new Error(`fleissKappa: item ${i} has ${row.length} categories, expected ${width}`);
    }
    if (total !== raters) {
      throw new Error(
        `fleissKappa: every item needs the same number of raters; item 0 has ${raters}, item ${i} has ${total}`,
      );
    }
    if (row.some((x) => !Number.isInteger(x) || x < 0)) {
      throw new Error(`fleissKappa: item ${i} has a count that is not a non-negative integer`);
    }
  });
  if (raters < 2) throw new Error(`fleissKappa: needs at least 2 raters per item, got ${raters}`);

  const items = table.length;
  let meanAgreement = 0;
  for (const row of table) {
    const sq = row.reduce((s, x) => s + x * x, 0);
    meanAgreement += (sq - raters) / (raters * (raters - 1));
  }
  meanAgreement /= items;
  let expected = 0;
  for (let j = 0; j < width; j++) {
    const p = table.reduce((s, row) => s + row[j], 0) / (items * raters);
    expected += p * p;
  }
  if (expected === 1) return NaN;
  return (meanAgreement - expected) / (1 - expected);
}
