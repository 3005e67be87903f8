// The per-instance cache of actors and tokens (issue #13) on real PostgreSQL: served from memory once
// read, and emptied by the database's own NOTIFY however a change is made — here by hand in SQL,
// which no service call of this process could have told the cache about. (e2e/auth-instances.spec.ts
// proves the same across two app instances.)
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db';
import { actor } from '@/test/actors';
import { actorFromToken, createToken } from '@/lib/tokens/service';
import { findActor } from './service';
import { cachedActor, cacheLive } from './actors';

let reads = 0;
const countedRead = (id: string) => {
  reads++;
  return findActor(id);
};

beforeAll(async () => {
  await actor('admin');
});

describe('the actor cache', () => {
  it('opens its LISTEN connection on first use, and serves from memory only once it is open', async () => {
    await expect.poll(() => cacheLive()).toBe(true);
  });

  it('reads an actor once, then forgets them when their role changes in the database', async () => {
    const carla = await actor('carla');
    reads = 0;
    expect(await cachedActor(carla.id, countedRead)).toEqual(carla);
    expect(await cachedActor(carla.id, countedRead)).toEqual(carla);
    expect(reads).toBe(1);
    await prisma.$executeRaw`UPDATE "User" SET role = 'VIEWER' WHERE id = ${carla.id}::uuid`;
    await expect.poll(async () => (await cachedActor(carla.id, countedRead))?.role).toBe('VIEWER');
    expect(reads).toBeGreaterThan(1);
  });

  it('forgets a removed account', async () => {
    const dora = await actor('dora');
    expect(await cachedActor(dora.id, countedRead)).toEqual(dora);
    await prisma.$executeRaw`DELETE FROM "User" WHERE id = ${dora.id}::uuid`;
    await expect.poll(() => cachedActor(dora.id, countedRead)).toBeNull();
  });

  it('forgets a token revoked in the database', async () => {
    const emil = await actor('emil');
    const { token, view } = await createToken(emil, { name: 'script' });
    expect(await actorFromToken(token)).toEqual(emil);
    expect(await actorFromToken(token)).toEqual(emil);
    await prisma.$executeRaw`UPDATE "ApiToken" SET "revokedAt" = now() WHERE id = ${view.id}::uuid`;
    await expect.poll(() => actorFromToken(token)).toBeNull();
  });
});
