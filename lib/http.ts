// The HTTP door's plumbing: JSON bodies with a size limit, and AppError → status + JSON body.
// Route handlers stay one-liners around a service call.
import 'server-only';
import { NextResponse } from 'next/server';
import { AppError, isAppError } from '@/lib/errors';

export const MAX_BODY_BYTES = 256 * 1024;

export async function readJson(request: Request): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const body = await request.text();
  if (Buffer.byteLength(body) > MAX_BODY_BYTES) throw tooLarge();
  if (body.trim() === '') throw new AppError('INVALID', 'Send a JSON body', { fields: { '(body)': 'Empty' } });
  try {
    return JSON.parse(body);
  } catch {
    throw new AppError('INVALID', 'The body is not valid JSON', { fields: { '(body)': 'Not JSON' } });
  }
}

function tooLarge() {
  return new AppError('TOO_LARGE', `The body is larger than ${MAX_BODY_BYTES / 1024} KiB`);
}

export function errorResponse(error: unknown): NextResponse {
  if (isAppError(error)) return NextResponse.json(error.toJSON(), { status: error.status });
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

/** The version an update was made against: `If-Match: 3` or the ETag form `If-Match: "3"`. */
export const ifMatch = (request: Request) => request.headers.get('if-match')?.replace(/^W\//, '').replaceAll('"', '') ?? undefined;
