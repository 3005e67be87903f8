export interface MarkedUnit {
  coder: string;
  start: number;
  end: number;
  category: string;
}

interface Segment {
  start: number;
  end: number;
  marked: boolean;
}

/**
 * Krippendorff's unitizing alpha (Krippendorff 1995, 2004 ch. 12) on the integer
 * continuum [0, length) with end-exclusive spans, computed as DKPro Agreement's
 * KrippendorffAlphaUnitizingAgreement does. For a category c, each coder's
 * continuum splits into their units of c and the gaps between them. With R
 * coders, N_c units of c over all coders (lengths l), and G_c the gaps of all
 * coders:
 *
 *   D_o(c) = 2 / (R(R−1)L²) · Σ_{coder pairs} Σ_{overlapping segment pairs (s, t)} δ²(s, t)
 *     δ²(unit, unit)  = (start_s − start_t)² + (end_s − end_t)²
 *     δ²(unit, gap)   = l_unit²  if the unit lies wholly inside the gap, else 0
 *     δ²(gap, gap)    = 0
 *   D_e(c) = (2/L) Σ_{units u} [ (N_c − 1)(2l³ − 3l² + l)/3 + l² Σ_{g ∈ G_c, |g| ≥ l} (|g| − l + 1) ]
 *            / [ RL(RL − 1) − Σ_{units u} l(l − 1) ]
 *
 * cu-alpha for `category` is 1 − D_o(c)/D_e(c); without a category, u-alpha is
 * 1 − mean_c D_o(c) / mean_c D_e(c) over the categories used. Coders are those
 * who appear in `units` (the signature cannot name a coder who marked nothing).
 * NaN when undefined: fewer than two coders, or no units of the category — where
 * DKPro returns 0 for the latter.
 */
export function unitizingAlpha(length: number, units: MarkedUnit[], category?: string): number {
  const parts = unitizingDisagreements(length, units, category === undefined ? undefined : [category]);
  if (!parts) return NaN;
  // Averaging over categories cancels in the ratio, so sums suffice.
  let observed = 0;
  let expected = 0;
  for (const part of parts.values()) {
    observed += part.observed;
    expected += part.expected;
  }
  return expected === 0 ? NaN : 1 - observed / expected;
}

/**
 * D_o(c) and D_e(c) of unitizingAlpha for each of `categories` (default: those used, in order of
 * first appearance), so that u-α and every cu-α of one coding cost one computation per category:
 * cu-α(c) = 1 − D_o(c)/D_e(c), u-α = 1 − Σ D_o / Σ D_e. Undefined (fewer than two coders): undefined.
 */
export function unitizingDisagreements(
  length: number,
  units: MarkedUnit[],
  categories?: string[],
): Map<string, { observed: number; expected: number }> | undefined {
  if (!Number.isInteger(length) || length <= 0) {
    throw new Error(`unitizingAlpha: length must be a positive integer, got ${length}`);
  }
  for (const u of units) {
    if (!Number.isInteger(u.start) || !Number.isInteger(u.end) || u.start < 0 || u.end > length || u.start >= u.end) {
      throw new Error(`unitizingAlpha: span [${u.start}, ${u.end}) of ${u.coder} is not a non-empty integer span within [0, ${length})`);
    }
  }
  // One pass groups the units by coder (in order of first appearance) and category.
  const byCoder = new Map<string, Map<string, MarkedUnit[]>>();
  for (const u of units) {
    let byCategory = byCoder.get(u.coder);
    if (!byCategory) byCoder.set(u.coder, (byCategory = new Map()));
    let list = byCategory.get(u.category);
    if (!list) byCategory.set(u.category, (list = []));
    list.push(u);
  }
  const coders = [...byCoder.keys()];
  if (coders.length < 2) return undefined;
  const parts = new Map<string, { observed: number; expected: number }>();
  for (const c of categories ?? new Set(units.map((u) => u.category))) {
    const segmented = coders.map((coder) => segment(length, byCoder.get(coder)!.get(c) ?? [], `${coder}/${c}`));
    parts.set(c, { observed: observedDisagreement(length, segmented), expected: expectedDisagreement(length, segmented) });
  }
  return parts;
}

function segment(length: number, units: MarkedUnit[], who: string): Segment[] {
  const sorted = [...units].sort((a, b) => a.start - b.start);
  const segments: Segment[] = [];
  let pos = 0;
  for (const u of sorted) {
    // Overlapping units of one category by one coder have no defined gap structure.
    if (u.start < pos) throw new Error(`unitizingAlpha: ${who} has overlapping units at ${u.start}`);
    if (u.start > pos) segments.push({ start: pos, end: u.start, marked: false });
    segments.push({ start: u.start, end: u.end, marked: true });
    pos = u.end;
  }
  if (pos < length) segments.push({ start: pos, end: length, marked: false });
  return segments;
}

function observedDisagreement(length: number, coders: Segment[][]): number {
  const r = coders.length;
  let sum = 0;
  for (let a = 0; a < r; a++) {
    for (let b = a + 1; b < r; b++) {
      // Both lists tile [0, length), so a merge walk meets every overlapping pair once.
      const x = coders[a];
      const y = coders[b];
      let i = 0;
      let j = 0;
      while (i < x.length && j < y.length) {
        sum += delta(x[i], y[j]);
        const endX = x[i].end;
        const endY = y[j].end;
        if (endX <= endY) i++;
        if (endY <= endX) j++;
      }
    }
  }
  return (2 * sum) / (r * (r - 1) * length * length);
}

function delta(s: Segment, t: Segment): number {
  if (s.marked && t.marked) return (s.start - t.start) ** 2 + (s.end - t.end) ** 2;
  if (s.marked && !t.marked && t.start <= s.start && s.end <= t.end) return (s.end - s.start) ** 2;
  if (t.marked && !s.marked && s.start <= t.start && t.end <= s.end) return (t.end - t.start) ** 2;
  return 0;
}

function expectedDisagreement(length: number, coders: Segment[][]): number {
  const all = coders.flat();
  const unitLengths = all.filter((s) => s.marked).map((s) => s.end - s.start);
  const gapLengths = all.filter((s) => !s.marked).map((s) => s.end - s.start);
  const n = unitLengths.length;
  const rl = coders.length * length;
  // Σ_{g ≥ l} (g − l + 1) = Σ_{g ≥ l} g − (l − 1)·#{g ≥ l}: with the gaps sorted and summed from
  // the longest down, each unit costs a binary search instead of a pass over every gap. The sums
  // are integers far below 2^53, so they are exact and the result is the same to the last bit.
  const gaps = Float64Array.from(gapLengths).sort();
  const longer = new Float64Array(gaps.length + 1);
  for (let i = gaps.length - 1; i >= 0; i--) longer[i] = longer[i + 1] + gaps[i];
  let numerator = 0;
  let selfPairs = 0;
  for (const l of unitLengths) {
    let lo = 0;
    let hi = gaps.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (gaps[mid] < l) lo = mid + 1;
      else hi = mid;
    }
    const placements = longer[lo] - (l - 1) * (gaps.length - lo);
    numerator += ((n - 1) * (2 * l ** 3 - 3 * l ** 2 + l)) / 3 + l * l * placements;
    selfPairs += l * (l - 1);
  }
  return ((2 / length) * numerator) / (rl * (rl - 1) - selfPairs);
}
