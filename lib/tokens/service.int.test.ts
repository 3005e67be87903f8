import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db';
import type { Actor } from '@/lib/actor';
import { createUser } from '@/lib/users/service';
import { actorFromToken, createToken, listTokens, revokeToken } from './service';

let ana: Actor;
let ben: Actor;

beforeAll(async () => {
  for (const name of ['ana', 'ben']) await createUser({ email: `${name}@example.test`, name, password: 'long enough' });
  const users = await prisma.user.findMany({ select: { id: true, email: true, name: true, role: true }, orderBy: { email: 'asc' } });
  [ana, ben] = users;
});

describe('personal API tokens', () => {
  it('are shown once, stored hashed, and act as their owner', async () => {
    const { token, view } = await createToken(ana, { name: 'notebook' });
    expect(token).toMatch(/^assay_[A-Za-z0-9_-]{43}$/);
    expect(view).toMatchObject({ name: 'notebook', prefix: token.slice(0, 12), lastUsedAt: null, revokedAt: null });
    const stored = await prisma.apiToken.findUniqueOrThrow({ where: { id: view.id } });
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(await actorFromToken(token)).toEqual(ana);
    expect((await listTokens(ana))[0].lastUsedAt).not.toBeNull();
    expect(await listTokens(ben)).toEqual([]);
  });

  it('stop working when revoked, and only their owner may revoke them', async () => {
    const { token, view } = await createToken(ana, { name: 'ci' });
    await expect(revokeToken(ben, view.id)).rejects.toMatchObject({ status: 403 });
    expect((await revokeToken(ana, view.id)).revokedAt).not.toBeNull();
    expect(await actorFromToken(token)).toBeNull();
    await expect(revokeToken(ana, 'not-an-id')).rejects.toMatchObject({ status: 404 });
  });

  it('reject unknown tokens, nameless tokens and anonymous callers', async () => {
    expect(await actorFromToken('assay_unknown')).toBeNull();
    expect(await actorFromToken('something-else')).toBeNull();
    await expect(createToken(ana, { name: '  ' })).rejects.toMatchObject({ status: 400, fields: { name: 'Name the token' } });
    await expect(createToken(null, { name: 'x' })).rejects.toMatchObject({ status: 401 });
  });
});
