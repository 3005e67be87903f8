import { getSchema, type JSONContent } from '@tiptap/core';
import { Node } from '@tiptap/pm/model';
import StarterKit from '@tiptap/starter-kit';
import { describe, expect, it } from 'vitest';
import { canonicalText } from './canonical';
import { textHash } from './hash';
import { readCorpus } from './parse';

const schema = getSchema([StarterKit]);
const proseMirrorText = (content: JSONContent) => {
  const doc = Node.fromJSON(schema, content);
  return doc.textBetween(0, doc.content.size, '\n\n');
};

describe('canonicalText', () => {
  it('equals ProseMirror’s text of every corpus document', () => {
    for (const d of readCorpus()) expect(canonicalText(d.content), d.slug).toBe(proseMirrorText(d.content));
  });

  it('equals ProseMirror’s text for every StarterKit block, empty blocks and emoji included', () => {
    const text = (t: string, marks?: JSONContent['marks']) => ({ type: 'text', text: t, ...(marks && { marks }) });
    const doc: JSONContent = {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 1 }, content: [text('Minsk 🇧🇾 and Moscow 🙂')] },
        { type: 'paragraph' },
        { type: 'paragraph', content: [text('a '), text('b', [{ type: 'italic' }]), { type: 'hardBreak' }, text('c')] },
        { type: 'blockquote', content: [{ type: 'paragraph', content: [text('quoted')] }] },
        { type: 'horizontalRule' },
        {
          type: 'orderedList',
          content: [
            { type: 'listItem', content: [{ type: 'paragraph', content: [text('one')] }, { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [text('nested')] }] }] }] },
          ],
        },
        { type: 'codeBlock', content: [text('x = 1\ny = 2')] },
      ],
    };
    expect(canonicalText(doc)).toBe('Minsk 🇧🇾 and Moscow 🙂\n\n\n\na bc\n\nquoted\n\none\n\nnested\n\nx = 1\ny = 2');
    expect(canonicalText(doc)).toBe(proseMirrorText(doc));
  });
});

describe('textHash', () => {
  it('is the sha256 of the UTF-8 text, in hex', () => {
    expect(textHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(textHash('🙂')).not.toBe(textHash('🙃'));
    expect(textHash('🙂')).toMatch(/^[0-9a-f]{64}$/);
  });
});
