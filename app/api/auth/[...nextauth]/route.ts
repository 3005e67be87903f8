import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth';
import { jsonError } from '@/lib/http';
import { clientAddress } from '@/lib/security/clientAddress';
import { retryAfter } from '@/lib/users/limits';
import { signOutOutcome } from '@/lib/users/sessions';

const handler = NextAuth(authOptions);

type Context = { params: Promise<{ nextauth: string[] }> };

/**
 * next-auth's routes, with one check in front and one behind: a credentials sign-in for a locked-out
 * account or client address is answered 429 with Retry-After (lib/users/limits.ts) before next-auth
 * runs; a sign-out whose session could not be recorded as ended (the database failed) is answered
 * 503 without next-auth's answer, which would clear the cookie and say all went well, while any copy
 * of the cookie went on working (lib/users/sessions.ts). The browser keeps its session and says so.
 */
async function POST(request: Request, context: Context) {
  const { nextauth } = await context.params;
  if (nextauth.join('/') === 'signout') {
    const outcome: { failed?: unknown } = {};
    const response = await signOutOutcome.run(outcome, () => handler(request, context));
    // next-auth has logged the error (SIGN_OUT_EVENT_ERROR).
    if (!outcome.failed) return response;
    return jsonError(503, 'UNAVAILABLE', 'Not signed out: the session could not be ended. Try again.', { 'Retry-After': '1' });
  }
  if (nextauth.join('/') === 'callback/credentials') {
    const form = await request.clone().formData().catch(() => null);
    const email = form?.get('email');
    if (typeof email === 'string' && email) {
      const wait = await retryAfter(email, clientAddress(request.headers));
      if (wait > 0) return jsonError(429, 'RATE_LIMITED', 'Too many failed sign-ins; try again later', { 'Retry-After': String(wait) });
    }
  }
  return handler(request, context);
}

export { handler as GET, POST };
