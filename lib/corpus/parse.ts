// Corpus files (plain text with light Markdown-like markup) → TipTap JSON that keeps their
// structure. Rules, applied the same way to every file:
// - one non-empty line is one block; a long line that stops mid-sentence continues in the next
//   block (a paragraph broken in two by the export, as in 003);
// - the title is the first non-empty line (or the line metadata.json names; lines before it are
//   the publisher's chrome and dropped); a file without a title line gets one from metadata.json,
//   shown above the text but not part of it;
// - a date line `dd.mm.yyyy` in the header is the publication date, a bare number there is the
//   series issue number; both are metadata, not text; a byline line (metadata.json) likewise;
// - a short line without closing punctuation is a heading; `•` lines are bullet lists;
//   `[1] …` lines at the end are footnotes, set apart by a horizontal rule;
// - `*text*` is italic; `[text](#)` (links with no target) is plain text;
// - captions such as "(click to enlarge)" or "Photo from …" are kept as-is, as paragraphs.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { JSONContent } from '@tiptap/core';

export type ParsedDocument = {
  slug: string;
  title: string;
  byline: string | null;
  publishedAt: string | null;
  sourceFile: string;
  content: JSONContent;
};

export type FileMetadata = { title?: string; titleLine?: number; bylineLine?: number };

export const CORPUS_DIR = path.resolve(import.meta.dirname, '..', '..', 'prisma', 'corpus');

const DATE = /^(\d{2})\.(\d{2})\.(\d{4})$/;
const ISSUE_NUMBER = /^\d+$/;
const BULLET = /^\s*[•·*-]\s+/;
const FOOTNOTE = /^\[\d+\]\s/;
const CAPTION = /^\(.*\)$|^Photo\b/;
const HEADING_MAX = 80;

export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['’]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Inline text → TipTap text nodes: `*italic*`, and `[text](#)` reduced to its text. */
export function inline(line: string): JSONContent[] {
  const plain = line.replace(/\[([^\]]+)\]\(#\)/g, '$1');
  const nodes: JSONContent[] = [];
  const pattern = /\*([^*\s][^*]*?)\*/g;
  let last = 0;
  for (let m = pattern.exec(plain); m; m = pattern.exec(plain)) {
    if (m.index > last) nodes.push({ type: 'text', text: plain.slice(last, m.index) });
    nodes.push({ type: 'text', text: m[1], marks: [{ type: 'italic' }] });
    last = m.index + m[0].length;
  }
  if (last < plain.length) nodes.push({ type: 'text', text: plain.slice(last) });
  return nodes;
}

const isHeading = (line: string) =>
  line.length <= HEADING_MAX && !/[.,:;?!”"’)]$/.test(line) && !CAPTION.test(line) && !BULLET.test(line) && !FOOTNOTE.test(line);

/** A long line that stops without closing punctuation was cut in two by the export. */
const isCutParagraph = (line: string) => line.length > HEADING_MAX && !/[.:;?!”")’]$/.test(line);

const paragraph = (text: string): JSONContent => ({ type: 'paragraph', content: inline(text) });

export function parseCorpusFile(raw: string, sourceFile: string, meta: FileMetadata = {}): ParsedDocument {
  const lines = raw.replace(/\r\n?/g, '\n').split('\n').map((line) => line.trimEnd());
  const numbered = lines.map((text, i) => ({ n: i + 1, text })).filter((l) => l.text.trim() !== '');

  const titleIndex = meta.title ? -1 : Math.max(0, numbered.findIndex((l) => l.n === (meta.titleLine ?? numbered[0].n)));
  const title = meta.title ?? numbered[titleIndex].text.trim();
  let body = numbered.slice(titleIndex + 1);
  let byline: string | null = null;
  let publishedAt: string | null = null;

  // Header metadata directly under the title.
  while (body.length && (DATE.test(body[0].text.trim()) || ISSUE_NUMBER.test(body[0].text.trim()))) {
    const date = DATE.exec(body[0].text.trim());
    if (date) publishedAt = `${date[3]}-${date[2]}-${date[1]}`;
    body = body.slice(1);
  }
  if (meta.bylineLine) {
    byline = lines[meta.bylineLine - 1].trim();
    body = body.filter((l) => l.n !== meta.bylineLine);
  }

  const content: JSONContent[] = meta.title ? [] : [{ type: 'heading', attrs: { level: 1 }, content: inline(title) }];
  const footnotes: JSONContent[] = [];
  let bullets: JSONContent[] = [];
  const flushBullets = () => {
    if (bullets.length) content.push({ type: 'bulletList', content: bullets });
    bullets = [];
  };

  for (let i = 0; i < body.length; i++) {
    let text = body[i].text.trim();
    if (BULLET.test(body[i].text) && !text.startsWith('*')) {
      bullets.push({ type: 'listItem', content: [paragraph(text.replace(BULLET, ''))] });
      continue;
    }
    flushBullets();
    if (FOOTNOTE.test(text)) {
      footnotes.push(paragraph(text));
      continue;
    }
    if (isHeading(text)) {
      content.push({ type: 'heading', attrs: { level: 2 }, content: inline(text) });
      continue;
    }
    while (isCutParagraph(text) && i + 1 < body.length) text = `${text} ${body[++i].text.trim()}`;
    content.push(paragraph(text));
  }
  flushBullets();
  if (footnotes.length) content.push({ type: 'horizontalRule' }, ...footnotes);

  return { slug: slugify(title), title, byline, publishedAt, sourceFile, content: { type: 'doc', content } };
}

export function readCorpus(dir = CORPUS_DIR): ParsedDocument[] {
  const metadata: Record<string, FileMetadata> = JSON.parse(readFileSync(path.join(dir, 'metadata.json'), 'utf8'));
  return readdirSync(dir)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => parseCorpusFile(readFileSync(path.join(dir, name), 'utf8'), name, metadata[name]));
}
