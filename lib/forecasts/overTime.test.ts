import { describe, expect, it } from 'vitest';
import { baselineScores, type Entry, peerScores, scoresOverTime, timeAveragedBrier } from './index';

// A question open from t = 0 to its scheduled close at t = 100 (milliseconds, for easy sums).
const W = { open: 0, close: 100 };
const LN2 = Math.LN2;

describe('scores over time, worked by hand', () => {
  /*
   * YES. A says 0.8 from t = 0; B says 0.4 from t = 50.
   *   [0, 50):  A alone (N = 1): peer 0 by definition.
   *   [50, 100): A and B (N = 2). ln q: ln 0.8, ln 0.4; their mean is (ln 0.8 + ln 0.4)/2, so
   *     A: 100 · 2/1 · (ln 0.8 − mean) = 100 · ln(0.8/0.4) = 100 ln 2, for half the window → 50 ln 2 ≈ 34.657;
   *     B: −50 ln 2.
   *   Baseline 100 · log2(2q): A 100 · log2 1.6 ≈ 67.807 over the whole window;
   *     B 100 · log2 0.8 ≈ −32.193 for half of it → ≈ −16.096.
   *   Brier: A (1 − 0.8)² = 0.04 throughout, B (1 − 0.4)² = 0.36 throughout.
   *   Relative (against the median of the others): [0, 50) A is alone → 0 (counts as the median);
   *     [50, 100) A's other is B (0.36), B's other is A (0.04): A 0.04 − 0.36 = −0.32 and B
   *     0.36 − 0.04 = +0.32, for half the window → −0.16 and +0.16.
   *   Coverage: A 1, B 0.5.
   */
  const entries: Entry[] = [
    { analyst: 'A', at: 0, p: 0.8 },
    { analyst: 'B', at: 50, p: 0.4 },
  ];

  it('peer score', () => {
    const s = peerScores(entries, W, 1);
    expect(s.A.score).toBeCloseTo(50 * LN2, 10);
    expect(s.B.score).toBeCloseTo(-50 * LN2, 10);
    expect(s.A.coverage).toBe(1);
    expect(s.B.coverage).toBe(0.5);
  });

  it('baseline score', () => {
    const s = baselineScores(entries, W, 1);
    expect(s.A.score).toBeCloseTo(100 * Math.log2(1.6), 10);
    expect(s.A.score).toBeCloseTo(67.807, 3);
    expect(s.B.score).toBeCloseTo(50 * Math.log2(0.8), 10);
    expect(s.B.score).toBeCloseTo(-16.096, 3);
  });

  it('time-averaged and relative Brier', () => {
    const s = timeAveragedBrier(entries, W, 1);
    expect(s.A.brier).toBeCloseTo(0.04, 12);
    expect(s.B.brier).toBeCloseTo(0.36, 12);
    expect(s.A.relative).toBeCloseTo(-0.16, 12);
    expect(s.B.relative).toBeCloseTo(0.16, 12);
    expect(s.B.coverage).toBe(0.5);
  });

  /*
   * NO flips what each forecast gave to what happened: A gave 0.2, B 0.6 → B now leads:
   * peer A 50 · ln(0.2/0.6) = −50 ln 3 ≈ −54.931, B +50 ln 3. Brier A 0.64, B 0.16.
   */
  it('scores a NO by the probability given to NO', () => {
    const s = scoresOverTime(entries, W, 0);
    expect(s.A.peer).toBeCloseTo(-50 * Math.log(3), 10);
    expect(s.B.peer).toBeCloseTo(50 * Math.log(3), 10);
    expect(s.A.brier).toBeCloseTo(0.64, 12);
    expect(s.B.brier).toBeCloseTo(0.16, 12);
  });

  /*
   * An update: A says 0.5 at t = 0 and 0.9 at t = 50, alone. Baseline: 0.5 · 100 · log2(1) = 0, then
   * 0.5 · 100 · log2(1.8) ≈ 42.400. Brier (0.25 · 50 + 0.01 · 50) / 100 = 0.13. Peer 0 (alone).
   */
  it('counts each of an analyst’s forecasts for as long as it stood', () => {
    const s = scoresOverTime([
      { analyst: 'A', at: 0, p: 0.5 },
      { analyst: 'A', at: 50, p: 0.9 },
    ], W, 1);
    expect(s.A.baseline).toBeCloseTo(50 * Math.log2(1.8), 10);
    expect(s.A.brier).toBeCloseTo(0.13, 12);
    expect(s.A.peer).toBe(0);
    expect(s.A.coverage).toBe(1);
  });

  /*
   * Three from t = 0, YES: 0.8, 0.4, 0.6 → Briers 0.04, 0.36, 0.16. Each against the median of the
   * other two: A 0.04 − (0.36 + 0.16)/2 = −0.22, B 0.36 − (0.04 + 0.16)/2 = +0.26, C 0.16 −
   * (0.04 + 0.36)/2 = −0.04. Peer, N = 3: mean ln q = ln(0.192)/3;
   * A: 100 · 3/2 · (ln 0.8 − ln(0.192)/3) = 150 ln 0.8 − 50 ln 0.192 ≈ −33.471 + 82.513 = 49.041.
   * The three peer scores sum to 0.
   */
  it('N = 3: relative Brier against the median, peer scores summing to 0', () => {
    const s = scoresOverTime([
      { analyst: 'A', at: 0, p: 0.8 },
      { analyst: 'B', at: 0, p: 0.4 },
      { analyst: 'C', at: 0, p: 0.6 },
    ], W, 1);
    expect(s.A.relative).toBeCloseTo(-0.22, 12);
    expect(s.B.relative).toBeCloseTo(0.26, 12);
    expect(s.C.relative).toBeCloseTo(-0.04, 12);
    expect(s.A.peer).toBeCloseTo(150 * Math.log(0.8) - 50 * Math.log(0.192), 10);
    expect(s.A.peer).toBeCloseTo(49.041, 3);
    expect(s.A.peer + s.B.peer + s.C.peer).toBeCloseTo(0, 10);
  });
});

describe('relative Brier with an odd number of others', () => {
  /*
   * Four from t = 0, YES: 0.9, 0.8, 0.4, 0.6 → Briers 0.01, 0.04, 0.36, 0.16. Each against the
   * median of the other three: A 0.01 − 0.16 = −0.15, B 0.04 − 0.16 = −0.12, C 0.36 − 0.04 = +0.32,
   * D 0.16 − 0.04 = +0.12.
   */
  it('takes the middle of the other three', () => {
    const s = scoresOverTime([
      { analyst: 'A', at: 0, p: 0.9 },
      { analyst: 'B', at: 0, p: 0.8 },
      { analyst: 'C', at: 0, p: 0.4 },
      { analyst: 'D', at: 0, p: 0.6 },
    ], W, 1);
    expect(s.A.relative).toBeCloseTo(-0.15, 12);
    expect(s.B.relative).toBeCloseTo(-0.12, 12);
    expect(s.C.relative).toBeCloseTo(0.32, 12);
    expect(s.D.relative).toBeCloseTo(0.12, 12);
  });
});

describe('scores over time, edge cases', () => {
  it('one forecaster: peer 0, baseline and Brier as usual', () => {
    const s = scoresOverTime([{ analyst: 'A', at: 0, p: 0.8 }], W, 1);
    expect(s.A).toMatchObject({ peer: 0, coverage: 1 });
    expect(s.A.baseline).toBeCloseTo(100 * Math.log2(1.6), 10);
    expect(s.A.relative).toBe(0); // no one else: the time counts as the median
  });

  /*
   * N = 2 from the start, identical forecasts: the geometric mean is the forecast itself → peer 0.
   */
  it('N = 2 agreeing: peer 0 for both', () => {
    const s = peerScores([
      { analyst: 'A', at: 0, p: 0.7 },
      { analyst: 'B', at: 0, p: 0.7 },
    ], W, 1);
    expect(s.A.score).toBeCloseTo(0, 12);
    expect(s.B.score).toBeCloseTo(0, 12);
  });

  /*
   * Withdrawal: A says 0.8 at 0 and withdraws at 40; B says 0.4 at 50. They never overlap, so peer
   * is 0 for both. A's baseline 100 · log2 1.6 · 0.4 ≈ 27.123, coverage 0.4; B's −16.096, 0.5.
   */
  it('a withdrawal ends the forecast; the entries before it still count', () => {
    const s = scoresOverTime([
      { analyst: 'A', at: 0, p: 0.8 },
      { analyst: 'A', at: 40, p: 0, withdrawn: true },
      { analyst: 'B', at: 50, p: 0.4 },
    ], W, 1);
    expect(s.A.coverage).toBeCloseTo(0.4, 12);
    expect(s.A.baseline).toBeCloseTo(40 * Math.log2(1.6), 10);
    expect(s.A.peer).toBe(0);
    expect(s.B.peer).toBe(0);
    expect(s.A.brier).toBeCloseTo(0.04, 12);
    // Forecasting again after a withdrawal puts the analyst back in force.
    const again = scoresOverTime([
      { analyst: 'A', at: 0, p: 0.8 },
      { analyst: 'A', at: 40, p: NaN, withdrawn: true },
      { analyst: 'A', at: 90, p: 0.8 },
    ], W, 1);
    expect(again.A.coverage).toBeCloseTo(0.5, 12);
  });

  /*
   * Resolved early at t = 80 (scheduled close 100): A 0.8 from 0, B 0.4 from 50, C 0.9 at 90 (after
   * the close: not counted at all). Overlap [50, 80) = 0.3 of the window: peer ±100 ln 2 · 0.3 ≈ ±20.794.
   * Coverage A 0.8, B 0.3; the missing 20 % adds nothing.
   */
  it('a forecast after close counts for nothing; an early close shortens every forecast', () => {
    const s = scoresOverTime([
      { analyst: 'A', at: 0, p: 0.8 },
      { analyst: 'B', at: 50, p: 0.4 },
      { analyst: 'C', at: 90, p: 0.9 },
    ], { open: 0, close: 100, closedAt: 80 }, 1);
    expect(s.C).toBeUndefined();
    expect(s.A.coverage).toBeCloseTo(0.8, 12);
    expect(s.B.coverage).toBeCloseTo(0.3, 12);
    expect(s.A.peer).toBeCloseTo(30 * LN2, 10);
    expect(s.A.baseline).toBeCloseTo(80 * Math.log2(1.6), 10);
    expect(scoresOverTime([{ analyst: 'late', at: 100, p: 0.9 }], W, 1)).toEqual({});
  });

  it('a forecast made before the opening counts from the opening', () => {
    const s = scoresOverTime([{ analyst: 'author', at: -500, p: 0.8 }], W, 1);
    expect(s.author.coverage).toBe(1);
  });

  /*
   * p at 0 and 1 are clipped to 0.001 and 0.999 as logScore does. YES, A 1 and B 0 from the start:
   * peer A 100 · 2 · (ln 0.999 − (ln 0.999 + ln 0.001)/2) = 100 ln 999 ≈ 690.68, B −690.68;
   * baseline A 100 · log2 1.998 ≈ 99.856, B 100 · log2 0.002 ≈ −896.58. Brier is not clipped: 0 and 1.
   */
  it('clips certainties so the log scores stay finite', () => {
    const s = scoresOverTime([
      { analyst: 'A', at: 0, p: 1 },
      { analyst: 'B', at: 0, p: 0 },
    ], W, 1);
    expect(s.A.peer).toBeCloseTo(100 * Math.log(999), 8);
    expect(s.B.peer).toBeCloseTo(-100 * Math.log(999), 8);
    expect(s.A.baseline).toBeCloseTo(100 * Math.log2(1.998), 8);
    expect(s.B.baseline).toBeCloseTo(-896.578, 3);
    expect(s.A.brier).toBe(0);
    expect(s.B.brier).toBe(1);
  });

  it('rejects an empty window and non-probabilities', () => {
    expect(() => peerScores([], { open: 10, close: 10 }, 1)).toThrow(RangeError);
    expect(() => peerScores([{ analyst: 'A', at: 0, p: 1.5 }], W, 1)).toThrow(RangeError);
    expect(peerScores([], W, 1)).toEqual({});
  });
});
