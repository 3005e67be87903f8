// Field-level agreement (issue #10): Krippendorff's α over the compare rows for each judgment
// inside the kinds, over all chosen analysts and per pair, with the counts behind every number.
// Pure: the rows come from matchRows (probabilities the reader may not see already masked).
import { alphaOfUnits, type MeasurementLevel, pairwiseAlpha } from '@/lib/agreement';
import type { CompareRow } from './rows';
import type { CompareAnnotation, KeyFields } from './types';
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

export const JUDGMENT_FIELDS = ['credibility', 'factStatus', 'probability', 'reliability'] as const;
export type JudgmentField = (typeof JUDGMENT_FIELDS)[number];

/**
 * The units of each field from the rows (of the fields in `only`, when given; the others stay
 * empty); `hidden` counts masked probabilities.
 */
export function judgmentUnits(rows: Pick<CompareRow, 'cells'>[], only?: ReadonlySet<JudgmentField>) {
  const want = (field: JudgmentField) => !only || only.has(field);
  const wantCredibility = want('credibility');
  const wantStatus = want('factStatus');
  const wantProbability = want('probability');
  const wantReliability = want('reliability');
  const credibility: Unit[] = [];
  const factStatus: Unit[] = [];
  const probability: Unit[] = [];
  const reliability: Unit[] = [];
  let hidden = 0;
  for (const row of rows) {
    // A unit is made only when someone gives the field (a page holds 10,000s of rows).
    let c: Unit | null = null;
    let f: Unit | null = null;
    let p: Unit | null = null;
    let sources: Map<string, Unit> | null = null;
    const cells = row.cells;
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i];
      if (!cell) continue;
      const fields = cell.fields;
      if (!fields) continue;
      if (cell.kind === 'CLAIM') {
        if (wantCredibility && fields.credibility != null) push((c ??= { who: [], values: [] }), i, fields.credibility);
      } else if (cell.kind === 'FACT') {
        if (wantStatus && fields.status) push((f ??= { who: [], values: [] }), i, fields.status);
      } else if (cell.kind === 'FORECAST' && wantProbability) {
        if (fields.hidden) hidden++;
        else if (fields.probability != null) push((p ??= { who: [], values: [] }), i, fields.probability);
      }
      if (!fields.sources || !wantReliability) continue;
      for (const s of fields.sources) {
        const key = sourceKey(s);
        const rank = reliabilityRank(s.reliability);
        if (key === null || rank === null) continue;
        let unit = (sources ??= new Map()).get(key);
        if (!unit) sources.set(key, (unit = { who: [], values: [] }));
        if (!unit.who.includes(i)) push(unit, i, rank);
      }
    }
    if (c) credibility.push(c);
    if (f) factStatus.push(f);
    if (p) probability.push(p);
    if (sources) for (const unit of sources.values()) reliability.push(unit);
  }
  return { credibility, factStatus, probability, reliability, hidden };
}

function push(unit: Unit, who: number, value: number | string) {
  unit.who.push(who);
  unit.values.push(value);
}

/** One field's units over some rows, and (probability only) how many values were hidden there. */
export type FieldUnits = { units: Unit[]; hidden: number };

/** judgmentUnits as FieldUnits, for the fields in `only` (all when not given), in one pass over the rows. */
export function unitsByField(rows: Pick<CompareRow, 'cells'>[], only?: ReadonlySet<JudgmentField>): Partial<Record<JudgmentField, FieldUnits>> {
  const units = judgmentUnits(rows, only);
  const out: Partial<Record<JudgmentField, FieldUnits>> = {};
  for (const field of JUDGMENT_FIELDS) if (!only || only.has(field)) out[field] = { units: units[field], hidden: field === 'probability' ? units.hidden : 0 };
  return out;
}

/** Statistics held from before a change, and the fields the change touched (the others are kept). */
export type JudgmentReuse = { stats: JudgmentStats; changed: ReadonlySet<JudgmentField> };

/**
 * The statistics of every field for `analysts` (the rows' column order). With `reuse`, the
 * statistics of the same analysts over rows that differ from these only in `reuse.changed`'s
 * fields: the other fields' statistics are taken from it as they are (their units are the same),
 * and only the changed fields are computed.
 */
export function judgmentStats(rows: Pick<CompareRow, 'cells'>[], analysts: string[], reuse?: JudgmentReuse): JudgmentStats {
  if (reuse?.changed.size === 0) return reuse.stats;
  const units = unitsByField(rows, reuse?.changed);
  return judgmentStatsOf((field) => units[field]!, analysts, reuse);
}

/**
 * judgmentStats from each field's units, as `unitsOf` gives them (asked only for the fields
 * computed): units held per document can be reused, and pooled over the corpus.
 */
export function judgmentStatsOf(unitsOf: (field: JudgmentField) => FieldUnits, analysts: string[], reuse?: JudgmentReuse): JudgmentStats {
  if (reuse?.changed.size === 0) return reuse.stats;
  const computed = (field: JudgmentField) => !reuse || reuse.changed.has(field);
  let probability: JudgmentStat;
  if (computed('probability')) {
    const { units, hidden } = unitsOf('probability');
    probability = fieldStat(units, analysts, 'interval', true);
    if (hidden > 0) {
      probability.dropped = hidden;
      probability.droppedReason = HIDDEN_REASON;
    }
  } else probability = reuse!.stats.probability;
  return {
    rule: JUDGMENT_RULE,
    credibility: computed('credibility') ? fieldStat(unitsOf('credibility').units, analysts, 'ordinal') : reuse!.stats.credibility,
    factStatus: computed('factStatus') ? fieldStat(unitsOf('factStatus').units, analysts, 'nominal') : reuse!.stats.factStatus,
    probability,
    reliability: computed('reliability') ? fieldStat(unitsOf('reliability').units, analysts, 'ordinal') : reuse!.stats.reliability,
  };
}

/**
 * The judgment fields whose units can differ when annotation `before` becomes `after` in the same
 * cell of a row (same id, author and place): a field is touched when either one gives it (its kind
 * carries it) and its value (or whether it is hidden) differs, or the kind changed; reliability when
 * the rated sources differ.
 */
export function changedFields(before: CompareAnnotation, after: CompareAnnotation, into: Set<JudgmentField>) {
  const b = before.fields;
  const a = after.fields;
  const sameKind = before.kind === after.kind;
  if ((before.kind === 'CLAIM' || after.kind === 'CLAIM') && !(sameKind && b?.credibility === a?.credibility)) into.add('credibility');
  if ((before.kind === 'FACT' || after.kind === 'FACT') && !(sameKind && b?.status === a?.status)) into.add('factStatus');
  if ((before.kind === 'FORECAST' || after.kind === 'FORECAST') && !(sameKind && b?.probability === a?.probability && !b?.hidden === !a?.hidden)) {
    into.add('probability');
  }
  if (!sameSources(b?.sources, a?.sources)) into.add('reliability');
}

function sameSources(x: KeyFields['sources'], y: KeyFields['sources']): boolean {
  if (x === y) return true;
  if (!x || !y || x.length !== y.length) return (x?.length ?? 0) === 0 && (y?.length ?? 0) === 0;
  return x.every((s, i) => s.url === y[i].url && (s.annotation ?? null) === (y[i].annotation ?? null) && s.reliability === y[i].reliability);
}

const NO_VARIATION = 'no variation: one value used throughout';

function fieldStat(units: Unit[], analysts: string[], level: MeasurementLevel, meanAbs = false): JudgmentStat {
  const pairable = units.filter((u) => u.who.length >= 2);
  const rated = new Uint8Array(analysts.length);
  let raters = 0;
  for (const u of pairable) for (const w of u.who) if (!rated[w]) (rated[w] = 1), raters++;
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
    // α over the pairable units, each unit's values in the order of a compact coders × units
    // matrix (coders numbered as they first appear): krippendorffAlpha's order, without the matrix.
    const column = new Int32Array(analysts.length).fill(-1);
    let columns = 0;
    for (const u of pairable) for (const w of u.who) if (column[w] < 0) column[w] = columns++;
    const ordered = pairable.map((u) => {
      let inOrder = true;
      for (let j = 1; j < u.who.length && inOrder; j++) inOrder = column[u.who[j - 1]] < column[u.who[j]];
      if (inOrder) return u.values;
      return u.who.map((w, j) => j).sort((x, y) => column[u.who[x]] - column[u.who[y]]).map((j) => u.values[j]);
    });
    const alpha = alphaOfUnits(ordered, level);
    if (Number.isFinite(alpha)) out.value = alpha;
    else out.reason = NO_VARIATION;
  }
  if (meanAbs) out.meanAbsDiff = meanAbsDifference(pairable.map((u) => u.values as number[]));

  // Per pair: the units where both gave a value, all pairs in one pass (lib/agreement/pairwise).
  const perPair = pairwiseAlpha(pairable, analysts.length, level);
  // Probability: the mean of |x − y| over the pair's units, summed in unit order.
  const absSum = meanAbs ? new Float64Array(perPair.length) : null;
  if (absSum) {
    const n = analysts.length;
    for (const u of pairable) {
      for (let i = 0; i < u.who.length; i++) {
        for (let j = i + 1; j < u.who.length; j++) {
          const [a, b, x, y] = u.who[i] < u.who[j] ? [u.who[i], u.who[j], u.values[i], u.values[j]] : [u.who[j], u.who[i], u.values[j], u.values[i]];
          absSum[a * n - (a * (a + 1)) / 2 + (b - a - 1)] += Math.abs((x as number) - (y as number));
        }
      }
    }
  }
  perPair.forEach(({ a, b, units: n, alpha }, p) => {
    const entry: JudgmentPair = { a: analysts[a], b: analysts[b], value: null, reason: null, units: n };
    if (n === 0) entry.reason = 'no row where both gave this field';
    else if (Number.isFinite(alpha)) entry.value = alpha;
    else entry.reason = NO_VARIATION;
    // Each unit of a pair holds two values: the mean of |x − y| directly, in percentage points.
    if (absSum) entry.meanAbsDiff = n > 0 ? (absSum[p] / n) * 100 : null;
    out.pairs.push(entry);
  });
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
