// Plain text → a document. Paragraphs are separated by blank lines; the lines of one paragraph are
// joined with a space (text is usually hard-wrapped). A text without any blank line has one
// paragraph per line. Lines starting with a bullet (•, -, *) make a bullet list, `1.`/`1)` a
// numbered one. Nothing is guessed beyond that: no headings are invented.
import type { JSONContent } from '@tiptap/core';
import { type Converted, finish, firstLine } from './schema';

const BULLET = /^\s*[•\-*–]\s+/;
const NUMBER = /^\s*\d{1,4}[.)]\s+/;

export function textToDocument(source: string): Converted {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const paragraphsByBlankLine = lines.some((line, i) => line.trim() === '' && i > 0 && i < lines.length - 1 && lines[i - 1].trim() !== '');
  const groups: string[][] = [];
  let current: string[] = [];
  for (const line of lines) {
    if (line.trim() === '') {
      if (current.length) groups.push(current);
      current = [];
    } else if (!paragraphsByBlankLine) {
      groups.push([line]);
    } else current.push(line);
  }
  if (current.length) groups.push(current);

  const blocks: JSONContent[] = [];
  const paragraph = (text: string): JSONContent => ({ type: 'paragraph', content: [{ type: 'text', text }] });
  for (const group of groups) {
    // Within a group, list lines become items and the lines between them one paragraph each.
    let prose: string[] = [];
    const flush = () => {
      if (prose.length) blocks.push(paragraph(prose.map((l) => l.trim()).join(' ')));
      prose = [];
    };
    for (const line of group) {
      const kind = BULLET.test(line) ? 'bulletList' : NUMBER.test(line) ? 'orderedList' : null;
      if (!kind) {
        const last = blocks.at(-1);
        // A wrapped list item continues on an indented line.
        if (prose.length === 0 && last && (last.type === 'bulletList' || last.type === 'orderedList') && /^\s+\S/.test(line)) {
          const item = last.content!.at(-1)!.content![0].content![0];
          item.text += ` ${line.trim()}`;
          continue;
        }
        prose.push(line);
        continue;
      }
      flush();
      const item: JSONContent = { type: 'listItem', content: [paragraph(line.replace(kind === 'bulletList' ? BULLET : NUMBER, '').trim())] };
      const last = blocks.at(-1);
      if (last?.type === kind) last.content!.push(item);
      else blocks.push({ type: kind, ...(kind === 'orderedList' ? { attrs: { start: Number(/\d+/.exec(line)![0]) } } : {}), content: [item] });
    }
    flush();
  }
  const { content, text } = finish({ type: 'doc', content: blocks });
  return { title: firstLine(content), byline: null, publishedAt: null, content, text, warnings: [] };
}
