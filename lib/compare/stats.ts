// Agreement statistics for a chosen set of analysts, with the counts behind every number. The
// coefficients come from lib/agreement; this module chooses the units, counts what was dropped and
// turns "undefined" (NaN there) into null plus a reason a reader can act on.
import { cohensKappa, fleissKappa, krippendorffAlpha, type MarkedUnit, unitizingDisagreements } from '@/lib/agreement';
import { KINDS, type Kind } from '@/lib/annotations/schemas';
import type { OrderedMarks } from './sentences';
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
  const mine = spans.filter((s) => chosen.has(s.coder));
  const given = new Map<string, number>();
  for (const s of mine) given.set(s.category, (given.get(s.category) ?? 0) + 1);
  return mergedSpanStats(length, disjointUnits(length, mine).units, given);
}

/** One stretch of the continuum (a document at `offset`) and each author's spans there. */
export type MarkedStretch = { offset: number; marks: ReadonlyMap<string, OrderedMarks> };

/**
 * spanStats for spans held per author, as a corpus is loaded: the same numbers, without a
 * MarkedUnit per span (a corpus has 100,000s). Analysts come in `analysts` order, kinds in KINDS
 * order, so the units reach unitizing α in the order spanStats would give them if handed the spans
 * so sorted; each analyst's spans of a kind are merged as disjointUnits merges them.
 */
export function spanStatsOf(length: number, stretches: MarkedStretch[], analysts: string[]): SpanStats {
  const units: MarkedUnit[] = [];
  const given = new Map<string, number>();
  for (const coder of new Set(analysts)) {
    const starts = KINDS.map((): number[] => []);
    const ends = KINDS.map((): number[] => []);
    for (const { offset, marks } of stretches) {
      const own = marks.get(coder);
      if (!own) continue;
      for (let i = 0; i < own.kind.length; i++) {
        const k = KINDS.indexOf(own.kind[i]);
        starts[k].push(Math.max(0, own.start[i] + offset));
        ends[k].push(Math.min(length, own.end[i] + offset));
      }
    }
    KINDS.forEach((category, k) => {
      const start = starts[k];
      const end = ends[k];
      if (start.length === 0) return;
      given.set(category, (given.get(category) ?? 0) + start.length);
      const order = Array.from(start.keys()).sort((x, y) => start[x] - start[y]);
      let current: MarkedUnit | undefined;
      for (const i of order) {
        if (end[i] <= start[i]) continue;
        if (current && start[i] < current.end) current.end = Math.max(current.end, end[i]);
        else units.push((current = { coder, category, start: start[i], end: end[i] }));
      }
    });
  }
  return mergedSpanStats(length, units, given);
}

/** The statistics of units already disjoint per analyst and kind; `given` counts each kind's spans before merging. */
function mergedSpanStats(length: number, units: MarkedUnit[], given: ReadonlyMap<string, number>): SpanStats {
  const raters = new Set(units.map((u) => u.coder)).size;
  const kept = new Map<string, number>();
  for (const u of units) kept.set(u.category, (kept.get(u.category) ?? 0) + 1);
  const merged = [...given.values()].reduce((sum, n) => sum + n, 0) - units.length;
  // Each kind's disagreements once, for its own α and for the α over all kinds (unitizing α's sums).
  const parts = length > 0 && raters >= 2 ? unitizingDisagreements(length, units) : undefined;
  const alpha = (category?: Kind) => {
    let observed = 0;
    let expected = 0;
    for (const [c, part] of parts ?? []) {
      if (category !== undefined && c !== category) continue;
      observed += part.observed;
      expected += part.expected;
    }
    return expected === 0 ? NaN : 1 - observed / expected;
  };
  const compute = (category?: Kind): Stat => {
    const own = category ? (kept.get(category) ?? 0) : units.length;
    const ownMerged = category ? (given.get(category) ?? 0) - own : merged;
    const counts = { units: own, raters, dropped: Math.max(0, ownMerged) };
    if (length <= 0) return undefinedStat('the text is empty', counts);
    if (raters < 2) return undefinedStat('needs highlights from at least two analysts', counts);
    if (own === 0) return undefinedStat(category ? `no ${category.toLowerCase()} highlights` : 'no highlights', counts);
    return stat(alpha(category), 'no expected disagreement to compare against', counts);
  };
  return {
    length,
    all: compute(),
    byKind: Object.fromEntries(KINDS.map((k) => [k, compute(k)])) as Record<Kind, Stat>,
  };
}
