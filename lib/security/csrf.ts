// Cookie-authenticated writes must come from our own pages: a JSON body (a cross-site form or a
// "simple" fetch cannot send one without a CORS preflight we never grant) and, when the browser
// says where it came from, our own origin. Requests with `Authorization: Bearer` carry no ambient
// credential and are exempt; next-auth's own routes carry its CSRF token.
// Browsers send `Origin` on every cross-origin write; a client that sends neither `Origin` nor
// `Sec-Fetch-Site` is not a browser (curl, a script with a session cookie), so nothing can be forged
// through it, and it is let through. Pure: the proxy and the unit test share it.

export type CsrfVerdict = { ok: true } | { ok: false; status: 403 | 415; code: string; message: string };

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Where a file may be uploaded as multipart/form-data (issue #9: adding and revising documents).
 * The origin checks above still apply, so a cross-site form (which sends its Origin) is refused.
 */
const UPLOADS = [/^\/api\/documents\/?$/, /^\/api\/documents\/[^/]+\/revisions\/?$/];

/**
 * The bearer token a request carries (`Authorization: Bearer <token>`), else null. What it carries
 * is its credential, whatever it is: getActor (lib/auth.ts) reads no cookie beside it, and so the
 * write is exempt here. A malformed or non-Assay token is no one (401), never the session cookie,
 * which would then act without the origin check.
 */
export const bearerOf = (headers: Headers): string | null => /^Bearer\s+(\S+)$/i.exec(headers.get('authorization') ?? '')?.[1] ?? null;

export function checkWrite(
  request: { method: string; pathname: string; headers: Headers },
  ownOrigins: string[],
): CsrfVerdict {
  // A server action (a POST to a page naming its action): Next.js refuses one from another origin
  // itself, but by throwing (a 500 and an error in the log), so it is refused here first, as an
  // API write would be. Its body is Next.js's own (text or form data), not JSON.
  const action = !request.pathname.startsWith('/api/') && request.headers.has('next-action');
  if (SAFE.has(request.method) || (!request.pathname.startsWith('/api/') && !action) || request.pathname.startsWith('/api/auth/')) return { ok: true };
  if (!action && bearerOf(request.headers) !== null) return { ok: true };
  const origin = request.headers.get('origin');
  const site = request.headers.get('sec-fetch-site');
  if ((origin !== null && !ownOrigins.includes(origin)) || (site !== null && site !== 'same-origin' && site !== 'none')) {
    return { ok: false, status: 403, code: 'FORBIDDEN', message: 'Cross-origin writes are refused; use an API token' };
  }
  if (action) return { ok: true };
  const hasBody = Number(request.headers.get('content-length') ?? 0) > 0 || request.headers.has('transfer-encoding');
  const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  const upload = type === 'multipart/form-data' && request.method === 'POST' && UPLOADS.some((path) => path.test(request.pathname));
  if (hasBody && !upload && !(type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type))) {
    return { ok: false, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the body as application/json' };
  }
  return { ok: true };
}
