import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db';
import { ACCOUNT_LIMIT, ADDRESS_LIMIT, addressKey, recordFailure } from './limits';
import { createUser, signIn } from './service';

beforeAll(async () => {
  for (const name of ['ana', 'ben', 'cat', 'dan']) await createUser({ email: `${name}@example.test`, name, password: 'correct horse' });
});

const countOf = (type: string, email: string) => prisma.securityEvent.count({ where: { type, email } });

describe('sign-in', () => {
  it('locks an account out after too many failures, even for the right password, and logs it', async () => {
    for (let i = 0; i < ACCOUNT_LIMIT.points; i++) expect(await signIn('ana@example.test', 'wrong', `10.0.0.${i}`)).toBeNull();
    // Not yet locked: the limit counts failures, and this is within it.
    expect(await signIn('ana@example.test', 'correct horse', '10.0.1.1')).toMatchObject({ email: 'ana@example.test' });
    expect(await signIn('ana@example.test', 'wrong again', '10.0.1.1')).toBeNull();
    await expect(signIn('ANA@example.test ', 'correct horse', '10.9.9.9')).rejects.toMatchObject({ status: 429, detail: { retryAfter: expect.any(Number) } });
    expect(await countOf('lockout', 'ana@example.test')).toBe(1);
    expect(await countOf('sign-in', 'ana@example.test')).toBe(1);
    expect(await countOf('sign-in-failed', 'ana@example.test')).toBe(ACCOUNT_LIMIT.points + 2);
    // Another account is not affected.
    expect(await signIn('ben@example.test', 'correct horse', '10.9.9.9')).toMatchObject({ email: 'ben@example.test' });
  });

  it('never throttles successful sign-ins, however many from one address', async () => {
    for (let i = 0; i < 3 * ACCOUNT_LIMIT.points; i++) expect(await signIn('cat@example.test', 'correct horse', '192.0.2.1')).not.toBeNull();
  });

  it('checks a password hash for unknown emails too (the same work as for known ones)', async () => {
    // Equal cost is a property of the code path: an unknown email runs argon2 verify against a
    // dummy hash. Here: it answers null like a wrong password, and is counted and logged alike.
    expect(await signIn('nobody@example.test', 'whatever', '198.51.100.1')).toBeNull();
    expect(await countOf('sign-in-failed', 'nobody@example.test')).toBe(1);
  });

  it('counts failures from one IPv6 /64 together: a new address from the same network is no new start', async () => {
    // Failures for many accounts, each from its own address in 2001:db8:0:7::/64, up to the limit.
    for (let i = 1; i <= ADDRESS_LIMIT.points + 1; i++) await recordFailure(`guess${i}@example.test`, `2001:db8:0:7::${i.toString(16)}`);
    // The right password from yet another address in that network, written out in full, is refused.
    await expect(signIn('dan@example.test', 'correct horse', '2001:0db8:0000:0007:ffff:0000:0000:0001')).rejects.toMatchObject({ status: 429 });
    // The next /64 along, and IPv4 clients, are not held back.
    expect(await signIn('dan@example.test', 'correct horse', '2001:db8:0:8::1')).toMatchObject({ email: 'dan@example.test' });
    expect(await signIn('dan@example.test', 'correct horse', '203.0.113.7')).toMatchObject({ email: 'dan@example.test' });
  });
});

describe('addressKey', () => {
  it('keys IPv4 by address, IPv6 by /64, and every spelling of one address alike', () => {
    expect(addressKey('192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('2001:db8::1')).toBe('2001:db8::/64');
    expect(addressKey('2001:0DB8:0000:0000:ffff:ffff:ffff:ffff')).toBe('2001:db8::/64');
    expect(addressKey('2001:db8:0:1::1')).toBe('2001:db8:0:1::/64');
    expect(addressKey('not an address')).toBe('not an address');
  });
});
