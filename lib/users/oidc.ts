// Single sign-on through a generic OpenID Connect provider (issue 12), on when OIDC_ISSUER,
// OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are set. An identity provider's user signs in as the Assay
// account with the same *verified* email; a new account needs what a sign-up needs (an invitation
// naming that email, an allowed domain, or open sign-up: lib/users/invitations.ts). Every outcome
// goes to the security log.
import 'server-only';
import { randomBytes } from 'node:crypto';
import type { OAuthConfig } from 'next-auth/providers/oauth';
import { prisma } from '@/lib/db';
import { logSecurity } from '@/lib/security/log';
import { admissionFor, invitationAccepted } from './invitations';
import { type PublicUser, createUser } from './service';

export const OIDC_PROVIDER_ID = 'oidc';

/** The profile id of a provider's user refused an account (next-auth requires a non-empty id). */
export const REFUSED_ID = 'refused';

export type OidcSettings = { issuer: string; clientId: string; clientSecret: string; name: string };

/** The provider's settings from the environment, or null when single sign-on is off. */
export function oidcSettings(env: Record<string, string | undefined> = process.env): OidcSettings | null {
  const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret } = env;
  if (!issuer || !clientId || !clientSecret) return null;
  return { issuer: issuer.replace(/\/+$/, ''), clientId, clientSecret, name: env.OIDC_NAME?.trim() || 'single sign-on' };
}

/** What the identity provider says of the user (the ID token's and userinfo's claims). */
export type OidcClaims = { sub?: unknown; email?: unknown; email_verified?: unknown; name?: unknown };

/**
 * The Assay account an identity provider's user signs in as, made if they may have one; null (and
 * a security-log line saying why) when the email is missing or unverified, or no account may be made.
 */
export async function accountFromOidc(claims: OidcClaims, issuer: string): Promise<PublicUser | null> {
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
  const refuse = async (reason: string) => {
    await logSecurity('sign-in-failed', { email: email || null, detail: { via: 'oidc', issuer, reason } });
    return null;
  };
  if (!email) return refuse('the identity provider gave no email');
  // Some providers send "true" as a string; anything else is not a verification.
  if (claims.email_verified !== true && claims.email_verified !== 'true') return refuse('the identity provider has not verified this email');
  const existing = await prisma.user.findUnique({ where: { email }, select: { id: true, email: true, name: true, role: true, createdAt: true } });
  if (existing) {
    await logSecurity('sign-in', { actorId: existing.id, email, detail: { via: 'oidc', issuer } });
    return existing;
  }
  const admission = await admissionFor(email);
  if (!admission) return refuse('no account, and no invitation or allowed domain for this email');
  const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 100) : email.split('@')[0];
  // The account has no password of its own: a random one nobody knows (sign-in is through the provider).
  const user = await createUser({ email, name, password: randomBytes(24).toString('base64url') }, admission.role);
  if (admission.invitationId) await invitationAccepted(admission.invitationId, user);
  await logSecurity('sign-up', { actorId: user.id, email, detail: { via: `oidc, ${admission.via}`, issuer, role: user.role } });
  await logSecurity('sign-in', { actorId: user.id, email, detail: { via: 'oidc', issuer } });
  return user;
}

/**
 * The next-auth provider (authorization code flow with PKCE and state, the ID token checked) when
 * single sign-on is configured. Its profile is the Assay account, so the session's subject is the
 * account's id; REFUSED_ID means refused, which the signIn callback turns into AccessDenied.
 */
export function oidcProviders(): OAuthConfig<OidcClaims>[] {
  const settings = oidcSettings();
  if (!settings) return [];
  return [
    {
      id: OIDC_PROVIDER_ID,
      name: settings.name,
      type: 'oauth',
      wellKnown: `${settings.issuer}/.well-known/openid-configuration`,
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      authorization: { params: { scope: 'openid email profile' } },
      idToken: true,
      checks: ['pkce', 'state'],
      async profile(claims) {
        const user = await accountFromOidc(claims, settings.issuer);
        return user ? { id: user.id, email: user.email, name: user.name } : { id: REFUSED_ID };
      },
    },
  ];
}
