// Every way a document comes in → one converted document (./schema.ts: TipTap JSON + canonical
// text + warnings). Pasted text, Markdown or HTML; an uploaded .txt, .md, .html, .pdf or .docx
// (known by its name, else its type, and checked against its first bytes); a web address.
// Failures are AppErrors with the status the issue names: 415 for a format we do not read, 413 over
// the size limit, 422 for a PDF without text, 400 for a damaged file or an empty text.
import 'server-only';
import { AppError } from '@/lib/errors';
import { docxToDocument } from './docx';
import { htmlToDocument } from './html';
import { markdownToDocument } from './markdown';
import { pdfToDocument } from './pdf';
import { type Converted, type Format } from './schema';
import { textToDocument } from './text';
import { article, decodeHtml, fetchPage } from './web';

export { type Converted, type Format } from './schema';

/** The largest file, pasted text or fetched page read. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

export const SUPPORTED_FILES = '.txt, .md, .html, .pdf or .docx';

export type Source =
  | { kind: 'content'; format: 'text' | 'markdown' | 'html'; content: string }
  | { kind: 'file'; name: string; type: string; bytes: Uint8Array }
  | { kind: 'url'; url: string };

export type Ingested = Converted & { format: Format | 'web'; sourceFile: string | null; sourceUrl: string | null };

const EXTENSIONS: Record<string, Format> = {
  txt: 'text',
  text: 'text',
  md: 'markdown',
  markdown: 'markdown',
  mdown: 'markdown',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  pdf: 'pdf',
  docx: 'docx',
};

const TYPES: Record<string, Format> = {
  'text/plain': 'text',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
};

const unsupported = (what: string) =>
  new AppError('UNSUPPORTED_MEDIA_TYPE', `${what} is not a format Assay reads; send ${SUPPORTED_FILES}`, { fields: { file: `Supported: ${SUPPORTED_FILES}` } });

/** The format of a file by its name's extension, else its type; null when neither is one we read. */
export function formatOf(name: string, type: string): Format | null {
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (extension && EXTENSIONS[extension]) return EXTENSIONS[extension];
  return TYPES[type.split(';')[0].trim().toLowerCase()] ?? null;
}

/** A text file's characters: UTF-8 (or UTF-16 with its byte order mark); a NUL means it is not text. */
export function decodeText(bytes: Uint8Array, field = 'file'): string {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  else text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  if (text.includes('\u0000')) {
    throw new AppError('INVALID', 'The file contains NUL characters: it is not a text file', { fields: { [field]: 'Contains a NUL character (U+0000)' } });
  }
  return text;
}

async function convertFormat(format: Format, bytes: Uint8Array | string, contentType = ''): Promise<Converted> {
  const text = () => (typeof bytes === 'string' ? bytes : format === 'html' ? decodeHtml(bytes, contentType) : decodeText(bytes));
  switch (format) {
    case 'text':
      return textToDocument(text());
    case 'markdown':
      return markdownToDocument(text());
    case 'html':
      return htmlToDocument(text());
    case 'pdf':
      if (typeof bytes === 'string') throw unsupported('Pasted PDF');
      if (Buffer.from(bytes.subarray(0, 1024)).toString('latin1').indexOf('%PDF-') < 0) {
        throw new AppError('INVALID', 'The file is not a PDF (it does not start as one)', { fields: { file: 'Not a PDF' } });
      }
      return pdfToDocument(bytes);
    case 'docx':
      if (typeof bytes === 'string') throw unsupported('Pasted .docx');
      return docxToDocument(bytes);
  }
}

/**
 * Converts, turning anything a library throws on input it cannot read (deep nesting, a damaged
 * structure) into a 400 rather than a 500.
 */
async function guarded<T>(what: string, work: () => Promise<T> | T, field = 'file'): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) throw error;
    console.warn(`Conversion of ${what} failed:`, error instanceof Error ? error.message : error);
    throw new AppError('INVALID', `The ${what} could not be read`, { fields: { [field]: 'Could not be read' } });
  }
}

export async function ingest(source: Source): Promise<Ingested> {
  if (source.kind === 'content') {
    const converted = await guarded(source.format, () => convertFormat(source.format, source.content));
    return { ...converted, format: source.format, sourceFile: null, sourceUrl: null };
  }
  if (source.kind === 'file') {
    if (source.bytes.length > MAX_DOCUMENT_BYTES) throw new AppError('TOO_LARGE', `The file is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB`);
    const format = formatOf(source.name, source.type);
    if (!format) throw unsupported(source.name ? `“${source.name.slice(0, 100)}”` : `A file of type ${source.type || 'unknown'}`);
    const converted = await guarded(`${format === 'text' ? 'text' : format.toUpperCase()} file`, () => convertFormat(format, source.bytes));
    return { ...converted, format, sourceFile: source.name.slice(0, 300) || null, sourceUrl: null };
  }
  const fetched = await fetchPage(source.url, MAX_DOCUMENT_BYTES);
  const type = fetched.contentType.split(';')[0].trim().toLowerCase();
  const pathFormat = formatOf(new URL(fetched.url).pathname, '');
  const format: Format | null = type === 'text/html' || type === 'application/xhtml+xml' ? 'html' : (TYPES[type] ?? (type === '' || type === 'application/octet-stream' ? pathFormat : null));
  if (!format) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `The address gives ${type}, which is not a format Assay reads (web pages, ${SUPPORTED_FILES})`, { fields: { url: `Unsupported type ${type}` } });
  const converted = await guarded('page', async () => {
    if (format !== 'html') return convertFormat(format, fetched.bytes, fetched.contentType);
    const html = decodeHtml(fetched.bytes, fetched.contentType);
    const found = article(html, fetched.url);
    if (!found) return htmlToDocument(html, { warnings: ['No article was recognised on the page (or it was too large to look for one): its whole text was kept'] });
    return htmlToDocument(found.html, { title: found.title, byline: found.byline, publishedAt: found.publishedTime });
  }, 'url');
  return { ...converted, format: 'web', sourceFile: null, sourceUrl: fetched.url };
}
