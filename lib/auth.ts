// next-auth 4 options and the one way pages, actions and route handlers learn who is acting.
import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import { getToken } from 'next-auth/jwt';
import { cookies, headers } from 'next/headers';
import CredentialsProvider from 'next-auth/providers/credentials';
import type { Actor } from '@/lib/actor';
import { findActor, signIn } from '@/lib/users/service';
import { clientAddress } from '@/lib/users/limits';
import { actorFromToken, isApiToken } from '@/lib/tokens/service';
import { OIDC_PROVIDER_ID, REFUSED_ID, oidcProviders } from '@/lib/users/oidc';

export const authOptions: NextAuthOptions = {
  session: { strategy: 'jwt' },
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
    session({ session, token }) {
      if (session.user && token.sub) Object.assign(session.user, { id: token.sub });
      return session;
    },
  },
};

/**
 * The acting user of the current request: a personal API token's owner, or the session JWT's subject, read fresh from the database
 * so that a role change (or a removed account) takes effect at once rather than when the JWT
 * expires. The JWT is decoded directly, as getServerSession does underneath without building a
 * whole next-auth response around it.
 */
export async function getActor(): Promise<Actor | null> {
  const requestHeaders = await headers();
  // A personal API token (lib/tokens) acts as its owner; a wrong or revoked one is no one (401),
  // never a fall-back to whatever session cookie came along.
  const bearer = /^Bearer\s+(\S+)$/i.exec(requestHeaders.get('authorization') ?? '')?.[1];
  if (bearer && isApiToken(bearer)) return actorFromToken(bearer);
  const token = await getToken({ req: { cookies: await cookies(), headers: requestHeaders } as never });
  return token?.sub ? findActor(token.sub) : null;
}
