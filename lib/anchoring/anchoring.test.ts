import { getSchema } from '@tiptap/core';
import { Node } from '@tiptap/pm/model';
import StarterKit from '@tiptap/starter-kit';
import { describe, expect, it } from 'vitest';
import { parseCorpusFile, readCorpus } from '@/lib/corpus/parse';
import { canonicalText } from '@/lib/corpus/canonical';
import { CodePointIndex, cpLength, cpSlice, cpToUtf16, utf16ToCp } from './codepoints';
import { describeRange, targetMatches } from './selectors';
import { reanchor } from './reanchor';
import { buildPositionMap } from './prosemirror';

const EMOJI = 'Minsk 🇧🇾 and Moscow 🙂 signed the roadmaps; 😀 the end.';

describe('code points', () => {
  it('count an emoji as one position and a flag as two', () => {
    expect(cpLength('🙂')).toBe(1);
    expect(cpLength('🇧🇾')).toBe(2); // two regional indicators
    expect(cpLength(EMOJI)).toBe([...EMOJI].length);
  });

  it('convert between code points and UTF-16 both ways for every offset', () => {
    const index = new CodePointIndex(EMOJI);
    const chars = [...EMOJI];
    let u16 = 0;
    for (let cp = 0; cp <= chars.length; cp++) {
      expect(index.toUtf16(cp)).toBe(u16);
      expect(index.toCp(u16)).toBe(cp);
      u16 += chars[cp]?.length ?? 0;
    }
    expect(cpToUtf16(EMOJI, 9)).toBe(index.toUtf16(9));
    expect(utf16ToCp(EMOJI, 12)).toBe(index.toCp(12));
  });

  it('slice by code points', () => {
    const start = [...EMOJI].indexOf('M', 1);
    expect(cpSlice(EMOJI, start, start + 8)).toBe('Moscow 🙂');
    expect(cpSlice('plain', 1, 3)).toBe('la');
  });
});

describe('selectors', () => {
  it('describe a range with its quote and 32 code points of context', () => {
    const text = `${'a'.repeat(40)}🙂 quote 🙂${'b'.repeat(40)}`;
    const t = describeRange(text, 41, 48);
    expect(t.exact).toBe(' quote ');
    expect(t.prefix).toBe(`${'a'.repeat(31)}🙂`);
    expect(t.suffix).toBe(`🙂${'b'.repeat(31)}`);
    expect(targetMatches(text, t)).toBe(true);
    expect(targetMatches(text, { ...t, start: 42, end: 49 })).toBe(false);
    expect(targetMatches(text, { start: 80, end: 200, exact: 'b' })).toBe(false);
  });
});

describe('re-anchoring', () => {
  const text = 'Integration Programmes\n\nRussia wants to take advantage of Belarus’ isolation. Moscow is patient. Moscow is not patient.';
  const at = (quote: string, from = 0) => {
    const u16 = text.indexOf(quote, from);
    return describeRange(text, utf16ToCp(text, u16), utf16ToCp(text, u16) + cpLength(quote));
  };

  it('keeps the position when the text there is unchanged', () => {
    expect(reanchor(text, at('take advantage'))).toMatchObject({ method: 'position' });
  });

  it('finds the exact quote after text was inserted before it', () => {
    const target = at('take advantage');
    const revised = `A new opening paragraph.\n\n${text}`;
    const placed = reanchor(revised, target)!;
    expect(placed.method).toBe('exact');
    expect(cpSlice(revised, placed.start, placed.end)).toBe('take advantage');
  });

  it('chooses among repeated quotes by context', () => {
    const second = at('Moscow is', text.indexOf('Moscow is') + 1);
    const revised = text.replace('Integration', 'The Integration');
    const placed = reanchor(revised, second)!;
    expect(placed.method).toBe('exact');
    expect(cpSlice(revised, placed.end, placed.end + 4)).toBe(' not');
  });

  it('finds a slightly edited quote fuzzily', () => {
    const target = at('Russia wants to take advantage of Belarus’ isolation');
    const revised = text.replace('Russia wants to take advantage of Belarus’ isolation', 'Russia wants to take advantage of Belarus’s isolation');
    const placed = reanchor(revised, target)!;
    expect(placed.method).toBe('fuzzy');
    expect(cpSlice(revised, placed.start, placed.end)).toBe('Russia wants to take advantage of Belarus’s isolation');
  });

  it('gives up (orphan) when the passage is gone', () => {
    const target = at('take advantage of Belarus’ isolation');
    expect(reanchor('Integration Programmes\n\nAn entirely different text about something else.', target)).toBeNull();
  });

  it('works in code points around emoji', () => {
    const target = at('Moscow is patient');
    const revised = `🙂🙂 ${text}`;
    const placed = reanchor(revised, target)!;
    expect(cpSlice(revised, placed.start, placed.end)).toBe('Moscow is patient');
  });
});

describe('ProseMirror positions ↔ canonical offsets', () => {
  const schema = getSchema([StarterKit]);
  const docs = [...readCorpus(), parseCorpusFile(`Title 🙂\n\n${EMOJI}\n\n  • item 🇧🇾 one\n  • item two`, 'emoji.txt')];

  it('agree with ProseMirror’s own text for ranges within and across blocks', () => {
    for (const d of docs) {
      const doc = Node.fromJSON(schema, d.content);
      const map = buildPositionMap(doc);
      expect(map.text).toBe(canonicalText(d.content));
      const textPositions: number[] = [];
      doc.descendants((node, pos) => {
        if (!node.isText) return;
        for (let i = 0; i <= node.text!.length; i++) {
          // A position between the two halves of a surrogate pair is no code-point offset.
          if (!/[\ud800-\udbff]/.test(node.text![i - 1] ?? '')) textPositions.push(pos + i);
        }
      });
      for (let k = 0; k < 200; k++) {
        const a = textPositions[(k * 7919) % textPositions.length];
        const b = textPositions[(k * 104729 + 13) % textPositions.length];
        const [from, to] = a <= b ? [a, b] : [b, a];
        if (doc.resolve(from).parent.isTextblock && doc.resolve(to).parent.isTextblock) {
          expect(cpSlice(map.text, map.toOffset(from), map.toOffset(to))).toBe(doc.textBetween(from, to, '\n\n'));
        }
      }
      for (const p of textPositions) expect(map.toPos(map.toOffset(p))).toBe(p);
    }
  });
});
