// PDF → a document from its text layer (unpdf: pdf.js built for servers). pdf.js gives positioned
// pieces of text; the layout is rebuilt from their positions:
// - pieces on one baseline make a line, in reading order (left to right);
// - lines at the top or bottom of pages that repeat on many pages (digits aside) are running
//   headers and footers, and lone page numbers there are dropped;
// - a paragraph ends at a gap larger than the usual line spacing, before an indented first line,
//   after a short line that closes a sentence, and before a line in a larger font (a heading: the
//   largest size is level 1, the next 2, the rest 3);
// - a word hyphenated at a line end is joined ("integ-" + "ration" → "integration"); a paragraph
//   cut by a page break continues when the next page starts mid-sentence.
// A PDF without any text (a scan) is refused: no text layer, and OCR is not supported.
import 'server-only';
import type { JSONContent } from '@tiptap/core';
import { extractTextItems, getDocumentProxy, getMeta } from 'unpdf';
import { AppError } from '@/lib/errors';
import { type Converted, cleanText, finish, firstLine, isoDay, shorten, TITLE_MAX } from './schema';

type Item = { str: string; x: number; y: number; width: number; fontSize: number; hasEOL: boolean };
type Line = { text: string; x: number; right: number; y: number; size: number; page: number };

const TERMINAL = /[.!?:;"”’)\]]$/;
const PAGE_NUMBER = /^(?:page\s*)?[-–—]?\s*(?:\d{1,4}|[ivxlcdm]{1,7})\s*[-–—]?(?:\s*(?:of|\/)\s*\d{1,4})?$/i;
const BULLET = /^[•◦▪‣●○■□–-]\s+/;

const median = (values: number[]) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const mode = (values: number[]) => {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(Math.round(v), (counts.get(Math.round(v)) ?? 0) + 1);
  let best = 0;
  let count = -1;
  for (const [v, c] of counts) if (c > count || (c === count && v < best)) [best, count] = [v, c];
  return best;
};

async function readPdf(bytes: Uint8Array) {
  let pdf;
  try {
    pdf = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, stopAtErrors: false } as never);
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'PasswordException') throw new AppError('INVALID', 'The PDF is encrypted with a password; send one that is not', { fields: { file: 'Encrypted PDF' } });
    throw new AppError('INVALID', 'The file is not a readable PDF (it may be damaged)', { fields: { file: 'Not a readable PDF' } });
  }
  try {
    const [{ items }, meta] = await Promise.all([extractTextItems(pdf), getMeta(pdf).catch(() => ({ info: {} as Record<string, unknown> }))]);
    return { pages: items as Item[][], info: meta.info as Record<string, unknown> };
  } catch {
    throw new AppError('INVALID', 'The PDF could not be read to the end (it may be damaged)', { fields: { file: 'Damaged PDF' } });
  } finally {
    await pdf.destroy().catch(() => undefined);
  }
}

/** One page's pieces of text → its lines, top to bottom. */
function linesOf(items: Item[], page: number): Line[] {
  const pieces = items.filter((i) => i.str !== '' && Number.isFinite(i.x) && Number.isFinite(i.y));
  pieces.sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: Item[][] = [];
  for (const piece of pieces) {
    const row = rows.find((r) => Math.abs(r[0].y - piece.y) <= Math.max(1, Math.min(r[0].fontSize, piece.fontSize) * 0.4));
    if (row) row.push(piece);
    else rows.push([piece]);
  }
  const lines: Line[] = [];
  for (const row of rows) {
    row.sort((a, b) => a.x - b.x);
    let text = '';
    let end = -Infinity;
    for (const piece of row) {
      const gap = piece.x - end;
      if (text && gap > piece.fontSize * 0.15 && !/\s$/.test(text) && !/^\s/.test(piece.str)) text += ' ';
      text += piece.str;
      end = Math.max(end, piece.x + piece.width);
    }
    text = cleanText(text).replace(/\s+/g, ' ').trim();
    if (!text) continue;
    const size = Math.max(...row.map((p) => p.fontSize));
    lines.push({ text, x: row[0].x, right: end, y: median(row.map((p) => p.y)), size, page });
  }
  lines.sort((a, b) => b.y - a.y || a.x - b.x);
  return lines;
}

/**
 * Running headers and footers: a page's first or last line that repeats (digits aside) on many
 * pages; and lone page numbers among a page's first or last two lines. Twice, for a header above a
 * page number.
 */
function dropPageFurniture(pages: Line[][]): { pages: Line[][]; dropped: number } {
  const key = (line: Line) => line.text.toLowerCase().replace(/\d+/g, '#');
  let dropped = 0;
  let current = pages;
  for (let round = 0; round < 2; round++) {
    const seen = new Map<string, number>();
    for (const lines of current) {
      const edges = new Set([lines[0], lines.at(-1)].filter((l): l is Line => l !== undefined).map(key));
      for (const k of edges) seen.set(k, (seen.get(k) ?? 0) + 1);
    }
    const repeats = (line: Line) => current.length >= 3 && (seen.get(key(line)) ?? 0) >= Math.max(3, Math.ceil(current.length * 0.4));
    current = current.map((lines) =>
      lines.filter((line, i) => {
        const edge = i === 0 || i === lines.length - 1;
        const nearEdge = i < 2 || i >= lines.length - 2;
        const furniture = (nearEdge && PAGE_NUMBER.test(line.text)) || (edge && repeats(line));
        if (furniture) dropped++;
        return !furniture;
      }),
    );
  }
  return { pages: current, dropped };
}

function join(text: string, next: string): string {
  // A word hyphenated at the line's end: "integ-" + "ration".
  if (/\p{L}-$/u.test(text) && /^\p{Ll}/u.test(next)) return text.slice(0, -1) + next;
  return `${text} ${next}`;
}

export async function pdfToDocument(bytes: Uint8Array): Promise<Converted> {
  const { pages: raw, info } = await readPdf(bytes);
  const allLines = raw.map((items, p) => linesOf(items, p));
  if (allLines.every((lines) => lines.length === 0)) {
    throw new AppError('UNPROCESSABLE', 'The PDF has no text layer (OCR is not supported)', { fields: { file: 'No text layer (OCR is not supported)' } });
  }
  const { pages, dropped } = dropPageFurniture(allLines);
  const lines = pages.flat();
  const bodySize = median(lines.flatMap((l) => Array(Math.min(l.text.length, 200)).fill(l.size)));
  const gaps: number[] = [];
  for (const page of pages) for (let i = 1; i < page.length; i++) if (Math.abs(page[i].size - bodySize) < 0.5) gaps.push(page[i - 1].y - page[i].y);
  const lineGap = median(gaps.filter((g) => g > 0)) || bodySize * 1.2;
  const body = lines.filter((l) => Math.abs(l.size - bodySize) < 0.5);
  const left = mode(body.map((l) => l.x));
  const right = median(body.map((l) => l.right).sort((a, b) => b - a).slice(0, Math.max(1, Math.ceil(body.length / 4))));
  const headingSizes = [...new Set(lines.filter((l) => l.size >= bodySize * 1.15).map((l) => Math.round(l.size)))].sort((a, b) => b - a);
  const headingLevel = (line: Line) => {
    const rank = headingSizes.indexOf(Math.round(line.size));
    return rank < 0 ? 0 : Math.min(rank + 1, 3);
  };

  type Block = { kind: 'paragraph' | 'heading' | 'item'; level: number; text: string; last: Line };
  const blocks: Block[] = [];
  for (const line of lines) {
    const level = headingLevel(line);
    const prev = blocks.at(-1);
    const samePage = prev && prev.last.page === line.page;
    const gap = samePage ? prev.last.y - line.y : 0;
    const bullet = BULLET.test(line.text);
    let continues = false;
    if (prev && level === 0 && prev.kind !== 'heading' && !bullet) {
      if (samePage) {
        const wideGap = gap > lineGap * 1.4;
        const indented = line.x > left + bodySize * 1.2 && prev.last.x <= left + bodySize * 0.5;
        const shortEnd = prev.last.right < right - bodySize * 4 && TERMINAL.test(prev.text);
        continues = !wideGap && !indented && !shortEnd;
      } else {
        // A page break: the paragraph goes on when the page ended mid-sentence.
        continues = !TERMINAL.test(prev.text) && (/^\p{Ll}/u.test(line.text) || /-$/.test(prev.text));
      }
    } else if (prev && level > 0 && prev.kind === 'heading' && prev.level === level && samePage && gap <= line.size * 1.6) {
      continues = true; // a heading on two lines
    }
    if (continues) {
      prev!.text = join(prev!.text, line.text);
      prev!.last = line;
    } else {
      blocks.push({ kind: level > 0 ? 'heading' : bullet ? 'item' : 'paragraph', level, text: bullet ? line.text.replace(BULLET, '') : line.text, last: line });
    }
  }

  const content: JSONContent[] = [];
  for (const block of blocks) {
    const text = [{ type: 'text', text: block.text }];
    if (block.kind === 'heading') content.push({ type: 'heading', attrs: { level: block.level }, content: text });
    else if (block.kind === 'item') {
      const item = { type: 'listItem', content: [{ type: 'paragraph', content: text }] };
      const last = content.at(-1);
      if (last?.type === 'bulletList') last.content!.push(item);
      else content.push({ type: 'bulletList', content: [item] });
    } else content.push({ type: 'paragraph', content: text });
  }
  const done = finish({ type: 'doc', content });
  const metaTitle = typeof info.Title === 'string' ? info.Title.trim() : '';
  const author = typeof info.Author === 'string' ? info.Author.trim() : '';
  const warnings = dropped ? [`${dropped} running header, footer or page-number lines were left out`] : [];
  return {
    title: metaTitle && !/^(untitled|microsoft word)/i.test(metaTitle) ? shorten(cleanText(metaTitle), TITLE_MAX) : firstLine(done.content),
    byline: author ? shorten(cleanText(author), TITLE_MAX) : null,
    publishedAt: isoDay(pdfDate(info.CreationDate)),
    ...done,
    warnings,
  };
}

/** A PDF date (D:20230115…) as ISO. */
function pdfDate(value: unknown): string | null {
  if (value instanceof Date) return value.toISOString();
  const m = typeof value === 'string' ? /^D:(\d{4})(\d{2})(\d{2})/.exec(value) : null;
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}
