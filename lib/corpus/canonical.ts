// The canonical text of a document: its textblocks' text joined by a blank line. Server and
// browser share this one definition; it equals ProseMirror's
// `doc.textBetween(0, doc.content.size, BLOCK_SEPARATOR)`, which a test checks for every document.
import type { JSONContent } from '@tiptap/core';

export const BLOCK_SEPARATOR = '\n\n';

const TEXTBLOCKS = new Set(['paragraph', 'heading', 'codeBlock']);

export function canonicalText(content: JSONContent): string {
  const blocks: string[] = [];
  const visit = (node: JSONContent) => {
    if (node.type && TEXTBLOCKS.has(node.type)) {
      blocks.push((node.content ?? []).map((child) => child.text ?? '').join(''));
      return;
    }
    node.content?.forEach(visit);
  };
  visit(content);
  return blocks.join(BLOCK_SEPARATOR);
}
