// Corpus files (plain text with light Markdown-like markup) → TipTap JSON that keeps their
// structure, using only StarterKit nodes. The rules are the same for every file:
// - one non-empty line is one block. A long line that stops mid-sentence continues in the next
//   block only when that block cannot open a sentence (lowercase, or a "November 2021." cut off
//   its "signed in", as in 003); 001 has lines that stop mid-sentence because the export lost the
//   rest, and gluing the next paragraph to them would invent a sentence;
// - the title is the first non-empty line, or the line metadata.json names (the lines before it
//   are the publisher's chrome, e.g. 002's "Analyses"). It stays in the text as a level-1 heading
//   because headlines make claims too. A file without a title line (001) gets its title from
//   metadata.json, and that title is not part of the text;
// - directly under the title, a `dd.mm.yyyy` line is the publication date and a bare number the
//   series issue (000); the byline is the line metadata.json names (003, 004): all are metadata,
//   not text;
// - a short line without closing punctuation is a heading; `•` lines make a bullet list;
// - the `[n] …` lines that end a file are footnotes, set apart by a horizontal rule (no invented
//   "Notes" heading, so the canonical text holds only the file's words); a reference stays in the
//   text as written, `[1]`;
// - `*text*` is italic, `[text](#)` (a link without target) is its text, `\$` is `$`;
// - image captions ("(click to enlarge)", "Photo from …") are dropped, all of them: the corpus has
//   none of the images, so they are instructions and labels for nothing an analyst can see.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JSONContent } from '@tiptap/core';

export type ParsedDocument = {
  slug: string;
  title: string;
  byline: string | null;
  /** ISO `yyyy-mm-dd`, only where the file gives a date. */
  publishedAt: string | null;
  sourceFile: string;
  content: JSONContent;
};

/** What prisma/corpus/metadata.json knows about a file that its text cannot tell. */
export type FileMetadata = { title?: string; titleLine?: number; bylineLine?: number };

export const CORPUS_DIR = fileURLToPath(new URL('../../prisma/corpus', import.meta.url));

const DATE = /^(\d{2})\.(\d{2})\.(\d{4})$/;
const ISSUE_NUMBER = /^\d+$/;
const BULLET = /^•\s+/;
const FOOTNOTE = /^\[\d+\]\s/;
const HEADING_MAX = 80;
const CLOSING_PUNCTUATION = /[.,:;?!”"’)]$/;
const CONTINUATION =
  /^(?:\p{Ll}|(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4}\b)/u;
/** A Markdown escape of ASCII punctuation, italics, or a link with an empty target. */
const INLINE = /\\([!-/:-@[-`{-~])|\*([^*\s][^*]*?)\*|\[([^\]]+)\]\(#\)/g;

import { slugify } from './slug';

export { slugify };

/** Inline markup → TipTap text nodes; adjacent plain text stays one node. */
export function inline(line: string): JSONContent[] {
  const nodes: JSONContent[] = [];
  let plain = '';
  let last = 0;
  for (const m of line.matchAll(INLINE)) {
    plain += line.slice(last, m.index);
    last = m.index + m[0].length;
    if (m[2] === undefined) {
      plain += m[1] ?? m[3];
      continue;
    }
    if (plain) nodes.push({ type: 'text', text: plain });
    plain = '';
    nodes.push({ type: 'text', text: m[2], marks: [{ type: 'italic' }] });
  }
  plain += line.slice(last);
  if (plain) nodes.push({ type: 'text', text: plain });
  return nodes;
}

const isShortUnpunctuated = (line: string) => line.length <= HEADING_MAX && !CLOSING_PUNCTUATION.test(line);
const isCaption = (line: string) => /^\(click to enlarge\)$/i.test(line) || (/^Photo\b/.test(line) && isShortUnpunctuated(line));
const isCut = (line: string) => line.length > HEADING_MAX && !CLOSING_PUNCTUATION.test(line);

const paragraph = (text: string): JSONContent => ({ type: 'paragraph', content: inline(text) });
const heading = (level: 1 | 2, text: string): JSONContent => ({ type: 'heading', attrs: { level }, content: inline(text) });

export function parseCorpusFile(raw: string, sourceFile: string, meta: FileMetadata = {}): ParsedDocument {
  const lines = raw
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((text, i) => ({ n: i + 1, text: text.trim() }))
    .filter((line) => line.text !== '');

  const titleIndex = meta.title ? -1 : Math.max(0, lines.findIndex((line) => line.n === meta.titleLine));
  const title = meta.title ?? lines[titleIndex]?.text;
  if (!title) throw new Error(`${sourceFile}: no title line and no title in metadata.json`);
  let body = lines.slice(titleIndex + 1);

  let publishedAt: string | null = null;
  while (body.length && (DATE.test(body[0].text) || ISSUE_NUMBER.test(body[0].text))) {
    const date = DATE.exec(body[0].text);
    if (date) publishedAt = `${date[3]}-${date[2]}-${date[1]}`;
    body = body.slice(1);
  }
  const byline = lines.find((line) => line.n === meta.bylineLine)?.text ?? null;
  body = body.filter((line) => line.n !== meta.bylineLine && !isCaption(line.text));

  let notesStart = body.length;
  while (notesStart > 0 && FOOTNOTE.test(body[notesStart - 1].text)) notesStart--;
  const notes = body.slice(notesStart).map((line) => paragraph(line.text));
  body = body.slice(0, notesStart);

  const blocks: JSONContent[] = meta.title ? [] : [heading(1, title)];
  for (let i = 0; i < body.length; ) {
    if (BULLET.test(body[i].text)) {
      const items: JSONContent[] = [];
      while (i < body.length && BULLET.test(body[i].text)) {
        items.push({ type: 'listItem', content: [paragraph(body[i++].text.replace(BULLET, ''))] });
      }
      blocks.push({ type: 'bulletList', content: items });
    } else if (isShortUnpunctuated(body[i].text)) {
      blocks.push(heading(2, body[i++].text));
    } else {
      let text = body[i++].text;
      while (isCut(text) && i < body.length && CONTINUATION.test(body[i].text)) text += ` ${body[i++].text}`;
      blocks.push(paragraph(text));
    }
  }
  if (notes.length) blocks.push({ type: 'horizontalRule' }, ...notes);

  return { slug: slugify(title), title, byline, publishedAt, sourceFile, content: { type: 'doc', content: blocks } };
}

/** The corpus in file-name order; metadata.json beside the files is optional. */
export function readCorpus(dir = CORPUS_DIR): ParsedDocument[] {
  const metadataFile = path.join(dir, 'metadata.json');
  const metadata: Record<string, FileMetadata> = existsSync(metadataFile) ? JSON.parse(readFileSync(metadataFile, 'utf8')) : {};
  return readdirSync(dir)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => parseCorpusFile(readFileSync(path.join(dir, name), 'utf8'), name, metadata[name]));
}
