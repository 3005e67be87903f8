// Scores over a question's life, as forecasting platforms keep them (Metaculus's scoring code,
// scoring/score_math.py; Fatebook and Good Judgment Open for the relative Brier): every forecast
// counts for as long as it was in force between the question's opening and its close, weighted by
// that time. Framework-free; times are epoch milliseconds.
import { checkProbability, clip } from './probability';

/**
 * One analyst's forecast at `at`: in force from then until the same analyst's next entry, their
 * withdrawal, or the window's close. A withdrawn entry ends the analyst's forecast at `at`; its
 * `p` is ignored.
 */
export type Entry = { analyst: string; at: number; p: number; withdrawn?: boolean };

/**
 * `close` is the scheduled close, the denominator of every time average (so time after an early
 * close, or without a forecast, adds nothing); `closedAt` (≤ close) the actual close, default `close`.
 */
export type Window = { open: number; close: number; closedAt?: number };

/** Everything the sweep gathers for one analyst; the public functions below pick from it. */
export type OverTimeScores = {
  peer: number;
  baseline: number;
  /** Mean squared error over the time the analyst had a forecast in force. */
  brier: number;
  /** ∫ (own Brier − median Brier of the others' forecasts in force) dt / (close − open). */
  relative: number;
  /** The share of (close − open) the analyst had a forecast in force. */
  coverage: number;
};

type Span = { analyst: string; from: number; to: number; p: number };

/** The stretches of time each forecast was in force, clipped to [open, closedAt]. */
function spans(entries: Entry[], window: Window): Span[] {
  const { open, close } = window;
  if (!(Number.isFinite(open) && Number.isFinite(close) && close > open)) {
    throw new RangeError(`scores over time: the window must close after it opens, got ${open}..${close}`);
  }
  const closedAt = Math.min(window.closedAt ?? close, close);
  const byAnalyst = new Map<string, Entry[]>();
  for (const e of entries) {
    if (!e.withdrawn) checkProbability(e.p, 'scores over time');
    if (!Number.isFinite(e.at)) throw new RangeError(`scores over time: entry time must be a number, got ${e.at}`);
    const list = byAnalyst.get(e.analyst);
    if (list) list.push(e);
    else byAnalyst.set(e.analyst, [e]);
  }
  const out: Span[] = [];
  for (const [analyst, list] of byAnalyst) {
    // Stable: entries at the same moment keep their given order, the later one in force.
    const sorted = list.map((e, i) => ({ e, i })).sort((a, b) => a.e.at - b.e.at || a.i - b.i).map(({ e }) => e);
    sorted.forEach((e, i) => {
      if (e.withdrawn) return;
      const from = Math.max(e.at, open);
      const to = Math.min(i + 1 < sorted.length ? sorted[i + 1].at : closedAt, closedAt);
      if (to > from) out.push({ analyst, from, to, p: e.p });
    });
  }
  return out;
}

/** The median of `sorted` (ascending) without its element at `skip`. */
function medianWithout(sorted: number[], skip: number): number {
  const at = (j: number) => (j < skip ? sorted[j] : sorted[j + 1]);
  const m = sorted.length - 1;
  return m % 2 ? at(m >> 1) : (at(m / 2 - 1) + at(m / 2)) / 2;
}

/**
 * All the scores over time in one sweep over the moments where the set of forecasts in force
 * changes. Between two such moments N forecasts are in force; with q the (clipped) probability a
 * forecast gave to what happened, each scores, per unit of time over (close − open):
 * peer 100 · N/(N−1) · ln(q_i / geometric mean of the N q's) (0 while N = 1), baseline
 * 100 · log2(2 q_i), and relative Brier (p_i − outcome)² − the median of the other N − 1 Briers
 * (0 while N = 1: time with no one to compare with counts as the median).
 * Forecasters with no forecast in force during the window are absent from the result.
 */
export function scoresOverTime(entries: Entry[], window: Window, outcome: 0 | 1): Record<string, OverTimeScores> {
  const all = spans(entries, window);
  const duration = window.close - window.open;
  // Per forecast, once: ln of the (clipped) probability given to what happened, and its Brier.
  const lnq = all.map((s) => Math.log(clip(outcome === 1 ? s.p : 1 - s.p)));
  const brier = all.map((s) => (s.p - outcome) ** 2);
  const times = [...new Set(all.flatMap((s) => [s.from, s.to]))].sort((a, b) => a - b);
  const acc = new Map<string, { peer: number; baseline: number; brierTime: number; relative: number; covered: number }>();
  for (const s of all) acc.set(s.analyst, { peer: 0, baseline: 0, brierTime: 0, relative: 0, covered: 0 });
  const active: number[] = [];
  for (let k = 0; k + 1 < times.length; k++) {
    const t0 = times[k];
    const t1 = times[k + 1];
    active.length = 0;
    for (let i = 0; i < all.length; i++) if (all[i].from <= t0 && all[i].to >= t1) active.push(i);
    const n = active.length;
    if (n === 0) continue;
    const w = (t1 - t0) / duration;
    let meanLnq = 0;
    for (const i of active) meanLnq += lnq[i] / n;
    // Each forecast's Brier against the median of the others' (active sorted by Brier).
    active.sort((x, y) => brier[x] - brier[y]);
    const sortedBriers = active.map((i) => brier[i]);
    for (let k = 0; k < n; k++) {
      const i = active[k];
      const a = acc.get(all[i].analyst)!;
      if (n > 1) a.peer += 100 * (n / (n - 1)) * (lnq[i] - meanLnq) * w;
      a.baseline += 100 * (1 + lnq[i] / Math.LN2) * w; // log2(2q) = 1 + log2 q
      a.brierTime += brier[i] * (t1 - t0);
      if (n > 1) a.relative += (brier[i] - medianWithout(sortedBriers, k)) * w;
      a.covered += t1 - t0;
    }
  }
  const out: Record<string, OverTimeScores> = {};
  for (const [analyst, a] of acc) {
    out[analyst] = { peer: a.peer, baseline: a.baseline, brier: a.brierTime / a.covered, relative: a.relative, coverage: a.covered / duration };
  }
  return out;
}

/** Metaculus's peer score, integrated over the question's life (higher is better; they sum to 0 at every moment). */
export function peerScores(entries: Entry[], window: Window, outcome: 0 | 1): Record<string, { score: number; coverage: number }> {
  return pick(scoresOverTime(entries, window, outcome), (s) => ({ score: s.peer, coverage: s.coverage }));
}

/** Metaculus's baseline score (against a 50 % forecast), integrated over the question's life; uncovered time adds 0. */
export function baselineScores(entries: Entry[], window: Window, outcome: 0 | 1): Record<string, { score: number; coverage: number }> {
  return pick(scoresOverTime(entries, window, outcome), (s) => ({ score: s.baseline, coverage: s.coverage }));
}

/**
 * Time-averaged Brier: `brier` is the mean squared error over the time the analyst had a forecast
 * in force; `relative` the integral over the whole window of (own Brier − median Brier of the
 * others' forecasts in force then), uncovered time and time alone counting 0 (as the median),
 * divided by (close − open).
 */
export function timeAveragedBrier(
  entries: Entry[],
  window: Window,
  outcome: 0 | 1,
): Record<string, { brier: number; relative: number; coverage: number }> {
  return pick(scoresOverTime(entries, window, outcome), (s) => ({ brier: s.brier, relative: s.relative, coverage: s.coverage }));
}

function pick<T>(scores: Record<string, OverTimeScores>, f: (s: OverTimeScores) => T): Record<string, T> {
  return Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, f(v)]));
}
