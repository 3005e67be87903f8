// A web address → the page's article. The page is fetched by Node's http/https with
// request-filtering-agent's agents, which refuse to connect to private, loopback, link-local and
// other non-unicast addresses — checked on the address DNS actually returned (no rebinding), and
// again for every redirect, each followed by hand (http and https only, at most 5). Limits: 15 s
// for the whole fetch, 20 MiB of body (after decompression). `ASSAY_FETCH_ALLOW` lists addresses or
// CIDR ranges allowed anyway (tests and the e2e stack allow their own 127.0.0.1 server);
// `ASSAY_FETCH_TIMEOUT_MS` shortens the time limit for tests.
// An HTML page goes through Mozilla's Readability (on a linkedom DOM) to keep the article — title,
// byline, date, body — and not the site's navigation; a PDF, text or Markdown address is read as
// that format.
import 'server-only';
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { useAgent } from 'request-filtering-agent';
import sanitizeHtml from 'sanitize-html';
import { AppError } from '@/lib/errors';

export const FETCH_TIMEOUT_MS = 15_000;
const MAX_REDIRECTS = 5;

export type Fetched = { url: string; contentType: string; bytes: Uint8Array };

const refuse = (message: string) => new AppError('INVALID', message, { fields: { url: message } });

/** The address as a URL we may fetch, or a 400 saying why not. */
export function checkAddress(address: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(address, base);
  } catch {
    throw refuse('Not a web address');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refuse(`Only http and https addresses can be fetched, not ${url.protocol.replace(':', '')}`);
  if (url.username || url.password) throw refuse('Addresses with a user name or password are not fetched');
  return url;
}

function allowList(): string[] {
  return (process.env.ASSAY_FETCH_ALLOW ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

type Answer = { status: number; location: string | null; contentType: string; body: Uint8Array | null };

function getOnce(url: URL, signal: AbortSignal, maxBytes: number): Promise<Answer> {
  const agent = useAgent(url.href, { allowIPAddressList: allowList() });
  const get = url.protocol === 'https:' ? https.get : http.get;
  return new Promise<Answer>((resolve, reject) => {
    const request = get(
      url,
      {
        agent,
        signal,
        headers: {
          'User-Agent': 'Assay/1.0 (document import)',
          Accept: 'text/html,application/xhtml+xml,application/pdf;q=0.9,text/markdown;q=0.8,text/plain;q=0.8,*/*;q=0.1',
          'Accept-Encoding': 'gzip, deflate, br',
        },
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const contentType = String(response.headers['content-type'] ?? '');
        if (status >= 300 && status < 400) {
          response.resume();
          return resolve({ status, location: response.headers.location ?? null, contentType, body: null });
        }
        if (status >= 400) {
          response.resume();
          return resolve({ status, location: null, contentType, body: null });
        }
        if (Number(response.headers['content-length'] ?? 0) > maxBytes * 4) {
          response.destroy();
          return reject(new AppError('INVALID', `The page is larger than ${maxBytes / 1024 / 1024} MiB`, { fields: { url: 'Too large' } }));
        }
        const encoding = String(response.headers['content-encoding'] ?? '').toLowerCase();
        const stream =
          encoding === 'gzip' || encoding === 'x-gzip'
            ? response.pipe(zlib.createGunzip())
            : encoding === 'deflate'
              ? response.pipe(zlib.createInflate())
              : encoding === 'br'
                ? response.pipe(zlib.createBrotliDecompress())
                : response;
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            response.destroy();
            stream.destroy();
            reject(new AppError('INVALID', `The page is larger than ${maxBytes / 1024 / 1024} MiB`, { fields: { url: 'Too large' } }));
            return;
          }
          chunks.push(chunk);
        });
        stream.on('end', () => resolve({ status, location: null, contentType, body: new Uint8Array(Buffer.concat(chunks)) }));
        stream.on('error', (error) => reject(error));
        response.on('error', (error) => reject(error));
      },
    );
    request.on('error', reject);
  });
}

function explain(error: unknown, timedOut: boolean): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  if (timedOut || code === 'ABORT_ERR' || (error as Error).name === 'AbortError') return refuse(`The page did not answer within ${Math.round(timeoutMs() / 1000)} s`);
  if (/is not allowed/.test(message)) return refuse('The address resolves to a private, loopback or link-local address, which is not fetched');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return refuse('The host name could not be resolved');
  if (code === 'ECONNREFUSED') return refuse('The server refused the connection');
  if (code === 'Z_DATA_ERROR' || code === 'ERR_PADDING_1' || /incorrect header|decompress/i.test(message)) return refuse('The page’s compressed body could not be read');
  return refuse(`The page could not be fetched (${code ?? 'network error'})`);
}

const timeoutMs = () => {
  const fromEnv = Number(process.env.ASSAY_FETCH_TIMEOUT_MS);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : FETCH_TIMEOUT_MS;
};

/** Fetches the address, following redirects, every hop checked. */
export async function fetchPage(address: string, maxBytes: number): Promise<Fetched> {
  let url = checkAddress(address);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs());
  try {
    for (let hop = 0; ; hop++) {
      const answer = await getOnce(url, controller.signal, maxBytes).catch((error) => {
        throw explain(error, timedOut);
      });
      if (answer.status >= 300 && answer.status < 400) {
        if (!answer.location) throw refuse(`The page answered ${answer.status} without saying where to`);
        if (hop >= MAX_REDIRECTS) throw refuse(`More than ${MAX_REDIRECTS} redirects`);
        url = checkAddress(answer.location, url);
        continue;
      }
      if (answer.status >= 400 || !answer.body) throw refuse(`The page answered ${answer.status}`);
      return { url: url.href, contentType: answer.contentType, bytes: answer.body };
    }
  } finally {
    clearTimeout(timer);
  }
}

/** The text of an HTML page in the charset its header or its <meta> names (UTF-8 otherwise). */
export function decodeHtml(bytes: Uint8Array, contentType: string): string {
  const head = Buffer.from(bytes.subarray(0, 2048)).toString('latin1');
  const label = /charset=["']?([\w-]+)/i.exec(contentType)?.[1] ?? /<meta[^>]+charset=["']?([\w-]+)/i.exec(head)?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/**
 * Readability's work on linkedom grows with the page's elements times their depth: a page of
 * 100,000 links, or 16,000 nested elements, held the server's one thread for a minute or more.
 * Nesting deeper than real pages have is unwrapped first (sanitize-html keeps every tag and
 * attribute, and the text), and a page of more elements than this is kept whole, without
 * Readability (the caller's warning says so).
 */
export const MAX_ARTICLE_ELEMENTS = 5_000;
const MAX_ARTICLE_DEPTH = 60;

/** Readability's article of a page: its title, byline, date and the article's HTML, or null. */
export function article(html: string, url: string) {
  const shallow = sanitizeHtml(html, { allowedTags: false, allowedAttributes: false, allowVulnerableTags: true, nestingLimit: MAX_ARTICLE_DEPTH });
  const { document } = parseHTML(/<html[\s>]/i.test(shallow) ? shallow : `<!doctype html><html><body>${shallow}</body></html>`);
  try {
    // Readability resolves relative links against the document's URL; linkedom has none to give.
    Object.defineProperty(document, 'documentURI', { value: url, configurable: true });
    Object.defineProperty(document, 'baseURI', { value: url, configurable: true });
  } catch {
    // not needed for the text
  }
  // Readability's own maxElemsToParse counts getElementsByTagName('*'), which linkedom answers with none.
  if (document.querySelectorAll('*').length > MAX_ARTICLE_ELEMENTS) return null;
  const parsed = new Readability(document as unknown as Document, { keepClasses: false }).parse();
  if (!parsed?.content) return null;
  return { title: parsed.title || null, byline: parsed.byline || null, publishedTime: parsed.publishedTime || null, html: parsed.content };
}
