// .docx → a document: mammoth turns the Word document's styles into HTML (headings, lists, emphasis,
// footnotes, tables), which the HTML converter reads. Images are not read at all; linked external
// files are never opened. A .docx is a zip: its declared unpacked size is checked first, so a small
// file that unpacks to gigabytes is refused before mammoth opens it.
import 'server-only';
import mammoth from 'mammoth';
import { AppError } from '@/lib/errors';
import { htmlToDocument } from './html';
import type { Converted } from './schema';

/** What the parts of a .docx may add up to, unpacked. */
export const MAX_UNPACKED_BYTES = 200 * 1024 * 1024;

const STYLE_MAP = ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh", "p[style-name='Quote'] => blockquote > p:fresh", "p[style-name='Intense Quote'] => blockquote > p:fresh"];

const corrupt = () => new AppError('INVALID', 'The file is not a readable .docx (it may be damaged)', { fields: { file: 'Not a readable .docx' } });

/**
 * The total unpacked size the zip's central directory declares (APPNOTE.TXT 4.3.12, 4.3.16), or
 * Infinity for ZIP64 or a directory that cannot be found.
 */
export function declaredUnpackedSize(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record is in the last 64 KiB + 22 bytes.
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 65_557); at--) {
    if (view.getUint32(at, true) !== 0x06054b50) continue;
    const entries = view.getUint16(at + 10, true);
    let cursor = view.getUint32(at + 16, true);
    let total = 0;
    for (let i = 0; i < entries; i++) {
      if (cursor + 46 > bytes.length || view.getUint32(cursor, true) !== 0x02014b50) return Infinity;
      const size = view.getUint32(cursor + 24, true);
      if (size === 0xffffffff) return Infinity;
      total += size;
      cursor += 46 + view.getUint16(cursor + 28, true) + view.getUint16(cursor + 30, true) + view.getUint16(cursor + 32, true);
    }
    return total;
  }
  return Infinity;
}

export async function docxToDocument(bytes: Uint8Array): Promise<Converted> {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw corrupt();
  const unpacked = declaredUnpackedSize(bytes);
  if (unpacked === Infinity) throw corrupt();
  if (unpacked > MAX_UNPACKED_BYTES) {
    throw new AppError('TOO_LARGE', `The .docx unpacks to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MiB`, { fields: { file: 'Unpacks too large' } });
  }
  let result;
  try {
    result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      { styleMap: STYLE_MAP, externalFileAccess: false, convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
    );
  } catch {
    throw corrupt();
  }
  return htmlToDocument(result.value, { title: null });
}
