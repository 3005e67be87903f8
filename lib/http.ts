// The HTTP door's plumbing: JSON bodies with a size limit, query formats, CSV downloads, and
// AppError → status + JSON body. Route handlers stay one-liners around a service call.
import 'server-only';
import { NextResponse } from 'next/server';
import { create as contentDisposition } from 'content-disposition';
import { AppError, isAppError } from '@/lib/errors';
import { findBadText } from '@/lib/text';

export const MAX_BODY_BYTES = 256 * 1024;

/** What readJson answers when the body is too large, empty or not JSON. */
export type BodyMessages = { tooLarge: string; empty: string; notJson: string };

/**
 * The request body as JSON. It is read as it arrives and refused (413) as soon as it passes
 * `maxBytes` (256 KiB unless said otherwise: the import route reads files up to 20 MiB), or at
 * once when Content-Length says so; an empty body or one that is not JSON is a 400.
 */
export async function readJson(request: Request, options: { maxBytes?: number; messages?: Partial<BodyMessages> } = {}): Promise<unknown> {
  const maxBytes = options.maxBytes ?? MAX_BODY_BYTES;
  const messages: BodyMessages = {
    tooLarge: `The body is larger than ${maxBytes / 1024} KiB`,
    empty: 'Send a JSON body',
    notJson: 'The body is not valid JSON',
    ...options.messages,
  };
  const tooLarge = () => new AppError('TOO_LARGE', messages.tooLarge);
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader!.read()) {
    size += chunk.value.byteLength;
    if (size > maxBytes) {
      await reader!.cancel();
      throw tooLarge();
    }
    chunks.push(chunk.value);
  }
  const body = Buffer.concat(chunks).toString('utf8');
  if (body.trim() === '') throw new AppError('INVALID', messages.empty, { fields: { '(body)': 'Empty' } });
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new AppError('INVALID', messages.notJson, { fields: { '(body)': 'Not JSON' } });
  }
  // NUL and unpaired surrogates are refused at the door, naming the field (lib/text.ts).
  const bad = findBadText(value);
  if (bad) throw new AppError('INVALID', `${bad.field}: ${bad.reason}`, { fields: { [bad.field]: bad.reason } });
  return value;
}

/** `?format=`: one of `formats`, the first when none is asked for; anything else is a 400. */
export function formatParam<F extends string>(query: URLSearchParams, formats: readonly [F, ...F[]]): F {
  const format = query.get('format') ?? formats[0];
  if (formats.includes(format as F)) return format as F;
  const choices = formats.length > 1 ? `${formats.slice(0, -1).join(', ')} or ${formats.at(-1)}` : formats[0];
  throw new AppError('INVALID', `format is ${choices}`, { fields: { format: `Use ${choices}` } });
}

/**
 * `Content-Disposition: attachment` for a file name from anywhere (a query parameter, say), built
 * by the `content-disposition` package (RFC 6266 / RFC 8187): quotes, CR/LF and non-ASCII characters
 * can neither break the header nor add a second `filename`.
 */
export const attachment = (fileName: string) => contentDisposition(fileName, { type: 'attachment' });

/** A CSV file to download. */
export function csvAttachment(file: { fileName: string; body: string }): Response {
  return new Response(file.body, {
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': attachment(file.fileName) },
  });
}

/**
 * The database could not take the work in time: no transaction could start (Prisma P2028), no
 * connection came free (P2024, or the pool's own timeout), a lock or statement waited too long.
 * That is a 503 the client may retry, not a fault.
 */
function busy(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code === 'P2028' || code === 'P2024' || code === '55P03' || code === '57014') return true;
  return typeof message === 'string' && /timeout exceeded when trying to connect|Unable to start a transaction in the given time/i.test(message);
}

export function errorResponse(error: unknown): NextResponse {
  if (isAppError(error)) {
    const retryAfter = error.detail?.retryAfter;
    return NextResponse.json(error.toJSON(), { status: error.status, headers: typeof retryAfter === 'number' ? { 'Retry-After': String(retryAfter) } : undefined });
  }
  if (busy(error)) {
    return NextResponse.json({ error: { code: 'BUSY', message: 'The server is busy; try again in a moment' } }, { status: 503, headers: { 'Retry-After': '1' } });
  }
  console.error(error);
  return NextResponse.json({ error: { code: 'INTERNAL', message: 'Internal server error' } }, { status: 500 });
}

/** Runs a handler body, turning thrown AppErrors into their responses. */
export async function respond(work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * `value` as JSON in UTF-8: the bytes of `JSON.stringify(value)`, an array encoded item by item.
 * JSON.stringify builds a large text as a rope of parts, and encoding it to UTF-8 first flattens it:
 * for a board page (160 KB) that flattening cost twice the stringify itself, about 2 ms a request on
 * the bench machine and growing faster than the text, while each item's text (a few KB) encodes at once.
 */
export function jsonBytes(value: unknown): Uint8Array {
  if (!Array.isArray(value)) return new TextEncoder().encode(JSON.stringify(value) ?? 'null');
  const parts: Buffer[] = [Buffer.from('[')];
  value.forEach((item, i) => {
    if (i > 0) parts.push(Buffer.from(','));
    parts.push(Buffer.from(JSON.stringify(item) ?? 'null'));
  });
  parts.push(Buffer.from(']'));
  return new Uint8Array(Buffer.concat(parts));
}

/** `items` as a JSON answer: the same bytes and type as `NextResponse.json(items, init)`, made by `jsonBytes`. */
export function jsonArray(items: readonly unknown[], init?: ResponseInit): NextResponse {
  const headers = new Headers(init?.headers);
  if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  return new NextResponse(jsonBytes(items) as BodyInit, { ...init, headers });
}

/** A JSON error answer outside any service call (the proxy, method-not-allowed handlers). */
export const jsonError = (status: number, code: string, message: string, headers?: HeadersInit, fields?: Record<string, string>) =>
  NextResponse.json({ error: { code, message, ...(fields ? { fields } : {}) } }, { status, headers });

const ALL_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * Handlers answering 405 with a JSON error and `Allow` for the methods a route does not serve
 * (Next.js would answer an empty 405). Export the ones the route lacks:
 * `export const { PUT, PATCH, DELETE } = otherMethods('GET', 'POST')`.
 */
export function otherMethods(...allowed: string[]) {
  const allow = [...new Set([...allowed, ...(allowed.includes('GET') ? ['HEAD'] : []), 'OPTIONS'])].join(', ');
  const refuse = async (request: Request) =>
    jsonError(405, 'METHOD_NOT_ALLOWED', `${request.method} is not allowed here; use ${allow}`, { Allow: allow });
  return Object.fromEntries(ALL_METHODS.map((method) => [method, refuse])) as Record<(typeof ALL_METHODS)[number], typeof refuse>;
}

/** The version an update was made against: `If-Match: 3` or the ETag form `If-Match: "3"`. */
export const ifMatch = (request: Request) => request.headers.get('if-match')?.replace(/^W\//, '').replaceAll('"', '') ?? undefined;

/**
 * A Server-Sent Events answer. `follow` subscribes with `send` (one event's text) and `end` (the
 * server ends the stream, e.g. on shutdown) and gives back its unsubscribe; it is awaited before
 * the response exists, so a 401 or 404 it throws is an ordinary JSON error, not a broken stream.
 * What is sent before the stream starts is kept and sent first; comments keep proxies from closing
 * an idle stream; the reader leaving unsubscribes.
 */
export async function eventStream(
  request: Request,
  follow: (send: (text: string) => void, end: () => void) => Promise<() => void>,
): Promise<Response> {
  const encoder = new TextEncoder();
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  const early: string[] = [];
  const send = (text: string) => {
    if (!controller) return void early.push(text);
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      // the stream has ended (shutdown, or the reader left)
    }
  };
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let unfollow = () => {};
  const close = () => {
    clearInterval(heartbeat);
    unfollow();
  };
  const end = () => {
    close();
    try {
      controller?.close();
    } catch {
      // already closed
    }
  };
  unfollow = await follow(send, end);
  heartbeat = setInterval(() => send(': keep-alive\n\n'), 25_000);
  request.signal.addEventListener('abort', close);
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      c.enqueue(encoder.encode('retry: 1000\n\n'));
      for (const text of early) c.enqueue(encoder.encode(text));
    },
    cancel: close,
  });
  return new Response(stream, {
    headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive' },
  });
}

/**
 * The raw request body, read as it arrives and refused (413) as soon as it passes `maxBytes`, or at
 * once when Content-Length says so.
 */
export async function readBytes(request: Request, maxBytes: number, tooLarge: string): Promise<Uint8Array<ArrayBuffer>> {
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) throw new AppError('TOO_LARGE', tooLarge);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader!.read()) {
    size += chunk.value.byteLength;
    if (size > maxBytes) {
      await reader!.cancel();
      throw new AppError('TOO_LARGE', tooLarge);
    }
    chunks.push(chunk.value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** A multipart/form-data body (at most `maxBytes`), parsed by the platform's Request.formData. */
export async function readForm(request: Request, maxBytes: number, tooLarge: string): Promise<FormData> {
  const bytes = await readBytes(request, maxBytes, tooLarge);
  try {
    return await new Response(bytes, { headers: { 'Content-Type': request.headers.get('content-type') ?? '' } }).formData();
  } catch {
    throw new AppError('INVALID', 'The body is not valid multipart/form-data', { fields: { '(body)': 'Not multipart/form-data' } });
  }
}
