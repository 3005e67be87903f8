// Maps ProseMirror positions of the reader to code-point offsets of the canonical text and back.
// The canonical text is the textblocks' text joined by "\n\n" (lib/corpus/canonical.ts); the two
// separator characters have no ProseMirror position.
import type { Node } from '@tiptap/pm/model';
import { CodePointIndex } from './codepoints';
import { BLOCK_SEPARATOR } from '@/lib/corpus/canonical';

type Block = { pos: number; offset: number; length: number };

export type PositionMap = {
  /** The canonical text, identical to the server's. */
  text: string;
  toOffset(pos: number): number;
  toPos(offset: number): number;
};

/** The last block whose `key` is ≤ value (blocks are sorted by both keys). */
function blockAt(blocks: Block[], key: 'pos' | 'offset', value: number): Block | undefined {
  let lo = 0;
  let hi = blocks.length - 1;
  let found: Block | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (blocks[mid][key] <= value) {
      found = blocks[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

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
      if (!block) return 0;
      return index.toCp(block.offset + Math.min(Math.max(0, pos - block.pos), block.length));
    },
    toPos(cp) {
      const u16 = index.toUtf16(cp);
      const block = blockAt(blocks, 'offset', u16);
      if (!block) return blocks[0]?.pos ?? 0;
      // An offset inside a separator belongs to the end of the block before it.
      return block.pos + Math.min(u16 - block.offset, block.length);
    },
  };
}
