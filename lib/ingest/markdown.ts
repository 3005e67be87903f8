// Markdown → a document: markdown-it (CommonMark, with its HTML passed on to the sanitiser) and
// markdown-it-footnote render HTML, which the HTML converter reads (./html.ts): one path for
// structure, footnotes and sanitising. A leading `# Title` is the title and stays in the text as its
// heading, as the corpus keeps headlines (they make claims too).
import 'server-only';
import MarkdownIt from 'markdown-it';
import footnote from 'markdown-it-footnote';
import { AppError } from '@/lib/errors';
import { htmlToDocument } from './html';
import { type Converted, firstLine } from './schema';

const md = new MarkdownIt({ html: true, linkify: false, typographer: false }).use(footnote);

/**
 * markdown-it-footnote's time grows with the square of the footnotes (it copies the token list
 * once per note): 1,000 take a second, 20,000 minutes of the server. More are refused.
 */
export const MAX_FOOTNOTES = 1000;

export function markdownToDocument(source: string): Converted {
  // YAML front matter (title:, author:, date:) is metadata, not text.
  const front = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(source);
  const meta = front ? frontMatter(front[1]) : {};
  const body = front ? source.slice(front[0].length) : source;
  const notes = (body.match(/^ {0,3}\[\^[^\]\n]+\]:|\^\[/gm) ?? []).length;
  if (notes > MAX_FOOTNOTES) {
    throw new AppError('INVALID', `The Markdown has ${notes} footnotes; at most ${MAX_FOOTNOTES} are read`, { fields: { file: `More than ${MAX_FOOTNOTES} footnotes` } });
  }
  const converted = htmlToDocument(md.render(body));
  return {
    ...converted,
    title: meta.title ?? firstLine(converted.content),
    byline: meta.author ?? null,
    publishedAt: meta.date ?? null,
  };
}

function frontMatter(yaml: string): { title?: string; author?: string; date?: string } {
  const out: Record<string, string> = {};
  for (const line of yaml.split(/\r?\n/)) {
    const m = /^(title|author|date):\s*(.+)$/i.exec(line);
    if (m) out[m[1].toLowerCase()] = m[2].trim().replace(/^["'](.*)["']$/, '$1');
  }
  return out;
}
