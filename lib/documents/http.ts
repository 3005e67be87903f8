// The HTTP door's reading of a document body (POST /api/documents, POST /api/documents/:slug/revisions):
// JSON `{ format, content, … }` or `{ url, … }`, or multipart/form-data with `file` and the same
// optional fields. Anything else is a 415 naming what is accepted.
import 'server-only';
import { AppError } from '@/lib/errors';
import { readForm, readJson } from '@/lib/http';
import { MAX_DOCUMENT_BYTES } from '@/lib/ingest';
import { badText } from '@/lib/text';
import type { DocumentInput } from './manage';

const MiB = 1024 * 1024;
const TOO_LARGE = `The document is larger than ${MAX_DOCUMENT_BYTES / MiB} MiB`;
const FIELDS = ['title', 'byline', 'publishedAt', 'sourceUrl'];

export async function readDocumentInput(request: Request): Promise<DocumentInput> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type)) {
    // JSON escapes make a text longer; the service holds the content itself to the limit.
    return { json: await readJson(request, { maxBytes: MAX_DOCUMENT_BYTES + 2 * MiB, messages: { tooLarge: TOO_LARGE } }) };
  }
  if (type === 'multipart/form-data') {
    const form = await readForm(request, MAX_DOCUMENT_BYTES + MiB, TOO_LARGE);
    const file = form.get('file');
    if (!(file instanceof Blob)) throw new AppError('INVALID', 'Send the document as the form field "file"', { fields: { file: 'Missing' } });
    if (file.size > MAX_DOCUMENT_BYTES) throw new AppError('TOO_LARGE', TOO_LARGE);
    const fields: Record<string, string> = {};
    for (const [name, value] of form) {
      if (name === 'file') continue;
      if (!FIELDS.includes(name)) throw new AppError('INVALID', `Unknown field "${name.slice(0, 50)}"`, { fields: { [name.slice(0, 50)]: `Not one of file, ${FIELDS.join(', ')}` } });
      if (typeof value !== 'string') throw new AppError('INVALID', `${name} is text`, { fields: { [name]: 'Text, not a file' } });
      const bad = badText(value);
      if (bad) throw new AppError('INVALID', `${name}: ${bad}`, { fields: { [name]: bad } });
      fields[name] = value;
    }
    const name = 'name' in file && typeof file.name === 'string' ? file.name : '';
    return { file: { name: name.replace(/[\u0000-\u001f]/g, '').toWellFormed(), type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) }, fields };
  }
  throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send JSON ({ format, content } or { url }) or multipart/form-data with a file (.txt, .md, .html, .pdf or .docx)');
}
