// The document shape every converter produces: TipTap JSON in the reader's StarterKit schema, less
// links (a link becomes its text, always: the reader shows passages, not a web), its canonical text
// (lib/corpus/canonical.ts: textblocks joined by a blank line, one rule for every format) and what
// the conversion had to say. Pure.
import { getSchema, type JSONContent } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { canonicalText } from '@/lib/corpus/canonical';

export const schema = getSchema([StarterKit.configure({ link: false })]);

export const FORMATS = ['text', 'markdown', 'html', 'pdf', 'docx'] as const;
export type Format = (typeof FORMATS)[number];

/** A converted document: what the preview shows and what is stored. */
export type Converted = {
  title: string | null;
  byline: string | null;
  /** ISO yyyy-mm-dd, when the source says. */
  publishedAt: string | null;
  content: JSONContent;
  text: string;
  warnings: string[];
};

const TEXTBLOCKS = new Set(['paragraph', 'heading', 'codeBlock']);

/** Text a document may hold: no NUL or other C0 controls but tab and newline, no unpaired surrogates. */
export const cleanText = (text: string) => text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').toWellFormed();

/**
 * Tidies converted content so that every block carries text: empty textblocks and lists go, hard
 * breaks become spaces (the canonical text has no character for them), whitespace at block edges
 * goes, text is cleaned; then the schema checks it.
 */
export function finish(content: JSONContent): { content: JSONContent; text: string } {
  const tidy = (node: JSONContent): JSONContent | null => {
    if (node.type === 'text') {
      const text = cleanText(node.text ?? '');
      return text ? { ...node, text } : null;
    }
    if (node.type === 'hardBreak') return { type: 'text', text: ' ' };
    if (node.type === 'image') return null;
    if (node.type && TEXTBLOCKS.has(node.type)) {
      const children = mergeText((node.content ?? []).map(tidy).filter((c): c is JSONContent => c !== null));
      if (node.type !== 'codeBlock') trimEdges(children);
      else if (children.length) children[children.length - 1] = { ...children.at(-1)!, text: children.at(-1)!.text!.replace(/\s+$/, '') };
      const kept = children.filter((c) => c.text);
      return kept.length ? { ...node, content: kept } : null;
    }
    if (node.type === 'horizontalRule') return node;
    const children = (node.content ?? []).map(tidy).filter((c): c is JSONContent => c !== null);
    if (node.type !== 'doc' && children.length === 0) return null;
    // A list item must start with a paragraph.
    if (node.type === 'listItem' && children[0]?.type !== 'paragraph') children.unshift({ type: 'paragraph', content: [{ type: 'text', text: '•' }] });
    return { ...node, content: children };
  };
  const doc = tidy(content) ?? { type: 'doc', content: [] };
  // Rules at the ends, or two in a row, separate nothing.
  const blocks = (doc.content ?? []).filter((b, i, all) => b.type !== 'horizontalRule' || (i > 0 && i < all.length - 1 && all[i + 1].type !== 'horizontalRule'));
  const result: JSONContent = { type: 'doc', content: blocks.length ? blocks : [{ type: 'paragraph' }] };
  schema.nodeFromJSON(result).check();
  return { content: result, text: canonicalText(result) };
}

function sameMarks(a: JSONContent, b: JSONContent) {
  return JSON.stringify(a.marks ?? []) === JSON.stringify(b.marks ?? []);
}

function mergeText(nodes: JSONContent[]): JSONContent[] {
  const out: JSONContent[] = [];
  for (const n of nodes) {
    const last = out.at(-1);
    if (last && last.type === 'text' && n.type === 'text' && sameMarks(last, n)) out[out.length - 1] = { ...last, text: last.text! + n.text! };
    else out.push(n);
  }
  return out;
}

function trimEdges(nodes: JSONContent[]) {
  for (const n of nodes) if (n.type === 'text') n.text = n.text!.replace(/\s+/g, ' ');
  for (let i = 1; i < nodes.length; i++) if (nodes[i - 1].text!.endsWith(' ') && nodes[i].text!.startsWith(' ')) nodes[i].text = nodes[i].text!.slice(1);
  if (nodes[0]) nodes[0].text = nodes[0].text!.trimStart();
  const last = nodes.at(-1);
  if (last) last.text = last.text!.trimEnd();
}

/** The first heading's text, else the first block's, cut to a title's length. */
export function firstLine(content: JSONContent): string | null {
  const blocks: { type: string; text: string }[] = [];
  const visit = (n: JSONContent) => {
    if (n.type && TEXTBLOCKS.has(n.type)) blocks.push({ type: n.type, text: (n.content ?? []).map((c) => c.text ?? '').join('') });
    else n.content?.forEach(visit);
  };
  visit(content);
  const chosen = (blocks.find((b) => b.type === 'heading') ?? blocks[0])?.text.trim();
  return chosen ? shorten(chosen, TITLE_MAX) : null;
}

export const TITLE_MAX = 300;

/** Cut at a word boundary with an ellipsis, when longer than `max`. */
export function shorten(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  if (oneLine.length <= max) return oneLine;
  const cut = oneLine.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** A date a source gives (ISO, or anything Date can read) as yyyy-mm-dd, or null. */
export function isoDay(value: string | null | undefined): string | null {
  if (!value) return null;
  const iso = /^(\d{4}-\d{2}-\d{2})/.exec(value.trim());
  const date = new Date(iso ? `${iso[1]}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return null;
  const year = date.getUTCFullYear();
  if (year < 1 || year > 9999) return null;
  return date.toISOString().slice(0, 10);
}
