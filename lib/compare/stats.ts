// Agreement statistics for a chosen set of analysts, with the counts behind every number. The
// coefficients come from lib/agreement; this module chooses the units, counts what was dropped and
// turns "undefined" (NaN there) into null plus a reason a reader can act on.
import { cohensKappa, fleissKappa, krippendorffAlpha, type MarkedUnit, unitizingAlpha } from '@/lib/agreement';
import { KINDS, type Kind } from '@/lib/annotations/schemas';
import type { Label } from './types';

/** One coefficient: null with a reason when undefined, never NaN. */
export type Stat = {
  value: number | null;
  reason: string | null;
  /** Units the number is computed on (sentences, or spans for unitizing α). */
  units: number;
  /** Analysts whose codes enter it. */
  raters: number;
  /** Units left out (e.g. sentences a chosen analyst did not code; overlapping spans merged). */
  dropped: number;
};

export type PairStat = Stat & { a: string; b: string };

export type SentenceStats = {
  /** Sentences in the text(s). */
  sentences: number;
  cohen: PairStat[];
  fleiss: Stat;
  krippendorff: Stat;
};

export type SpanStats = {
  /** Length of the continuum in code points. */
  length: number;
  all: Stat;
  byKind: Record<Kind, Stat>;
};

export const LABELS: readonly Label[] = ['none', ...KINDS];

const TWO_ANALYSTS = 'needs at least two analysts';

function stat(value: number, reason: string, counts: Omit<Stat, 'value' | 'reason'>): Stat {
  return Number.isFinite(value) ? { value, reason: null, ...counts } : { value: null, reason, ...counts };
}

const undefinedStat = (reason: string, counts: Omit<Stat, 'value' | 'reason'>): Stat => ({ value: null, reason, ...counts });

/** `labels[r][s]` is analyst r's label for sentence s, null where they did not code it. */
export function sentenceStats(labels: (Label | null)[][], analysts: string[]): SentenceStats {
  const sentences = labels[0]?.length ?? 0;
  const cohen: PairStat[] = [];
  for (let a = 0; a < analysts.length; a++) {
    for (let b = a + 1; b < analysts.length; b++) {
      let units = 0;
      for (let s = 0; s < sentences; s++) if (labels[a][s] !== null && labels[b][s] !== null) units++;
      const counts = { units, raters: 2, dropped: sentences - units };
      cohen.push({
        a: analysts[a],
        b: analysts[b],
        ...(units === 0
          ? undefinedStat('no sentence coded by both', counts)
          : stat(cohensKappa(labels[a], labels[b]), 'no variation: both gave one and the same label throughout', counts)),
      });
    }
  }
  return { sentences, cohen, fleiss: fleiss(labels, sentences), krippendorff: krippendorff(labels, sentences) };
}

function fleiss(labels: (Label | null)[][], sentences: number): Stat {
  const raters = labels.length;
  if (raters < 2) return undefinedStat(TWO_ANALYSTS, { units: sentences, raters, dropped: 0 });
  // Fleiss needs every rater on every unit: sentences a chosen analyst did not code are dropped.
  const table: number[][] = [];
  for (let s = 0; s < sentences; s++) {
    if (labels.some((row) => row[s] === null)) continue;
    const counts = LABELS.map(() => 0);
    for (const row of labels) counts[LABELS.indexOf(row[s]!)]++;
    table.push(counts);
  }
  const counts = { units: table.length, raters, dropped: sentences - table.length };
  if (table.length === 0) return undefinedStat('no sentence coded by every chosen analyst', counts);
  return stat(fleissKappa(table), 'no variation: every sentence got the same label from everyone', counts);
}

function krippendorff(labels: (Label | null)[][], sentences: number): Stat {
  const raters = labels.length;
  if (raters < 2) return undefinedStat(TWO_ANALYSTS, { units: sentences, raters, dropped: 0 });
  // Only sentences with at least two codes carry pairs; the rest are dropped (as α itself does).
  let pairable = 0;
  for (let s = 0; s < sentences; s++) {
    let coded = 0;
    for (const row of labels) if (row[s] !== null) coded++;
    if (coded >= 2) pairable++;
  }
  const counts = { units: pairable, raters, dropped: sentences - pairable };
  if (pairable === 0) return undefinedStat('no sentence coded by two or more analysts', counts);
  return stat(krippendorffAlpha(labels, 'nominal'), 'no variation: a single label is used throughout', counts);
}

/**
 * Merges each analyst's overlapping spans of one kind into their union: unitizing α needs one
 * coder's units of a category to be disjoint. Spans are clipped to [0, length).
 */
export function disjointUnits(length: number, units: MarkedUnit[]): { units: MarkedUnit[]; merged: number } {
  const groups = new Map<string, MarkedUnit[]>();
  for (const u of units) {
    const start = Math.max(0, u.start);
    const end = Math.min(length, u.end);
    if (end <= start) continue;
    const key = `${u.coder}\u0000${u.category}`;
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push({ ...u, start, end });
  }
  const out: MarkedUnit[] = [];
  for (const list of groups.values()) {
    list.sort((x, y) => x.start - y.start);
    let current = list[0];
    for (let i = 1; i < list.length; i++) {
      if (list[i].start < current.end) current = { ...current, end: Math.max(current.end, list[i].end) };
      else {
        out.push(current);
        current = list[i];
      }
    }
    out.push(current);
  }
  return { units: out, merged: units.length - out.length };
}

/**
 * Krippendorff's unitizing α on code-point spans, over all kinds and per kind. Only analysts in
 * `analysts` count; as in lib/agreement, an analyst with no span at all is not a coder here.
 */
export function spanStats(length: number, spans: MarkedUnit[], analysts: string[]): SpanStats {
  const chosen = new Set(analysts);
  const { units, merged } = disjointUnits(length, spans.filter((s) => chosen.has(s.coder)));
  const raters = new Set(units.map((u) => u.coder)).size;
  const compute = (category?: Kind): Stat => {
    const own = category ? units.filter((u) => u.category === category) : units;
    const ownMerged = category ? spans.filter((s) => chosen.has(s.coder) && s.category === category).length - own.length : merged;
    const counts = { units: own.length, raters, dropped: Math.max(0, ownMerged) };
    if (length <= 0) return undefinedStat('the text is empty', counts);
    if (raters < 2) return undefinedStat('needs highlights from at least two analysts', counts);
    if (own.length === 0) return undefinedStat(category ? `no ${category.toLowerCase()} highlights` : 'no highlights', counts);
    return stat(unitizingAlpha(length, units, category), 'no expected disagreement to compare against', counts);
  };
  return {
    length,
    all: compute(),
    byKind: Object.fromEntries(KINDS.map((k) => [k, compute(k)])) as Record<Kind, Stat>,
  };
}
