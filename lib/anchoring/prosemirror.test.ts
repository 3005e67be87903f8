import { getSchema } from '@tiptap/core';
import { Node } from '@tiptap/pm/model';
import StarterKit from '@tiptap/starter-kit';
import { describe, expect, it } from 'vitest';
import { canonicalText } from '@/lib/corpus/canonical';
import { parseCorpusFile, readCorpus } from '@/lib/corpus/parse';
import { CodePointIndex } from './codepoints';
import { buildPositionMap } from './prosemirror';

const schema = getSchema([StarterKit]);
const EMOJI_FILE = 'Minsk 🇧🇾 and Moscow 🙂\n\nThe 😀 roadmaps *🙂 signed* today.\n\nCommentary\n  • item 🇧🇾 one\n  • item two 🙂\n\nEnd 😀.';
const docs = [...readCorpus(), parseCorpusFile(EMOJI_FILE, 'emoji.txt')].map((d) => ({
  name: d.sourceFile,
  content: d.content,
  doc: Node.fromJSON(schema, d.content),
}));

/** Positions inside textblocks that a code-point offset can express, grouped by textblock. */
function textPositions(doc: Node): number[][] {
  const blocks: number[][] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    const text = node.textContent;
    const positions: number[] = [];
    for (let i = 0; i <= text.length; i++) {
      // Between the two halves of a surrogate pair is no code-point offset.
      if (!/[\ud800-\udbff]/.test(text[i - 1] ?? '')) positions.push(pos + 1 + i);
    }
    blocks.push(positions);
    return false;
  });
  return blocks;
}

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number) {
  return (n: number) => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return Math.floor((seed / 2 ** 32) * n);
  };
}

describe('buildPositionMap', () => {
  for (const { name, content, doc } of docs) {
    describe(name, () => {
      const map = buildPositionMap(doc);
      const index = new CodePointIndex(map.text);
      const blocks = textPositions(doc);
      const pick = random(42);
      const any = (positions: number[]) => positions[pick(positions.length)];

      it('has the canonical text', () => {
        expect(map.text).toBe(canonicalText(content));
      });

      it('maps ranges inside one textblock to the same text ProseMirror has', () => {
        for (let k = 0; k < 300; k++) {
          const block = blocks[pick(blocks.length)];
          const [from, to] = [any(block), any(block)].sort((a, b) => a - b);
          expect(index.slice(map.toOffset(from), map.toOffset(to))).toBe(doc.textBetween(from, to, '\n\n'));
        }
      });

      it('maps ranges across textblocks to the same text ProseMirror has', () => {
        for (let k = 0; k < 300; k++) {
          const [a, b] = [pick(blocks.length), pick(blocks.length)].sort((x, y) => x - y);
          const [from, to] = [any(blocks[a]), any(blocks[b])];
          expect(index.slice(map.toOffset(from), map.toOffset(to))).toBe(doc.textBetween(from, to, '\n\n'));
        }
        const all = blocks.flat();
        expect(index.slice(map.toOffset(all[0]), map.toOffset(all.at(-1)!))).toBe(map.text);
      });

      it('maps every text position to an offset and back', () => {
        const positions = blocks.flat();
        expect(positions.map((pos) => map.toPos(map.toOffset(pos)))).toEqual(positions);
      });

      it('maps every offset to a position and back, except inside separators', () => {
        const separators = new Set<number>();
        for (let at = map.text.indexOf('\n\n'); at >= 0; at = map.text.indexOf('\n\n', at + 2)) separators.add(index.toCp(at) + 1);
        const offsets = Array.from({ length: index.length + 1 }, (_, offset) => offset);
        expect(offsets.map((offset) => map.toOffset(map.toPos(offset)))).toEqual(offsets.map((o) => (separators.has(o) ? o - 1 : o)));
      });
    });
  }

  it('maps positions between and around textblocks to the end of the block before', () => {
    const { doc } = docs.at(-1)!;
    const map = buildPositionMap(doc);
    const [first, second] = textPositions(doc);
    const endOfFirst = first.at(-1)!;
    expect(map.toOffset(0)).toBe(0);
    expect(map.toOffset(endOfFirst + 1)).toBe(map.toOffset(endOfFirst));
    expect(map.toOffset(second[0] - 1)).toBe(map.toOffset(endOfFirst));
    expect(map.toOffset(doc.content.size)).toBe([...map.text].length);
    expect(map.toPos(map.toOffset(endOfFirst) + 1)).toBe(endOfFirst);
    expect(map.toPos(map.toOffset(endOfFirst) + 2)).toBe(second[0]);
  });
});
