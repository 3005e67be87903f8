import { describe, expect, it } from 'vitest';
import { unitizingAlpha, type MarkedUnit } from './unitizing';

const unit = (coder: string, start: number, end: number, category = 'X'): MarkedUnit => ({ coder, start, end, category });

describe('unitizingAlpha', () => {
  it('is 1 for perfect agreement', () => {
    const units = [unit('a', 2, 5), unit('b', 2, 5), unit('a', 7, 9, 'Y'), unit('b', 7, 9, 'Y')];
    expect(unitizingAlpha(10, units)).toBe(1);
    expect(unitizingAlpha(10, units, 'Y')).toBe(1);
  });

  it('is at most 0 when two coders mark disjoint stretches', () => {
    expect(unitizingAlpha(10, [unit('a', 0, 5), unit('b', 5, 10)])).toBeLessThanOrEqual(0);
  });

  /*
   * L = 10, R = 2; coder a marks [2,6), coder b marks [3,7).
   * Segments: a = gap[0,2) X[2,6) gap[6,10); b = gap[0,3) X[3,7) gap[7,10).
   * Overlapping pairs: only X–X contributes, (2−3)² + (6−7)² = 2 (neither unit
   * lies inside a gap of the other, and gap–gap is 0).
   *   D_o = 2·2 / (R(R−1)L²) = 4 / 200 = 0.02
   * D_e: N = 2 units, both l = 4; gaps of all coders: 2, 4, 3, 3.
   *   per unit: (N−1)(2·64 − 3·16 + 4)/3 = 28, plus l²·Σ_{g≥4}(g−l+1) = 16·1 → 44
   *   numerator = (2/L)·(44 + 44) = 17.6; denominator = RL(RL−1) − Σ l(l−1) = 380 − 24 = 356
   *   D_e = 17.6 / 356
   * α = 1 − 0.02·356/17.6 = 1 − 89/220 = 131/220 ≈ 0.5955
   */
  it('matches a hand-computed example', () => {
    expect(unitizingAlpha(10, [unit('a', 2, 6), unit('b', 3, 7)])).toBeCloseTo(131 / 220, 12);
  });

  // Krippendorff (2004), Content Analysis 2nd ed., p. 254 (as encoded in DKPro
  // Agreement's Krippendorff2004Test), shifted from [150, 450) to [0, 300):
  // cu-α(c) = 0.7286, cu-α(k) = 1, u-α = 0.8591 (we get 0.8587; DKPro's own test
  // allows ±0.0005 for the book's rounding).
  const BOOK_2004 = [
    unit('i', 75, 145, 'c'),
    unit('i', 220, 250, 'c'),
    unit('j', 70, 150, 'c'),
    unit('j', 205, 225, 'c'),
    unit('j', 250, 270, 'c'),
    unit('i', 30, 90, 'k'),
    unit('i', 150, 200, 'k'),
    unit('j', 30, 90, 'k'),
    unit('j', 150, 200, 'k'),
  ];
  it('reproduces Krippendorff (2004)', () => {
    expect(unitizingAlpha(300, BOOK_2004, 'c')).toBeCloseTo(0.7286, 4);
    expect(unitizingAlpha(300, BOOK_2004, 'k')).toBe(1);
    expect(Math.abs(unitizingAlpha(300, BOOK_2004) - 0.8591)).toBeLessThan(0.0005);
  });

  // Krippendorff (1995), "On the reliability of unitizing contiguous data", p. 57:
  // four pairs of coders on 24 positions, published α = .553, −.926, .679, .066.
  // The paper approximates a fine-grained continuum, so like DKPro's
  // Krippendorff1995Test we stretch each position 50 000-fold and allow ±0.02.
  it('reproduces Krippendorff (1995)', () => {
    const spans: [string, string, number, number][] = [
      ['A', 'Bertha', 2, 10], ['A', 'Bertha', 14, 20], ['A', 'Bill', 4, 8], ['A', 'Bill', 15, 17],
      ['B', 'John', 0, 18], ['B', 'Jill', 0, 2], ['B', 'Jill', 2, 3], ['B', 'Jill', 3, 4], ['B', 'Jill', 4, 5],
      ['B', 'Jill', 5, 6], ['B', 'Jill', 6, 9], ['B', 'Jill', 9, 10],
      ['C', 'Gerret', 2, 8], ['C', 'Gerret', 10, 12], ['C', 'Gerret', 14, 18], ['C', 'Gerret', 20, 22],
      ['C', 'Gill', 0, 2], ['C', 'Gill', 4, 8], ['C', 'Gill', 10, 14], ['C', 'Gill', 16, 18], ['C', 'Gill', 20, 22],
      ['D', 'Heather', 0, 2], ['D', 'Heather', 2, 10], ['D', 'Heather', 10, 14], ['D', 'Heather', 14, 20],
      ['D', 'Heather', 20, 24], ['D', 'Hill', 0, 4], ['D', 'Hill', 4, 8], ['D', 'Hill', 8, 15],
      ['D', 'Hill', 15, 17], ['D', 'Hill', 17, 24],
    ];
    const stretch = 50_000;
    // Coders are numbered as in DKPro (first/second of each pair) so each category has R = 2.
    const first = new Set(['Bertha', 'John', 'Gerret', 'Heather']);
    const units = spans.map(([category, who, s, e]) => unit(first.has(who) ? '0' : '1', s * stretch, e * stretch, category));
    const published = { A: 0.553, B: -0.926, C: 0.679, D: 0.066 };
    for (const [category, alpha] of Object.entries(published)) {
      expect(Math.abs(unitizingAlpha(24 * stretch, units, category) - alpha)).toBeLessThan(0.02);
    }
  });

  it('does not depend on the order of units', () => {
    const reversed = [...BOOK_2004].reverse();
    const shuffled = [4, 0, 8, 2, 6, 1, 7, 3, 5].map((i) => BOOK_2004[i]);
    const alpha = unitizingAlpha(300, BOOK_2004);
    expect(unitizingAlpha(300, reversed)).toBe(alpha);
    expect(unitizingAlpha(300, shuffled)).toBe(alpha);
    expect(unitizingAlpha(300, shuffled, 'c')).toBe(unitizingAlpha(300, BOOK_2004, 'c'));
  });

  it('is NaN when undefined', () => {
    expect(unitizingAlpha(10, [])).toBeNaN();
    expect(unitizingAlpha(10, [unit('a', 0, 3), unit('a', 5, 7)])).toBeNaN(); // one coder
    expect(unitizingAlpha(10, [unit('a', 0, 3), unit('b', 0, 3)], 'nope')).toBeNaN();
  });

  it('rejects malformed spans', () => {
    expect(() => unitizingAlpha(10, [unit('a', 3, 3), unit('b', 0, 1)])).toThrow(/span/);
    expect(() => unitizingAlpha(10, [unit('a', 8, 11), unit('b', 0, 1)])).toThrow(/span/);
    expect(() => unitizingAlpha(10, [unit('a', 0.5, 2), unit('b', 0, 1)])).toThrow(/span/);
    expect(() => unitizingAlpha(0, [])).toThrow(/length/);
    expect(() => unitizingAlpha(10, [unit('a', 0, 5), unit('a', 4, 6), unit('b', 0, 1)])).toThrow(/overlapping/);
  });
});

/**
 * D_e as first written, each unit's placements summed over every gap: quadratic, and the
 * definition the sorted-gaps version in unitizing.ts must reproduce to the last bit.
 */
function straightforwardAlpha(length: number, units: MarkedUnit[], category?: string): number {
  const coders = [...new Set(units.map((u) => u.coder))];
  if (coders.length < 2) return NaN;
  const categories = category === undefined ? [...new Set(units.map((u) => u.category))] : [category];
  let observed = 0;
  let expected = 0;
  for (const c of categories) {
    const segmented = coders.map((coder) => {
      const own = units.filter((u) => u.coder === coder && u.category === c).sort((a, b) => a.start - b.start);
      const segments: { start: number; end: number; marked: boolean }[] = [];
      let pos = 0;
      for (const u of own) {
        if (u.start > pos) segments.push({ start: pos, end: u.start, marked: false });
        segments.push({ start: u.start, end: u.end, marked: true });
        pos = u.end;
      }
      if (pos < length) segments.push({ start: pos, end: length, marked: false });
      return segments;
    });
    let sum = 0;
    for (let a = 0; a < segmented.length; a++) {
      for (let b = a + 1; b < segmented.length; b++) {
        for (const s of segmented[a]) {
          for (const t of segmented[b]) {
            if (Math.min(s.end, t.end) <= Math.max(s.start, t.start)) continue;
            if (s.marked && t.marked) sum += (s.start - t.start) ** 2 + (s.end - t.end) ** 2;
            else if (s.marked && t.start <= s.start && s.end <= t.end) sum += (s.end - s.start) ** 2;
            else if (t.marked && s.start <= t.start && t.end <= s.end) sum += (t.end - t.start) ** 2;
          }
        }
      }
    }
    observed += (2 * sum) / (segmented.length * (segmented.length - 1) * length * length);
    const all = segmented.flat();
    const lengths = all.filter((s) => s.marked).map((s) => s.end - s.start);
    const gaps = all.filter((s) => !s.marked).map((s) => s.end - s.start);
    const rl = segmented.length * length;
    let numerator = 0;
    let selfPairs = 0;
    for (const l of lengths) {
      let placements = 0;
      for (const g of gaps) if (g >= l) placements += g - l + 1;
      numerator += ((lengths.length - 1) * (2 * l ** 3 - 3 * l ** 2 + l)) / 3 + l * l * placements;
      selfPairs += l * (l - 1);
    }
    expected += ((2 / length) * numerator) / (rl * (rl - 1) - selfPairs);
  }
  return expected === 0 ? NaN : 1 - observed / expected;
}

describe('unitizingAlpha against the straightforward computation', () => {
  it('gives the same value, bit for bit, on random codings', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * n);
    };
    for (let round = 0; round < 200; round++) {
      const length = 20 + random(400);
      const units: MarkedUnit[] = [];
      for (let c = 0, coders = 2 + random(5); c < coders; c++) {
        for (const category of ['X', 'Y', 'Z']) {
          // Disjoint units in random stretches of the continuum, some of them touching.
          for (let pos = random(30); pos < length - 1; pos += random(40)) {
            const end = Math.min(length, pos + 1 + random(60));
            if (random(3) > 0) units.push(unit(`c${c}`, pos, end, category));
            pos = end;
          }
        }
      }
      const shuffled = units.map((u) => [random(1000), u] as const).sort((a, b) => a[0] - b[0]).map(([, u]) => u);
      expect(unitizingAlpha(length, shuffled)).toBe(straightforwardAlpha(length, shuffled));
      expect(unitizingAlpha(length, shuffled, 'Y')).toBe(straightforwardAlpha(length, shuffled, 'Y'));
    }
  });
});
