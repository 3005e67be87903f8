// Single sign-on accounts (issue 12) on real PostgreSQL: who an identity provider's user becomes.
// The browser round trip against a real OpenID provider is e2e/sso.spec.ts.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db';
import { actor } from '@/test/actors';
import type { Actor } from '@/lib/actor';
import { listSecurityEvents } from '@/lib/security/log';
import { addSignupDomain, createInvitation } from './invitations';
import { accountFromOidc, oidcSettings } from './oidc';

const ISSUER = 'https://idp.example.test';
let admin: Actor;

beforeAll(async () => {
  admin = await actor('sso-root', 'ADMIN');
});
afterEach(() => {
  delete process.env.ASSAY_SIGNUP;
});

const lastEvent = async () => (await listSecurityEvents(admin, { limit: 1 }))[0];

describe('oidcSettings', () => {
  it('is on only with issuer, client id and secret', () => {
    expect(oidcSettings({ OIDC_ISSUER: 'https://idp/', OIDC_CLIENT_ID: 'c' })).toBeNull();
    expect(oidcSettings({ OIDC_ISSUER: 'https://idp/', OIDC_CLIENT_ID: 'c', OIDC_CLIENT_SECRET: 's' })).toEqual({ issuer: 'https://idp', clientId: 'c', clientSecret: 's', name: 'single sign-on' });
  });
});

describe('accountFromOidc', () => {
  it('refuses a missing or unverified email, and logs why', async () => {
    expect(await accountFromOidc({ sub: '1', email_verified: true }, ISSUER)).toBeNull();
    expect(await accountFromOidc({ sub: '1', email: 'sso-root@example.test', email_verified: false }, ISSUER)).toBeNull();
    expect(await lastEvent()).toMatchObject({ type: 'sign-in-failed', detail: { via: 'oidc', reason: 'the identity provider has not verified this email' } });
    expect(await accountFromOidc({ sub: '1', email: 'someone@example.test' }, ISSUER)).toBeNull();
  });

  it('signs an existing account in by its verified email, whatever its case', async () => {
    const ann = await actor('sso-ann', 'ANALYST');
    const user = await accountFromOidc({ sub: 'idp-42', email: ann.email.toUpperCase(), email_verified: 'true', name: 'Other Name' }, ISSUER);
    expect(user).toMatchObject({ id: ann.id, email: ann.email, name: ann.name });
    expect(await lastEvent()).toMatchObject({ type: 'sign-in', email: ann.email, detail: { via: 'oidc' } });
  });

  it('makes no account for a stranger while sign-up is closed', async () => {
    const users = await prisma.user.count();
    expect(await accountFromOidc({ sub: 'x', email: 'stranger@nowhere.test', email_verified: true }, ISSUER)).toBeNull();
    expect(await prisma.user.count()).toBe(users);
    expect(await lastEvent()).toMatchObject({ type: 'sign-in-failed', detail: { reason: 'no account, and no invitation or allowed domain for this email' } });
  });

  it('makes one with an invitation naming the email (its role, used once), or for an allowed domain', async () => {
    const { invitation } = await createInvitation(admin, { email: 'invited@example.test', role: 'VIEWER' });
    const invited = await accountFromOidc({ sub: 'i', email: 'invited@example.test', email_verified: true, name: 'Ivy Invited' }, ISSUER);
    expect(invited).toMatchObject({ email: 'invited@example.test', name: 'Ivy Invited', role: 'VIEWER' });
    expect(await prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).toMatchObject({ acceptedById: invited!.id, acceptedAt: expect.any(Date) });
    // Signing in again is the same account; the invitation is spent.
    expect((await accountFromOidc({ sub: 'i', email: 'invited@example.test', email_verified: true }, ISSUER))!.id).toBe(invited!.id);

    await addSignupDomain(admin, { domain: 'partner.test' });
    expect(await accountFromOidc({ sub: 'p', email: 'pat@partner.test', email_verified: true }, ISSUER)).toMatchObject({ role: 'ANALYST', name: 'pat' });
    // No password anyone knows: the account signs in through the provider only.
    const row = await prisma.user.findUniqueOrThrow({ where: { email: 'pat@partner.test' } });
    expect(row.passwordHash).toMatch(/^\$argon2/);
  });

  it('makes one in open sign-up (demo mode)', async () => {
    process.env.ASSAY_SIGNUP = 'open';
    expect(await accountFromOidc({ sub: 'w', email: 'walkin@example.test', email_verified: true }, ISSUER)).toMatchObject({ email: 'walkin@example.test', role: 'ANALYST' });
  });
});
