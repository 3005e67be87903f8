import { randomBytes } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db';
import { actor } from '@/test/actors';
import type { Actor } from '@/lib/actor';
import { listSecurityEvents } from '@/lib/security/log';
import { addSignupDomain, createInvitation, revokeInvitation, signUp } from './invitations';

let admin: Actor;
let analyst: Actor;
const account = (name: string, extra: Record<string, unknown> = {}) => ({ email: `${name}@example.test`, name, password: 'long enough', ...extra });

beforeAll(async () => {
  admin = await actor('root', 'ADMIN');
  analyst = await actor('ann', 'ANALYST');
});
afterEach(() => {
  delete process.env.ASSAY_SIGNUP;
});

describe('closed sign-up', () => {
  it('refuses strangers; open mode (demo, the e2e stack) lets them in', async () => {
    await expect(signUp(account('stranger'))).rejects.toMatchObject({ status: 403 });
    await expect(signUp(null)).rejects.toMatchObject({ status: 400 });
    process.env.ASSAY_SIGNUP = 'open';
    expect(await signUp(account('walkin'))).toMatchObject({ role: 'ANALYST' });
  });

  it('admits by invitation, with its role, once; not when revoked, expired or for another address', async () => {
    await expect(createInvitation(analyst, {})).rejects.toMatchObject({ status: 403 });
    const { token, path } = await createInvitation(admin, { role: 'VIEWER' });
    expect(path).toBe(`/signup?invitation=${token}`);
    expect(await signUp(account('vic', { invitation: token }))).toMatchObject({ role: 'VIEWER' });
    await expect(signUp(account('vic2', { invitation: token }))).rejects.toMatchObject({ status: 403 });

    const revoked = await createInvitation(admin, {});
    await revokeInvitation(admin, revoked.invitation.id);
    await expect(signUp(account('rev', { invitation: revoked.token }))).rejects.toMatchObject({ status: 403 });

    const expired = await createInvitation(admin, {});
    await prisma.invitation.update({ where: { id: expired.invitation.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(signUp(account('late', { invitation: expired.token }))).rejects.toMatchObject({ status: 403 });

    const named = await createInvitation(admin, { email: 'named@example.test', role: 'ADMIN' });
    await expect(signUp(account('other', { invitation: named.token }))).rejects.toMatchObject({ status: 403 });
    expect(await signUp(account('named', { invitation: named.token }))).toMatchObject({ role: 'ADMIN' });
  });

  it('refuses a misspelt field rather than ignoring it (an open invitation meant for one address)', async () => {
    const before = await prisma.invitation.count();
    await expect(createInvitation(admin, { role: 'VIEWER', emial: 'meant@example.test' })).rejects.toMatchObject({
      status: 400,
      fields: { emial: 'Unknown field' },
    });
    expect(await prisma.invitation.count()).toBe(before);
    // A body that is not an object (`null` over HTTP) is refused too, never read as "no fields".
    for (const body of [null, [], 'x']) await expect(createInvitation(admin, body)).rejects.toMatchObject({ status: 400 });
    // Nor is an address that is null (a script's missing value): open invitations leave it out.
    await expect(createInvitation(admin, { email: null, role: 'ADMIN' })).rejects.toMatchObject({ status: 400, fields: { email: expect.any(String) } });
    expect(await prisma.invitation.count()).toBe(before);
    process.env.ASSAY_SIGNUP = 'open';
    await expect(signUp(account('typo', { rol: 'ADMIN' }))).rejects.toMatchObject({ status: 400, fields: { rol: 'Unknown field' } });
    await expect(addSignupDomain(admin, { domain: 'example.org', role: 'ADMIN' })).rejects.toMatchObject({ status: 400, fields: { role: 'Unknown field' } });
  });

  it('admits listed email domains as analysts', async () => {
    await expect(signUp({ email: 'a@partner.example', name: 'A', password: 'long enough' })).rejects.toMatchObject({ status: 403 });
    await addSignupDomain(admin, { domain: 'Partner.Example' });
    expect(await signUp({ email: 'a@partner.example', name: 'A', password: 'long enough' })).toMatchObject({ role: 'ANALYST' });
    await expect(addSignupDomain(admin, { domain: 'not a domain' })).rejects.toMatchObject({ status: 400 });
  });

  it('refuses an email address longer than an address can be (400 naming email), rather than a 500 from the index', async () => {
    process.env.ASSAY_SIGNUP = 'open';
    const letters = (n: number) => 'abcdefghij'.repeat(Math.ceil(n / 10)).slice(0, n);
    // Random hex, so PostgreSQL cannot compress the unique index's entry under its size limit (it was a 500).
    await expect(signUp({ email: `${randomBytes(4500).toString('hex')}@example.test`, name: 'Long', password: 'long enough' })).rejects.toMatchObject({ status: 400, fields: { email: expect.any(String) } });
    await expect(signUp({ email: `${letters(65)}@example.test`, name: 'Long', password: 'long enough' })).rejects.toMatchObject({ status: 400, fields: { email: expect.any(String) } });
    await expect(signUp({ email: `a@${letters(63)}.${letters(63)}.${letters(63)}.${letters(63)}.test`, name: 'Long', password: 'long enough' })).rejects.toMatchObject({ status: 400, fields: { email: expect.any(String) } });
    await expect(createInvitation(admin, { email: `${letters(300)}@example.test` })).rejects.toMatchObject({ status: 400, fields: { email: expect.any(String) } });
    expect(await signUp({ email: `${letters(64)}@example.test`, name: 'Longest', password: 'long enough' })).toMatchObject({ role: 'ANALYST' });
  });

  it('logs invitations for admins to read', async () => {
    const types = (await listSecurityEvents(admin)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['invitation-created', 'invitation-revoked', 'invitation-accepted', 'signup-domain-added', 'sign-up']));
    await expect(listSecurityEvents(analyst)).rejects.toMatchObject({ status: 403 });
  });
});
