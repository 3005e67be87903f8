import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth';
import { jsonError } from '@/lib/http';
import { clientAddress } from '@/lib/security/clientAddress';
import { retryAfter } from '@/lib/users/limits';

const handler = NextAuth(authOptions);

type Context = { params: Promise<{ nextauth: string[] }> };

/**
 * next-auth's routes, with one check in front: a credentials sign-in for a locked-out account or
 * client address is answered 429 with Retry-After (lib/users/limits.ts) before next-auth runs.
 */
async function POST(request: Request, context: Context) {
  const { nextauth } = await context.params;
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
