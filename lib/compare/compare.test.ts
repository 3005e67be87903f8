import { describe, expect, it } from 'vitest';
import { cohensKappa, krippendorffAlpha, unitizingAlpha } from '@/lib/agreement';
import { marksByAuthor, sentenceLabels, sentenceRanges } from './sentences';
import { jaccard } from '@/lib/anchoring/spans';
import { byCreation, creationOrder, MATCH_THRESHOLD, matchRows, radixOrder, rematchRows, rowsById } from './rows';
import fc from 'fast-check';
import { disjointUnits, sentenceStats, spanStats, spanStatsOf } from './stats';
import { rowsCsv, statsCsv } from './csv';
import { judgmentStats } from './judgmentStats';
import type { CompareAnnotation, Label } from './types';

let serial = 0;
const mark = (authorId: string, kind: CompareAnnotation['kind'], start: number, end: number, createdAt = serial++): CompareAnnotation => ({
  id: `id-${serial}-${authorId}-${start}`,
  authorId,
  kind,
  start,
  end,
  createdAt,
});

describe('sentenceRanges', () => {
  it('cuts blocks and sentences, trims whitespace and skips blank segments', () => {
    const text = 'Heading\n\nFirst one. Second one?\n\nLast';
    const slices = sentenceRanges(text).map((s) => text.slice(s.start, s.end));
    expect(slices).toEqual(['Heading', 'First one.', 'Second one?', 'Last']);
  });

  it('counts code points, not UTF-16 units', () => {
    const text = '😀 smiles. Then 😀 again.';
    expect(sentenceRanges(text)).toEqual([
      { start: 0, end: 9 },
      { start: 10, end: 23 },
    ]);
  });
});

describe('sentenceLabels', () => {
  const sentences = [
    { start: 0, end: 10 },
    { start: 10, end: 20 },
    { start: 20, end: 30 },
  ];

  it('takes the kind covering most of the sentence, "none" where nothing overlaps', () => {
    const labels = sentenceLabels(sentences, [mark('a', 'CLAIM', 0, 6), mark('a', 'FACT', 3, 10), mark('b', 'FORECAST', 25, 40)], ['a', 'b'], new Set(['a', 'b']));
    expect(labels).toEqual([
      ['FACT', 'none', 'none'],
      ['none', 'none', 'FORECAST'],
    ]);
  });

  it('breaks a tie by the earliest created annotation, whatever the input order', () => {
    const later = mark('a', 'CLAIM', 10, 15, 200);
    const earlier = mark('a', 'FACT', 15, 20, 100);
    expect(sentenceLabels(sentences, [later, earlier], ['a'], new Set(['a']))[0][1]).toBe('FACT');
  });

  it('gives null (missing) to an analyst who did not code the text', () => {
    expect(sentenceLabels(sentences, [], ['a', 'c'], new Set(['a']))).toEqual([
      ['none', 'none', 'none'],
      [null, null, null],
    ]);
  });
});

describe('matchRows', () => {
  it('computes Jaccard on characters', () => {
    expect(jaccard({ start: 0, end: 10 }, { start: 5, end: 15 })).toBeCloseTo(5 / 15);
    expect(jaccard({ start: 0, end: 10 }, { start: 10, end: 15 })).toBe(0);
  });

  it('matches at Jaccard ≥ 0.5 and classifies agree / kinds differ / partial', () => {
    const a1 = mark('a', 'CLAIM', 0, 10);
    const b1 = mark('b', 'CLAIM', 1, 10);
    const a2 = mark('a', 'FACT', 20, 30);
    const b2 = mark('b', 'CLAIM', 22, 30);
    const a3 = mark('a', 'FORECAST', 40, 50);
    const b3 = mark('b', 'FACT', 40, 61); // 10/21 < 0.5: not the same passage
    const a4 = mark('a', 'FACT', 70, 80);
    const b4 = mark('b', 'FACT', 70, 90); // exactly 0.5: matched
    const rows = matchRows([b3, a1, b1, a2, b2, a3, a4, b4], ['a', 'b']);
    expect(rows.map((r) => [r.start, r.end, r.status, r.cells.map((c) => c?.id ?? null)])).toEqual([
      [0, 10, 'agree', [a1.id, b1.id]],
      [20, 30, 'kinds differ', [a2.id, b2.id]],
      [40, 50, 'partial', [a3.id, null]],
      [40, 61, 'partial', [null, b3.id]],
      [70, 90, 'agree', [a4.id, b4.id]],
    ]);
  });

  it('puts each highlight in one row, best match first, and never two of one analyst in a row', () => {
    const a = mark('a', 'CLAIM', 0, 10);
    const bClose = mark('b', 'CLAIM', 0, 9);
    const bFar = mark('b', 'FACT', 2, 10);
    const rows = matchRows([a, bFar, bClose], ['a', 'b']);
    expect(rows.find((r) => r.cells[0]?.id === a.id)?.cells[1]?.id).toBe(bClose.id);
    expect(rows).toHaveLength(2);
  });

  it('joins a third analyst only when they match everyone already in the row', () => {
    const a = mark('a', 'CLAIM', 0, 10);
    const b = mark('b', 'CLAIM', 0, 12);
    const c = mark('c', 'CLAIM', 4, 16); // matches b (8/16) but not a (6/16)
    const rows = matchRows([a, b, c], ['a', 'b', 'c']);
    expect(rows.map((r) => r.cells.map((x) => x?.authorId ?? null))).toEqual([
      ['a', 'b', null],
      [null, null, 'c'],
    ]);
  });

  it('takes equal-Jaccard pairs in order of the earlier highlight, then the later one', () => {
    // b's highlight matches a's first and a's second equally (18/22); the pair with the earlier
    // highlight, a's first at 8, goes first, so b joins it and a's second stays alone.
    const aEarly = mark('a', 'CLAIM', 8, 28);
    const b = mark('b', 'CLAIM', 10, 30);
    const aLate = mark('a', 'CLAIM', 12, 32);
    for (const input of [[aEarly, b, aLate], [aLate, b, aEarly], [b, aLate, aEarly]]) {
      expect(matchRows(input, ['a', 'b']).map((r) => r.cells.map((c) => c?.id ?? null))).toEqual([
        [aEarly.id, b.id],
        [aLate.id, null],
      ]);
    }
    // One earlier highlight, two later ones of one analyst at the same Jaccard (10/12): the earlier
    // of the later two goes first.
    const a = mark('a', 'FACT', 0, 12);
    const bFirst = mark('b', 'FACT', 1, 11);
    const bSecond = mark('b', 'FACT', 2, 12);
    for (const input of [[a, bFirst, bSecond], [bSecond, bFirst, a]]) {
      expect(matchRows(input, ['a', 'b']).map((r) => r.cells.map((c) => c?.id ?? null))).toEqual([
        [a.id, bFirst.id],
        [null, bSecond.id],
      ]);
    }
  });

  it('leaves out analysts not chosen', () => {
    const rows = matchRows([mark('a', 'CLAIM', 0, 10), mark('z', 'FACT', 0, 10)], ['a']);
    expect(rows).toHaveLength(1);
    expect(rows[0].status).toBe('agree');
  });
});

describe('sentenceStats', () => {
  const a: Label[] = ['CLAIM', 'none', 'FACT', 'none'];
  const b: Label[] = ['CLAIM', 'none', 'CLAIM', 'none'];

  it("gives Cohen's κ per pair with its counts (hand-computed 0.6)", () => {
    const stats = sentenceStats([a, b], ['a', 'b']);
    expect(stats.cohen).toHaveLength(1);
    expect(stats.cohen[0]).toMatchObject({ a: 'a', b: 'b', units: 4, raters: 2, dropped: 0, reason: null });
    expect(stats.cohen[0].value).toBeCloseTo(0.6);
  });

  it('drops sentences a rater did not code, and says how many', () => {
    const c: (Label | null)[] = ['CLAIM', null, 'FACT', 'none'];
    const stats = sentenceStats([a, b, c], ['a', 'b', 'c']);
    expect(stats.cohen.map((p) => [p.a, p.b, p.units, p.dropped])).toEqual([
      ['a', 'b', 4, 0],
      ['a', 'c', 3, 1],
      ['b', 'c', 3, 1],
    ]);
    expect(stats.cohen[1].value).toBeCloseTo(cohensKappa(a, c));
    expect(stats.fleiss).toMatchObject({ units: 3, raters: 3, dropped: 1 });
    expect(stats.krippendorff).toMatchObject({ units: 4, raters: 3, dropped: 0 });
    expect(stats.krippendorff.value).toBeCloseTo(krippendorffAlpha([a, b, c], 'nominal'));
    // Fleiss on the 3 complete sentences: [CLAIM×3], [FACT,CLAIM,FACT], [none×3].
    // P̄ = (1 + 1/3 + 1)/3 = 7/9; p = CLAIM 4/9, FACT 2/9, none 3/9 → P̄e = 29/81; κ = (7/9 − 29/81)/(1 − 29/81) = 34/52.
    expect(stats.fleiss.value).toBeCloseTo(34 / 52);
  });

  it('says why instead of NaN: one analyst, no variation', () => {
    const one = sentenceStats([a], ['a']);
    expect(one.cohen).toEqual([]);
    expect(one.fleiss).toMatchObject({ value: null, reason: 'needs at least two analysts' });
    expect(one.krippendorff.value).toBeNull();
    const flat = sentenceStats([['none', 'none'], ['none', 'none']], ['a', 'b']);
    expect(flat.cohen[0]).toMatchObject({ value: null, reason: expect.stringContaining('no variation'), units: 2 });
    expect(flat.fleiss).toMatchObject({ value: null, reason: expect.stringContaining('no variation') });
    expect(flat.krippendorff).toMatchObject({ value: null, reason: expect.stringContaining('no variation') });
    expect(JSON.stringify(flat)).not.toContain('NaN');
  });
});

describe('spanStats', () => {
  const u = (coder: string, category: string, start: number, end: number) => ({ coder, category, start, end });

  it('merges one analyst’s overlapping spans of a kind before unitizing α', () => {
    const { units, merged } = disjointUnits(100, [u('a', 'CLAIM', 0, 10), u('a', 'CLAIM', 5, 20), u('a', 'FACT', 5, 8), u('b', 'CLAIM', 0, 200)]);
    expect(merged).toBe(1);
    expect(units).toEqual(
      expect.arrayContaining([u('a', 'CLAIM', 0, 20), u('a', 'FACT', 5, 8), u('b', 'CLAIM', 0, 100)]),
    );
  });

  it('matches lib/agreement on disjoint spans, per kind and overall, with counts', () => {
    const spans = [u('a', 'CLAIM', 0, 10), u('b', 'CLAIM', 2, 10), u('a', 'FACT', 30, 40), u('b', 'CLAIM', 30, 40)];
    const stats = spanStats(50, spans, ['a', 'b']);
    expect(stats.all.value).toBeCloseTo(unitizingAlpha(50, spans));
    expect(stats.byKind.CLAIM.value).toBeCloseTo(unitizingAlpha(50, spans, 'CLAIM'));
    expect(stats.byKind.CLAIM).toMatchObject({ units: 3, raters: 2, dropped: 0 });
    expect(stats.byKind.FORECAST).toMatchObject({ value: null, reason: 'no forecast highlights', units: 0 });
  });

  it('is undefined with one analyst', () => {
    const stats = spanStats(50, [u('a', 'CLAIM', 0, 10), u('b', 'CLAIM', 0, 10)], ['a']);
    expect(stats.all).toMatchObject({ value: null, reason: 'needs highlights from at least two analysts', raters: 1 });
  });
});

describe('CSV', () => {
  it('writes the statistics with their counts, one line per number', () => {
    const sentences = sentenceStats([['CLAIM', 'none'], ['CLAIM', 'FACT']], ['a', 'b']);
    const spans = spanStats(10, [], ['a', 'b']);
    const csv = statsCsv({ analysts: [{ id: 'a', name: 'Ann' }, { id: 'b', name: 'Bo, Jr' }], sentences, spans });
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('statistic,level,kind,analysts,value,units,raters,dropped,undefined_because');
    expect(lines[1]).toBe(`Cohen's kappa,sentence,,"Ann; Bo, Jr",${1 / 3},2,2,0,`);
    expect(lines).toHaveLength(1 + 1 + 2 + 4);
    expect(csv).toContain('needs highlights from at least two analysts');
  });

  it('writes the judgment statistics too: per field over all and per pair, the probability’s mean difference', () => {
    // Two rows where Ann and Bo both rated a claim (2 vs 4, then 3 vs 3) and one forecast row (20 % vs 80 %).
    const claim = (who: string, at: number, credibility: number) => ({ ...mark(who, 'CLAIM', at, at + 10), fields: { credibility, attributedTo: null } });
    const forecast = (who: string, probability: number) => ({ ...mark(who, 'FORECAST', 40, 50), fields: { probability } });
    const rows = matchRows([claim('a', 0, 2), claim('b', 0, 4), claim('a', 20, 3), claim('b', 20, 3), forecast('a', 0.2), forecast('b', 0.8)], ['a', 'b']);
    const judgments = judgmentStats(rows, ['a', 'b']);
    const csv = statsCsv({ analysts: [{ id: 'a', name: 'Ann' }, { id: 'b', name: 'Bo' }], sentences: sentenceStats([], ['a', 'b']), spans: spanStats(60, [], ['a', 'b']), judgments });
    const lines = csv.trim().split('\r\n');
    const credibility = lines.filter((l) => l.includes('CLAIM credibility'));
    // Over all and for the one pair: 2 units, 2 raters, the same α.
    expect(credibility).toEqual([
      `Krippendorff's alpha (ordinal),row,CLAIM credibility,Ann; Bo,${judgments.credibility.value},2,2,0,`,
      `Krippendorff's alpha (ordinal),row,CLAIM credibility,Ann; Bo,${judgments.credibility.pairs[0].value},2,2,0,`,
    ]);
    // |20 − 80| = 60 points; one unit, so α itself is undefined and says why.
    const meanDiff = lines.find((l) => l.startsWith('mean absolute difference'))!.split(',');
    expect(meanDiff.slice(0, 3)).toEqual(['mean absolute difference (percentage points)', 'row', 'FORECAST probability']);
    expect(Number(meanDiff[4])).toBeCloseTo(60, 9);
    expect(meanDiff.slice(5)).toEqual(['1', '2', '0', '']);
    expect(lines.filter((l) => l.includes('FACT status'))[0]).toMatch(/^Krippendorff's alpha \(nominal\),row,FACT status,Ann; Bo,,0,0,0,\S/);
    expect(lines.filter((l) => l.includes('source reliability'))[0]).toMatch(/^Krippendorff's alpha \(ordinal\),source in a row,source reliability,/);
  });

  it('writes the rows with the passage once and each analyst’s kind and fields', () => {
    const a = { ...mark('a', 'FORECAST', 0, 5), fields: { probability: 0.7, confidence: 'HIGH' as const } };
    const rows = matchRows([a], ['a', 'b']).map((row) => ({ ...row, text: '=HYPER' }));
    const csv = rowsCsv([{ id: 'a', name: 'Ann' }, { id: 'b', name: 'Bo' }], rows);
    expect(csv.split('\r\n')[1]).toBe(`0,5,'=HYPER,partial,FORECAST,p 70% · high confidence,,`);
  });
});

// ---------------------------------------------------------------------------------------------
// The fast paths against the straightforward computations they replace, on random codings.

function randomMarks(seed: number, count: number, length: number, analysts: string[]): CompareAnnotation[] {
  let s = seed;
  const random = (n: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return Math.floor((s / 2147483648) * n);
  };
  const kinds = ['CLAIM', 'FORECAST', 'FACT'] as const;
  const out: CompareAnnotation[] = [];
  while (out.length < count) {
    // A passage marked by a few analysts with jittered ends, as people do, and some strays.
    const base = random(length - 10);
    const size = 3 + random(40);
    for (let k = 0, n = 1 + random(4); k < n && out.length < count; k++) {
      const start = Math.max(0, base + random(7) - 3);
      const end = Math.min(length, start + size + random(7) - 3);
      if (end <= start) continue;
      // Few distinct times, so ties on createdAt are settled by id.
      out.push({ id: `m${random(1e6)}`, authorId: analysts[random(analysts.length)], kind: kinds[random(3)], start, end, createdAt: random(20) });
    }
  }
  return out;
}

/** matchRows as first written: pairs as objects, sorted by a comparison. */
function straightforwardRows(annotations: CompareAnnotation[], analysts: string[]) {
  const column = new Map(analysts.map((id, i) => [id, i]));
  const marks = annotations.filter((a) => column.has(a.authorId) && a.end > a.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const pairs: { a: number; b: number; j: number }[] = [];
  let active: number[] = [];
  marks.forEach((mark, i) => {
    active = active.filter((k) => marks[k].end > mark.start);
    for (const k of active) {
      if (marks[k].authorId === mark.authorId) continue;
      const j = jaccard(marks[k], mark);
      if (j >= MATCH_THRESHOLD) pairs.push({ a: k, b: i, j });
    }
    active.push(i);
  });
  pairs.sort((x, y) => y.j - x.j || marks[x.a].start - marks[y.a].start || x.a - y.a || x.b - y.b);
  const rowOf = new Int32Array(marks.length).fill(-1);
  const groups: number[][] = [];
  for (const { a, b } of pairs) {
    if (rowOf[a] < 0 && rowOf[b] < 0) {
      rowOf[a] = rowOf[b] = groups.length;
      groups.push([a, b]);
    } else if (rowOf[a] < 0 || rowOf[b] < 0) {
      const [free, placed] = rowOf[a] < 0 ? [a, b] : [b, a];
      const group = groups[rowOf[placed]];
      if (group.every((m) => marks[m].authorId !== marks[free].authorId && jaccard(marks[m], marks[free]) >= MATCH_THRESHOLD)) {
        rowOf[free] = rowOf[placed];
        group.push(free);
      }
    }
  }
  marks.forEach((_, i) => {
    if (rowOf[i] < 0) groups.push([i]);
  });
  return groups.map((group) => group.map((m) => marks[m]).sort((x, y) => column.get(x.authorId)! - column.get(y.authorId)!));
}

describe('fast paths', () => {
  const analysts = ['a', 'b', 'c', 'd', 'e'];

  it('matchRows forms the rows the straightforward matching forms', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const marks = randomMarks(seed, 200, 400, analysts);
      const chosen = seed % 3 === 0 ? ['a', 'c', 'e'] : analysts;
      const rows = matchRows(marks, chosen).map((row) => row.cells.filter((c) => c !== null));
      const expected = straightforwardRows(marks, chosen).sort((x, y) => {
        const span = (g: CompareAnnotation[]) => [Math.min(...g.map((m) => m.start)), Math.max(...g.map((m) => m.end))];
        const [xs, xe] = span(x);
        const [ys, ye] = span(y);
        return xs - ys || xe - ye;
      });
      expect(rows.map((r) => r.map((m) => m.id))).toEqual(expected.map((r) => r.map((m) => m.id)));
    }
  });

  it('radixOrder sorts by (hi, lo) and keeps equal keys in index order, as a stable comparison sort does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(0, 1, 7, 65535, 65536, 2 ** 32 - 1), fc.constantFrom(0, 3, 65535, 65536, 131071, 2 ** 31, 2 ** 32 - 1)), { minLength: 0, maxLength: 3000 }),
        (keys) => {
          const hi = Uint32Array.from(keys, (k) => k[0]);
          const lo = Uint32Array.from(keys, (k) => k[1]);
          const expected = keys.map((_, i) => i).sort((x, y) => hi[x] - hi[y] || lo[x] - lo[y] || x - y);
          expect(Array.from(radixOrder(hi, lo))).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rematchRows, after edits of fields and kinds only, gives the rows matchRows gives afresh; null after any other change', () => {
    const kinds = ['CLAIM', 'FORECAST', 'FACT'] as const;
    const statuses = ['VERIFIED', 'DISPUTED', 'FALSE'] as const;
    for (let seed = 1; seed <= 20; seed++) {
      let s = seed;
      const random = (n: number) => {
        s = (s * 1103515245 + 12345) % 2147483648;
        return Math.floor((s / 2147483648) * n);
      };
      const withFields = (m: CompareAnnotation): CompareAnnotation => ({
        ...m,
        fields: m.kind === 'CLAIM' ? { credibility: 1 + random(6) } : m.kind === 'FACT' ? { status: statuses[random(3)] } : { probability: random(101) / 100 },
      });
      const before = randomMarks(seed * 13, 400, 300, analysts).map(withFields);
      const rows = matchRows(before, analysts);
      expect(rematchRows(before, rows, before)).toBe(rows);
      // Edits: a new object for a few annotations, with other fields and sometimes another kind.
      const after = before.map((m) => (random(8) === 0 ? withFields({ ...m, kind: random(3) === 0 ? kinds[random(3)] : m.kind }) : m));
      const rematched = rematchRows(before, rows, after)!;
      expect(rematched).toEqual(matchRows(after, analysts));
      // The same, looking only at the edited annotations' rows (by id).
      expect(rematchRows(before, rows, after, () => rowsById(rows))).toEqual(rematched);
      // Rows without an edited annotation are kept as they were.
      const edited = new Set(after.filter((m, i) => m !== before[i]).map((m) => m.id));
      rematched.forEach((row, r) => {
        if (!row.cells.some((c) => c && edited.has(c.id))) expect(row).toBe(rows[r]);
      });
      // Anything matching reads: a span, an author, a creation time, one more or one fewer.
      const i = random(before.length);
      expect(rematchRows(before, rows, before.map((m, j) => (j === i ? { ...m, end: m.end + 1 } : m)))).toBeNull();
      expect(rematchRows(before, rows, before.map((m, j) => (j === i ? { ...m, authorId: m.authorId === 'a' ? 'b' : 'a' } : m)))).toBeNull();
      expect(rematchRows(before, rows, before.map((m, j) => (j === i ? { ...m, createdAt: m.createdAt + 1 } : m)))).toBeNull();
      expect(rematchRows(before, rows, before.slice(1))).toBeNull();
    }
  });

  it('creationOrder orders as the comparison sort by creation time, then id (many in one millisecond, times past 2^32, odd times)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.constantFrom(0, 1, 2 ** 32 - 1, 2 ** 32, 1_764_300_000_000, 1_764_300_000_001, 2 ** 52, -5, 1.5), fc.uuid()),
          { minLength: 0, maxLength: 2000 },
        ),
        fc.boolean(),
        (keys, whole) => {
          const annotations = keys
            .filter(([t]) => !whole || (Number.isInteger(t) && t >= 0))
            .map(([createdAt, id]): CompareAnnotation => ({ id, authorId: 'a', kind: 'CLAIM', start: 0, end: 1, createdAt }));
          const expected = Array.from(annotations.keys()).sort((x, y) => byCreation(annotations[x], annotations[y]));
          expect(creationOrder(annotations).map((i) => annotations[i])).toEqual(expected.map((i) => annotations[i]));
        },
      ),
      { numRuns: 80 },
    );
  });

  it('matchRows forms the same rows on dense pages, where most pairs are settled in the first Jaccard band', () => {
    // Hundreds of highlights over a few hundred characters: every band, the backward scan from the
    // highlights still free and the exact order inside a bucket of nearly equal Jaccard values.
    for (let seed = 1; seed <= 12; seed++) {
      const marks = randomMarks(seed * 7, 900, 250, analysts);
      const rows = matchRows(marks, analysts).map((row) => row.cells.filter((c) => c !== null).map((m) => m.id));
      const expected = straightforwardRows(marks, analysts).map((r) => r.map((m) => m.id));
      const key = (ids: string[]) => ids.join();
      expect(rows.map(key).sort()).toEqual(expected.map(key).sort());
    }
  });

  it('spanStatsOf gives what spanStats gives on the same spans, across documents', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const lengths = [300, 120, 500];
      const docs = lengths.map((length, d) => randomMarks(seed * 10 + d, 150, length, analysts));
      const chosen = seed % 4 === 0 ? ['b', 'a', 'd'] : analysts;
      const stretches = docs.map((marks, d) => ({ offset: lengths.slice(0, d).reduce((x, y) => x + y, 0), marks: marksByAuthor(marks) }));
      // spanStats takes units in the order it meets them: give them analyst by analyst, kind by kind.
      const spans = chosen.flatMap((coder) =>
        (['CLAIM', 'FORECAST', 'FACT'] as const).flatMap((kind) =>
          docs.flatMap((marks, d) =>
            marks.filter((m) => m.authorId === coder && m.kind === kind).map((m) => ({ coder, category: kind, start: m.start + stretches[d].offset, end: m.end + stretches[d].offset })),
          ),
        ),
      );
      const total = lengths.reduce((x, y) => x + y, 0);
      expect(spanStatsOf(total, stretches, chosen)).toEqual(spanStats(total, spans, chosen));
    }
  });

  it('sentenceLabels by author gives the label of the most-covering, earliest (then smallest id) annotation', () => {
    const sentences = [0, 40, 90, 150, 230, 300].map((start, i, all) => ({ start, end: all[i + 1] ?? 400 }));
    for (let seed = 1; seed <= 40; seed++) {
      const marks = randomMarks(seed, 120, 400, analysts);
      const labels = sentenceLabels(sentences, [...marks].reverse(), analysts, new Set(analysts));
      analysts.forEach((analyst, r) => {
        sentences.forEach((sentence, i) => {
          const covering = marks
            .filter((m) => m.authorId === analyst)
            .map((m) => ({ m, covered: Math.min(m.end, sentence.end) - Math.max(m.start, sentence.start) }))
            .filter((x) => x.covered > 0)
            .sort((x, y) => y.covered - x.covered || x.m.createdAt - y.m.createdAt || (x.m.id < y.m.id ? -1 : x.m.id > y.m.id ? 1 : 0));
          expect(labels[r][i]).toBe(covering[0]?.m.kind ?? 'none');
        });
      });
    }
  });
});
