// next-auth 4 options and the one way pages, actions and route handlers learn who is acting.
import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import { getToken } from 'next-auth/jwt';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import CredentialsProvider from 'next-auth/providers/credentials';
import type { Actor } from '@/lib/actor';
import { signIn } from '@/lib/users/service';
import { SESSION_ENDED, SESSION_MAX_AGE_S, sessionActor, sessionJwt, sessionSignedOut } from '@/lib/users/sessions';
import { clientAddress } from '@/lib/security/clientAddress';
import { actorFromToken } from '@/lib/tokens/service';
import { bearerOf } from '@/lib/security/csrf';
import { OIDC_PROVIDER_ID, REFUSED_ID, oidcProviders } from '@/lib/users/oidc';

export const authOptions: NextAuthOptions = {
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S },
  // Errors (a refused single sign-on) come back to the sign-in page, which says what happened.
  pages: { signIn: '/signin', error: '/signin' },
  providers: [
    CredentialsProvider({
      name: 'Email and password',
      // Field names are part of the contract: scripts sign in with POST /api/auth/callback/credentials.
      credentials: {
        email: { label: 'Email', type: 'email' },
        password: { label: 'Password', type: 'password' },
      },
      async authorize(credentials, request) {
        if (!credentials?.email || !credentials.password) return null;
        const address = clientAddress(new Headers((request?.headers ?? {}) as Record<string, string>));
        // A locked-out attempt is answered 429 by the route (app/api/auth/[...nextauth]) before it gets here;
        // one that races past that check fails like a wrong password.
        const user = await signIn(credentials.email, credentials.password, address).catch(() => null);
        return user ? { id: user.id, email: user.email, name: user.name } : null;
      },
    }),
    // Single sign-on when OIDC_* is set (lib/users/oidc.ts).
    ...oidcProviders(),
  ],
  callbacks: {
    // A single sign-on user with no Assay account they may have: AccessDenied, shown on the sign-in page.
    signIn({ user, account }) {
      return account?.provider !== OIDC_PROVIDER_ID || user.id !== REFUSED_ID;
    },
    // Each sign-in starts a session with an id of its own, which signing out ends; a session that has
    // ended is not renewed (lib/users/sessions.ts).
    jwt: sessionJwt,
    session({ session, token }) {
      if (session.user && token.sub) Object.assign(session.user, { id: token.sub });
      return session;
    },
  },
  logger: {
    // A copy of a signed-out session's cookie asking next-auth to renew it is refused by design
    // (sessionJwt); next-auth would log each such request as an error with its stack.
    error(code, metadata) {
      if (code === 'JWT_SESSION_ERROR' && (metadata as Error | undefined)?.name === SESSION_ENDED) return;
      console.error(`[next-auth][error][${code}]`, metadata);
    },
  },
  events: {
    // Signing out ends the session on the server, for every copy of its cookie, on every instance.
    signOut: sessionSignedOut,
  },
};

/**
 * Decoded session JWTs by their cookie's value: decoding derives the key and decrypts every time,
 * and the same cookie comes back on every request. Only the subject, the session id and the expiry
 * are kept; an expired entry is dropped (and the cookie then decodes to nothing, as next-auth would
 * have it). Whether the session has since ended is asked on every request (sessionActor).
 */
const sessions = new Map<string, { sub: string; sid: unknown; exp: number }>();
const MAX_SESSIONS = 20_000;

const sessionCookieName = () =>
  (process.env.NEXTAUTH_URL ? process.env.NEXTAUTH_URL.startsWith('https://') : !!process.env.VERCEL)
    ? '__Secure-next-auth.session-token'
    : 'next-auth.session-token';

/**
 * The acting user of the current request: a personal API token's owner, or the session JWT's
 * subject unless that session has ended (signed out) or has no id (lib/users/sessions.ts). The user
 * and whether the session has ended are read from the database the first time and then kept in this
 * instance's cache, which the database empties whenever a role changes, an account goes, a token is
 * revoked or a session ends (lib/users/actors.ts), so such a change takes effect at once rather than
 * when the JWT expires.
 * The JWT is decoded directly, as getServerSession does underneath without building a whole
 * next-auth response around it, once per distinct cookie.
 */
export async function getActor(): Promise<Actor | null> {
  const requestHeaders = await headers();
  // A personal API token (lib/tokens) acts as its owner; a wrong or revoked one is no one (401),
  // never a fall-back to whatever session cookie came along.
  // Any bearer token, not only one shaped like ours: the proxy exempts every Bearer request from the
  // origin check (lib/security/csrf.ts), so a cookie read beside a foreign one would act unchecked.
  const bearer = bearerOf(requestHeaders);
  if (bearer !== null) return actorFromToken(bearer);
  const jar = await cookies();
  const raw = jar.get(sessionCookieName())?.value;
  const known = raw ? sessions.get(raw) : undefined;
  if (known && known.exp > Date.now()) return sessionActor(known);
  if (known) sessions.delete(raw!);
  const token = await getToken({ req: { cookies: jar, headers: requestHeaders } as never });
  if (!token?.sub) return null;
  if (raw && typeof token.exp === 'number') {
    if (sessions.size >= MAX_SESSIONS) sessions.clear();
    sessions.set(raw, { sub: token.sub, sid: token.sid, exp: token.exp * 1000 });
  }
  return sessionActor(token);
}

/**
 * The acting user of a signed-in page; anyone else is sent to sign in. The (app) layout does the
 * same, but a page renders beside its layout, not after it: a page that asked getActor() alone
 * would still call its service for no one (a stale cookie) and log the refusal as a server error.
 */
export async function pageActor(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect('/signin');
  return actor;
}
