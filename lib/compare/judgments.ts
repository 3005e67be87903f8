// Judgments inside the kinds (issue #10): how far apart the analysts of one compare row are on
// credibility, fact status, probability and source reliability, whether that is within the stated
// tolerances, and how severe a disagreement is for the queue. Framework-free (the page shows the
// same words).
import { RELIABILITIES } from '@/lib/annotations/schemas';
import type { CompareAnnotation } from './types';

/** The tolerances a row's judgments must stay within for the row to count as "agree". */
export const TOLERANCES = {
  /** Admiralty credibility 1–6: at most this many steps between the highest and the lowest. */
  credibilitySteps: 1,
  /** Forecast probability: at most this many percentage points between the highest and the lowest. */
  probabilityPoints: 10,
  /** Source reliability A–F of a source cited by several analysts in the row: at most this many grades. */
  reliabilitySteps: 1,
} as const;

export const TOLERANCE_RULE = `A matched row agrees only when the kinds agree and the judgments agree within tolerance: credibility within ${TOLERANCES.credibilitySteps} step, the same fact status, probabilities within ${TOLERANCES.probabilityPoints} percentage points, and a source cited by several analysts rated within ${TOLERANCES.reliabilitySteps} reliability grade (A–F). Otherwise the row says "judgments differ", with the gaps. Probabilities hidden from you (you have not given yours on that question) are left out of the gaps.`;

/** The key a source has across analysts: its URL (case and trailing slash aside), or the annotation it links to. */
export function sourceKey(source: { url?: string | null; annotation?: string | null; title?: string | null }): string | null {
  if (source.annotation) return `annotation:${source.annotation}`;
  if (source.url) return `url:${source.url.trim().toLowerCase().replace(/\/+$/, '')}`;
  return null;
}

/** A–F as 1–6 (an ordinal scale). */
export function reliabilityRank(letter: string | null | undefined): number | null {
  if (!letter) return null;
  const i = (RELIABILITIES as readonly string[]).indexOf(letter);
  return i < 0 ? null : i + 1;
}

export type Gaps = {
  /** Credibility values given in the row (analyst order) and the steps between highest and lowest. */
  credibility?: { values: number[]; steps: number };
  /** Fact statuses given in the row and whether they are all the same. */
  factStatus?: { values: string[]; same: boolean };
  /** Probabilities (0–1) visible in the row, their spread in percentage points and in log-odds. */
  probability?: { values: number[]; points: number; logOdds: number };
  /** The largest reliability spread (grades) over the sources cited by two or more analysts in the row. */
  reliability?: { sources: number; steps: number; values: string[] };
  /** Probabilities in the row withheld from the reader. */
  hiddenProbabilities?: number;
};

const LOG_ODDS_CLAMP = 0.001;
export const logOdds = (p: number) => {
  const q = Math.min(1 - LOG_ODDS_CLAMP, Math.max(LOG_ODDS_CLAMP, p));
  return Math.log(q / (1 - q));
};

/**
 * The gaps between the judgments in a row's cells. A field counts when at least two analysts gave
 * it (on annotations of the kind it belongs to); missing cells and other kinds are skipped.
 */
export function judgmentGaps(cells: (CompareAnnotation | null)[]): Gaps {
  // One loop over the cells (a page holds 10,000s of rows): the values of each field in cell order.
  const gaps: Gaps = {};
  let credibility: number[] | null = null;
  let statuses: string[] | null = null;
  let probabilities: number[] | null = null;
  let hidden = 0;
  let cited = false;
  for (const c of cells) {
    if (c === null) continue;
    const fields = c.fields;
    if (fields === undefined) continue;
    if (c.kind === 'CLAIM') {
      if (fields.credibility != null) (credibility ??= []).push(fields.credibility);
    } else if (c.kind === 'FACT') {
      if (fields.status) (statuses ??= []).push(fields.status);
    } else if (c.kind === 'FORECAST') {
      if (fields.hidden) hidden++;
      else if (fields.probability != null) (probabilities ??= []).push(fields.probability);
    }
    if (fields.sources && fields.sources.length > 0) cited = true;
  }
  if (credibility && credibility.length >= 2) gaps.credibility = { values: credibility, steps: spread(credibility) };
  if (statuses && statuses.length >= 2) gaps.factStatus = { values: statuses, same: statuses.every((s) => s === statuses[0]) };
  if (hidden > 0) gaps.hiddenProbabilities = hidden;
  if (probabilities && probabilities.length >= 2) {
    const hi = Math.max(...probabilities);
    const lo = Math.min(...probabilities);
    gaps.probability = { values: probabilities, points: round1((hi - lo) * 100), logOdds: round2(logOdds(hi) - logOdds(lo)) };
  }
  if (!cited) return gaps;
  // Sources: grouped by key, each analyst's reliability for it (their first rated citation).
  const bySource = new Map<string, Map<string, number>>();
  for (const c of cells) {
    if (c === null) continue;
    for (const s of c.fields?.sources ?? []) {
      const key = sourceKey(s);
      const rank = reliabilityRank(s.reliability);
      if (!key || rank === null) continue;
      let ratings = bySource.get(key);
      if (!ratings) bySource.set(key, (ratings = new Map()));
      if (!ratings.has(c.authorId)) ratings.set(c.authorId, rank);
    }
  }
  let shared = 0;
  let widest: number[] | null = null;
  for (const ratings of bySource.values()) {
    if (ratings.size < 2) continue;
    shared++;
    const values = [...ratings.values()];
    if (!widest || spread(values) > spread(widest)) widest = values;
  }
  if (widest) gaps.reliability = { sources: shared, steps: spread(widest), values: widest.map((r) => RELIABILITIES[r - 1]) };
  return gaps;
}

const spread = (values: number[]) => Math.max(...values) - Math.min(...values);
const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;

/** Whether every gap is within TOLERANCES. */
export function withinTolerance(gaps: Gaps): boolean {
  if (gaps.credibility && gaps.credibility.steps > TOLERANCES.credibilitySteps) return false;
  if (gaps.factStatus && !gaps.factStatus.same) return false;
  // Compared in tenths of a point, as shown: 0.3 − 0.2 is 10.000000000000002 points in floating point.
  if (gaps.probability && gaps.probability.points > TOLERANCES.probabilityPoints) return false;
  if (gaps.reliability && gaps.reliability.steps > TOLERANCES.reliabilitySteps) return false;
  return true;
}

/** The gaps in words, one phrase per field ("credibility 2 vs 4 (2 steps)"). */
export function describeGaps(gaps: Gaps): string[] {
  const out: string[] = [];
  if (gaps.credibility) out.push(`credibility ${gaps.credibility.values.join(' vs ')} (${steps(gaps.credibility.steps)} apart)`);
  if (gaps.factStatus) out.push(gaps.factStatus.same ? `status ${gaps.factStatus.values[0].toLowerCase()}` : `status ${gaps.factStatus.values.map((v) => v.toLowerCase()).join(' vs ')}`);
  if (gaps.probability) {
    out.push(
      `probability ${gaps.probability.values.map((p) => `${Math.round(p * 100)}%`).join(' vs ')} (${gaps.probability.points} points, ${gaps.probability.logOdds} log-odds apart)`,
    );
  }
  if (gaps.reliability) out.push(`source reliability ${gaps.reliability.values.join(' vs ')} (${steps(gaps.reliability.steps)} apart)`);
  if (gaps.hiddenProbabilities) out.push(`${gaps.hiddenProbabilities} ${gaps.hiddenProbabilities === 1 ? 'probability' : 'probabilities'} hidden until you give yours`);
  return out;
}

const steps = (n: number) => `${n} ${n === 1 ? 'step' : 'steps'}`;

/**
 * How far out of tolerance the judgments are, 0 (within) to 1: the largest of credibility steps/5,
 * probability points/100, reliability grades/5, and 0.6 for a fact status mismatch.
 */
export function judgmentGap(gaps: Gaps): number {
  let worst = 0;
  if (gaps.credibility && gaps.credibility.steps > TOLERANCES.credibilitySteps) worst = Math.max(worst, gaps.credibility.steps / 5);
  if (gaps.factStatus && !gaps.factStatus.same) worst = Math.max(worst, 0.6);
  if (gaps.probability && gaps.probability.points > TOLERANCES.probabilityPoints) worst = Math.max(worst, gaps.probability.points / 100);
  if (gaps.reliability && gaps.reliability.steps > TOLERANCES.reliabilitySteps) worst = Math.max(worst, gaps.reliability.steps / 5);
  return worst;
}

export const SEVERITY_RULE =
  'Rows are judged among the analysts who highlighted the passage; a row some of the document’s analysts did not highlight, where those who did agree, is partial. Ranked by severity: kinds differ first (more distinct kinds first), then judgments differ by the largest gap (credibility steps / 5, probability points / 100, reliability grades / 5, a fact status mismatch 0.6), then partial rows (highlighted by some analysts only; more analysts missing first).';

/** A sortable severity: kinds differ in [3, 4), judgments differ in (2, 3], partial in [1, 2); agree 0. */
export function severity(row: { status: string; cells: (CompareAnnotation | null)[]; gaps: Gaps }): number {
  const present = row.cells.filter((c) => c !== null);
  if (row.status === 'kinds differ') return 3 + new Set(present.map((c) => c!.kind)).size / 10;
  if (row.status === 'judgments differ') return 2 + judgmentGap(row.gaps);
  if (row.status === 'partial') return 1 + (row.cells.length - present.length) / Math.max(1, row.cells.length) / 2;
  return 0;
}
