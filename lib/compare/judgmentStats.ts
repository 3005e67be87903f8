// Field-level agreement (issue #10): Krippendorff's α over the compare rows for each judgment
// inside the kinds, over all chosen analysts and per pair, with the counts behind every number.
// Pure: the rows come from matchRows (probabilities the reader may not see already masked).
import { krippendorffAlpha, type MeasurementLevel } from '@/lib/agreement';
import type { CompareRow } from './rows';
import { reliabilityRank, sourceKey } from './judgments';

export const JUDGMENT_RULE =
  'Units are the compare rows of the chosen analysts (matched by the Jaccard rule). An analyst’s value in a row is the field of their annotation in that row: credibility (ordinal, 1–6) of a claim, status (nominal) of a fact, probability (interval, 0–1) of a forecast; missing when they have no annotation there or it is another kind. For source reliability (ordinal, A–F) the units are the sources (same URL, or the same linked passage) cited in one row, and an analyst’s value is the reliability they gave that source. A unit with fewer than two values is not pairable for the field. Probabilities hidden from you (you have not given yours on that question, and it is unresolved) are dropped from your statistic and counted as dropped.';

export const HIDDEN_REASON = 'hidden until you give your own probability on the question';

export type JudgmentPair = { a: string; b: string; value: number | null; reason: string | null; units: number; meanAbsDiff?: number | null };

export type JudgmentStat = {
  value: number | null;
  reason: string | null;
  /** Pairable units (rows, or sources in a row, with two or more values). */
  units: number;
  /** Analysts with a value in some pairable unit. */
  raters: number;
  /** Values left out, and why (hidden probabilities). */
  dropped: number;
  droppedReason: string | null;
  /** Units with a single value, so not pairable. */
  unpairable: number;
  level: MeasurementLevel;
  pairs: JudgmentPair[];
  /** Probability only: the mean absolute difference, in percentage points, over all pairs of values in a unit. */
  meanAbsDiff?: number | null;
};

export type JudgmentStats = {
  rule: string;
  credibility: JudgmentStat;
  factStatus: JudgmentStat;
  probability: JudgmentStat;
  reliability: JudgmentStat;
};

/** One unit: the analysts (by column) who gave a value, and their values. */
type Unit = { who: number[]; values: (number | string)[] };

/** The units of each field from the rows; `hidden` counts masked probabilities. */
export function judgmentUnits(rows: Pick<CompareRow, 'cells'>[]) {
  const credibility: Unit[] = [];
  const factStatus: Unit[] = [];
  const probability: Unit[] = [];
  const reliability: Unit[] = [];
  let hidden = 0;
  for (const row of rows) {
    const c: Unit = { who: [], values: [] };
    const f: Unit = { who: [], values: [] };
    const p: Unit = { who: [], values: [] };
    const sources = new Map<string, Unit>();
    row.cells.forEach((cell, i) => {
      if (!cell) return;
      const fields = cell.fields;
      if (cell.kind === 'CLAIM' && fields?.credibility != null) push(c, i, fields.credibility);
      if (cell.kind === 'FACT' && fields?.status) push(f, i, fields.status);
      if (cell.kind === 'FORECAST') {
        if (fields?.hidden) hidden++;
        else if (fields?.probability != null) push(p, i, fields.probability);
      }
      for (const s of fields?.sources ?? []) {
        const key = sourceKey(s);
        const rank = reliabilityRank(s.reliability);
        if (key === null || rank === null) continue;
        let unit = sources.get(key);
        if (!unit) sources.set(key, (unit = { who: [], values: [] }));
        if (!unit.who.includes(i)) push(unit, i, rank);
      }
    });
    for (const [list, unit] of [[credibility, c], [factStatus, f], [probability, p]] as const) if (unit.who.length > 0) list.push(unit);
    for (const unit of sources.values()) reliability.push(unit);
  }
  return { credibility, factStatus, probability, reliability, hidden };
}

function push(unit: Unit, who: number, value: number | string) {
  unit.who.push(who);
  unit.values.push(value);
}

/** The statistics of every field for `analysts` (the rows' column order). */
export function judgmentStats(rows: Pick<CompareRow, 'cells'>[], analysts: string[]): JudgmentStats {
  const units = judgmentUnits(rows);
  const probability = fieldStat(units.probability, analysts, 'interval', true);
  if (units.hidden > 0) {
    probability.dropped = units.hidden;
    probability.droppedReason = HIDDEN_REASON;
  }
  return {
    rule: JUDGMENT_RULE,
    credibility: fieldStat(units.credibility, analysts, 'ordinal'),
    factStatus: fieldStat(units.factStatus, analysts, 'nominal'),
    probability,
    reliability: fieldStat(units.reliability, analysts, 'ordinal'),
  };
}

const NO_VARIATION = 'no variation: one value used throughout';

function fieldStat(units: Unit[], analysts: string[], level: MeasurementLevel, meanAbs = false): JudgmentStat {
  const pairable = units.filter((u) => u.who.length >= 2);
  const raters = new Set(pairable.flatMap((u) => u.who)).size;
  const out: JudgmentStat = {
    value: null,
    reason: null,
    units: pairable.length,
    raters,
    dropped: 0,
    droppedReason: null,
    unpairable: units.length - pairable.length,
    level,
    pairs: [],
  };
  if (analysts.length < 2) out.reason = 'needs at least two analysts';
  else if (pairable.length === 0) out.reason = 'no row where two or more analysts gave this field';
  else {
    // α over a compact matrix: only the analysts and units that carry values.
    const column = new Map<number, number>();
    for (const u of pairable) for (const w of u.who) if (!column.has(w)) column.set(w, column.size);
    const data = Array.from({ length: column.size }, () => new Array<number | string | null>(pairable.length).fill(null));
    pairable.forEach((u, x) => u.who.forEach((w, j) => (data[column.get(w)!][x] = u.values[j])));
    const alpha = krippendorffAlpha(data, level);
    if (Number.isFinite(alpha)) out.value = alpha;
    else out.reason = NO_VARIATION;
  }
  if (meanAbs) out.meanAbsDiff = meanAbsDifference(pairable.map((u) => u.values as number[]));

  // Per pair: the units where both gave a value.
  const byPair = new Map<number, [number[], (number | string)[], (number | string)[]]>();
  for (const u of pairable) {
    for (let i = 0; i < u.who.length; i++) {
      for (let j = 0; j < u.who.length; j++) {
        if (u.who[i] >= u.who[j]) continue;
        const key = u.who[i] * analysts.length + u.who[j];
        let pair = byPair.get(key);
        if (!pair) byPair.set(key, (pair = [[], [], []]));
        pair[1].push(u.values[i]);
        pair[2].push(u.values[j]);
      }
    }
  }
  for (let a = 0; a < analysts.length; a++) {
    for (let b = a + 1; b < analysts.length; b++) {
      const pair = byPair.get(a * analysts.length + b);
      const n = pair ? pair[1].length : 0;
      const entry: JudgmentPair = { a: analysts[a], b: analysts[b], value: null, reason: null, units: n };
      if (n === 0) entry.reason = 'no row where both gave this field';
      else {
        const alpha = krippendorffAlpha([pair![1], pair![2]], level);
        if (Number.isFinite(alpha)) entry.value = alpha;
        else entry.reason = NO_VARIATION;
      }
      if (meanAbs && n > 0) {
        // Each unit of a pair holds two values: the mean of |x − y| directly, in percentage points.
        let sum = 0;
        for (let i = 0; i < n; i++) sum += Math.abs((pair![1][i] as number) - (pair![2][i] as number));
        entry.meanAbsDiff = (sum / n) * 100;
      } else if (meanAbs) entry.meanAbsDiff = null;
      out.pairs.push(entry);
    }
  }
  return out;
}

/** Mean of |x − y| over every pair of values within a unit, in percentage points; null without pairs. */
export function meanAbsDifference(units: number[][]): number | null {
  let sum = 0;
  let count = 0;
  for (const values of units) {
    for (let i = 0; i < values.length; i++) {
      for (let j = i + 1; j < values.length; j++) {
        sum += Math.abs(values[i] - values[j]);
        count++;
      }
    }
  }
  return count === 0 ? null : (sum / count) * 100;
}
