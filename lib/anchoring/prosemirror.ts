// Maps ProseMirror positions of the reader to code-point offsets of the canonical text and back.
// The canonical text is the textblocks' text joined by "\n\n" (lib/corpus/canonical.ts); the two
// separator characters have no ProseMirror position, and the positions between textblocks (the
// tokens that close and open nodes) have no character. Textblocks hold only text nodes, so inside
// one a position step is one UTF-16 unit of its text.
import type { Node } from '@tiptap/pm/model';
import { BLOCK_SEPARATOR } from '@/lib/corpus/canonical';
import { CodePointIndex } from './codepoints';

/** A textblock: where its content starts as a position and as a UTF-16 offset, and its length. */
type Block = { pos: number; offset: number; length: number };

export type PositionMap = {
  /** The canonical text, identical to the server's. */
  text: string;
  /** A position between textblocks maps to the end of the block before it (0 before the first). */
  toOffset(pos: number): number;
  /**
   * An offset inside a separator maps to the end of the block before it: exact for a range's end,
   * and for a range's start it covers the same text as the next block's start would.
   */
  toPos(offset: number): number;
};

/** The last block whose `key` is ≤ value; blocks ascend in both keys. */
function blockAt(blocks: Block[], key: 'pos' | 'offset', value: number): Block | undefined {
  let lo = 0;
  let hi = blocks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (blocks[mid][key] <= value) lo = mid + 1;
    else hi = mid;
  }
  return blocks[lo - 1];
}

/** Built once per document; each lookup is then two binary searches. */
export function buildPositionMap(doc: Node): PositionMap {
  const blocks: Block[] = [];
  const parts: string[] = [];
  let offset = 0;
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    if (blocks.length) offset += BLOCK_SEPARATOR.length;
    blocks.push({ pos: pos + 1, offset, length: node.textContent.length });
    parts.push(node.textContent);
    offset += node.textContent.length;
    return false;
  });
  const text = parts.join(BLOCK_SEPARATOR);
  const index = new CodePointIndex(text);
  return {
    text,
    toOffset(pos) {
      const block = blockAt(blocks, 'pos', pos);
      return block ? index.toCp(block.offset + Math.min(pos - block.pos, block.length)) : 0;
    },
    toPos(cp) {
      const u16 = index.toUtf16(Math.max(0, cp));
      const block = blockAt(blocks, 'offset', u16);
      if (!block) return 0; // a document without text
      return block.pos + Math.min(u16 - block.offset, block.length);
    },
  };
}
