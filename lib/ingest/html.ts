// HTML → a document. sanitize-html keeps the structure an analyst reads (headings, paragraphs,
// lists, quotes, emphasis, code, rules) and drops everything else: scripts, styles, images, forms,
// embedded objects, the page's navigation; links become their text. linkedom gives the sanitised
// HTML a DOM, and ProseMirror's own DOMParser (what @tiptap/html's generateJSON runs) reads it
// into the reader's schema. Footnotes, as markdown-it-footnote and mammoth write them, are set
// apart after a rule as `[n] …` paragraphs with their references left in the text as `[n]`, the
// corpus's rule (lib/corpus/parse.ts).
import 'server-only';
import { DOMParser as PMDOMParser } from '@tiptap/pm/model';
import { parseHTML } from 'linkedom';
import sanitizeHtml from 'sanitize-html';
import { type Converted, finish, firstLine, schema } from './schema';

const BLOCK_TAGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'ul', 'ol', 'li', 'blockquote', 'pre', 'hr', 'br', 'div', 'section', 'article', 'main'];
const INLINE_TAGS = ['em', 'i', 'strong', 'b', 'u', 's', 'strike', 'del', 'code', 'sup', 'sub', 'span', 'mark', 'small', 'abbr', 'cite', 'q'];

/** Elements whose content is never the document's: dropped with everything inside. */
const DROPPED = ['script', 'style', 'noscript', 'template', 'textarea', 'option', 'select', 'button', 'svg', 'math', 'iframe', 'object', 'embed', 'canvas', 'video', 'audio', 'head', 'title', 'nav', 'form', 'figcaption', 'aside'];

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [...BLOCK_TAGS, ...INLINE_TAGS, 'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption', 'dl', 'dt', 'dd', 'header', 'footer', 'figure'],
  allowedAttributes: { ol: ['start'], h1: [], pre: [] },
  nonTextTags: DROPPED,
  // Table cells and definition terms become paragraphs of their own; the rest of a table goes.
  transformTags: { td: 'p', th: 'p', dt: 'p', dd: 'p', caption: 'p', header: 'div', footer: 'div', figure: 'div' },
  disallowedTagsMode: 'discard',
  // Deeper nesting is unwrapped (its text kept): ProseMirror's parser recurses per level.
  nestingLimit: 40,
  parser: { decodeEntities: true },
};

const pmParser = PMDOMParser.fromSchema(schema);

export type HtmlOptions = { title?: string | null; byline?: string | null; publishedAt?: string | null; warnings?: string[] };

/** A whole HTML page or a fragment → the document. */
export function htmlToDocument(html: string, options: HtmlOptions = {}): Converted {
  const warnings = [...(options.warnings ?? [])];
  const { document } = parseHTML(`<!doctype html><html><head></head><body>${bodyOf(html)}</body></html>`);
  const pageTitle = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  const decodedTitle = pageTitle ? parseHTML(`<!doctype html><html><body><p>${sanitizeHtml(pageTitle, { allowedTags: [] })}</p></body></html>`).document.body.textContent?.replace(/\s+/g, ' ').trim() : null;
  moveFootnotes(document);
  const clean = sanitizeHtml(document.body.innerHTML, SANITIZE);
  if (/<img\b/i.test(html)) warnings.push('Images were left out: only text enters a document');
  const dom = parseHTML(`<!doctype html><html><body>${clean}</body></html>`).document;
  const parsed = pmParser.parse(dom.body as unknown as globalThis.Node).toJSON();
  const { content, text } = finish(parsed);
  return {
    title: options.title ?? (decodedTitle || firstLine(content)),
    byline: options.byline ?? null,
    publishedAt: options.publishedAt ?? null,
    content,
    text,
    warnings,
  };
}

/** The inside of <body> when the HTML is a whole page; the head's parts would otherwise be text. */
function bodyOf(html: string): string {
  const body = /<body\b[^>]*>([\s\S]*?)(<\/body>|$)/i.exec(html);
  return body ? body[1] : html.replace(/<head\b[\s\S]*?<\/head>/i, '');
}

type El = Element;

/** An href's fragment as the id it names; one that is not valid percent-encoding names itself, as browsers read it. */
function fragmentId(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

/**
 * Footnotes: list items with an id that a superscript link points to. The reference becomes the
 * text `[n]`; the note, without its link back, becomes `[n] …` paragraphs after a rule at the end.
 */
function moveFootnotes(document: Document) {
  const refs = [...document.querySelectorAll('sup a[href^="#"], a.footnote-ref[href^="#"]')] as El[];
  if (refs.length === 0) return;
  // Looked up by id in maps, each made once: a search per reference made a file with thousands of
  // notes take minutes.
  const itemById = new Map<string, El>();
  for (const li of document.querySelectorAll('li[id]') as Iterable<El>) {
    const id = li.getAttribute('id')!;
    if (!itemById.has(id)) itemById.set(id, li);
  }
  // Each note's number, in the order of first reference (a Map keeps that order).
  const numberOf = new Map<El, string>();
  for (const ref of refs) {
    const item = itemById.get(fragmentId(ref.getAttribute('href')!.slice(1)));
    if (!item) continue;
    let n = numberOf.get(item);
    if (n === undefined) numberOf.set(item, (n = String(numberOf.size + 1)));
    const sup = ref.closest('sup') ?? ref;
    sup.replaceWith(document.createTextNode(`[${n}]`));
  }
  if (numberOf.size === 0) return;
  const body = document.body;
  const containers = new Set<El>();
  const moved: El[] = [];
  for (const [item, n] of numberOf) {
    // Links back to the reference (↩, ↑) are navigation, not the note.
    for (const back of item.querySelectorAll('a[href^="#"]')) back.remove();
    const paragraphs = [...item.querySelectorAll('p')] as El[];
    const texts = (paragraphs.length ? paragraphs : [item]).map((p) => p.textContent!.replace(/\s+/g, ' ').trim()).filter(Boolean);
    texts.forEach((text, i) => {
      const p = document.createElement('p');
      p.textContent = i === 0 ? `[${n}] ${text}` : text;
      moved.push(p);
    });
    if (item.parentElement) containers.add(item.parentElement);
    item.remove();
  }
  for (const list of containers) {
    if (list.querySelector('li')) continue;
    const section = list.closest('section.footnotes');
    (section ?? list).remove();
  }
  for (const sep of document.querySelectorAll('hr.footnotes-sep')) sep.remove();
  body.appendChild(document.createElement('hr'));
  for (const p of moved) body.appendChild(p);
}
