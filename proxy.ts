// Runs before every route (Next.js 16's proxy, formerly middleware): refuses malformed URLs and
// cross-site writes with JSON errors, and sets the security headers, with a fresh CSP nonce for
// each page (Next.js reads it from the request's CSP and puts it on its own scripts; the page's
// own inline scripts read it with `headers().get('x-nonce')`).
import { type NextRequest, NextResponse } from 'next/server';
import { badUrl } from '@/lib/text';
import { checkWrite } from '@/lib/security/csrf';
import { API_POLICY, commonHeaders, newNonce, pagePolicy } from '@/lib/security/headers';

function publicOrigin(): string | null {
  try {
    return process.env.NEXTAUTH_URL ? new URL(process.env.NEXTAUTH_URL).origin : null;
  } catch {
    return null;
  }
}

export async function proxy(request: NextRequest) {
  const url = new URL(request.url);
  const api = url.pathname === '/api' || url.pathname.startsWith('/api/');
  const own = publicOrigin();
  const https = (own ?? url.origin).startsWith('https:');
  const finish = (response: NextResponse, policy: string) => {
    response.headers.set('Content-Security-Policy', policy);
    for (const [name, value] of Object.entries(commonHeaders({ https }))) response.headers.set(name, value);
    return response;
  };
  const refuse = (status: number, code: string, message: string, fields?: Record<string, string>) =>
    finish(
      api
        ? NextResponse.json({ error: { code, message, ...(fields ? { fields } : {}) } }, { status })
        : new NextResponse(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } }),
      API_POLICY,
    );

  const bad = badUrl(url);
  if (bad) return refuse(400, 'INVALID', bad.reason, { [bad.field]: bad.reason });
  const write = checkWrite({ method: request.method, pathname: url.pathname, headers: request.headers }, [url.origin, ...(own ? [own] : [])]);
  if (!write.ok) return refuse(write.status, write.code, write.message);
  // A multipart POST to a page is a server action's form; one whose body is not form data at all
  // made Next.js's action handler throw (a 500 to anyone). Refused here; actions take at most 1 MB.
  if (!api && request.method === 'POST' && /^multipart\/form-data\b/i.test(request.headers.get('content-type') ?? '')) {
    const readable = await request
      .clone()
      .formData()
      .then(
        () => true,
        () => false,
      );
    if (!readable) return refuse(400, 'INVALID', 'The form could not be read');
  }

  // The Annotation Protocol's container IRI ends in a slash; the route lives without it.
  if (url.pathname === '/api/annotations/') {
    const target = new URL(request.url);
    target.pathname = '/api/annotations';
    return finish(NextResponse.rewrite(target), API_POLICY);
  }
  if (api) return finish(NextResponse.next(), API_POLICY);
  const nonce = newNonce();
  const policy = pagePolicy(nonce, { dev: process.env.NODE_ENV === 'development', https });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', policy);
  return finish(NextResponse.next({ request: { headers: requestHeaders } }), policy);
}

export const config = {
  matcher: ['/((?!_next/static|_next/image).*)'],
};
