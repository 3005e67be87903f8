// The security log on real PostgreSQL: admins read it, filtered by type and limited; a filter it
// cannot apply is a 400 naming it, never the whole log as if nothing had been asked.
import { beforeAll, describe, expect, it } from 'vitest';
import { actor } from '@/test/actors';
import type { Actor } from '@/lib/actor';
import { listSecurityEvents, logSecurity } from './log';

let admin: Actor;
let analyst: Actor;

beforeAll(async () => {
  admin = await actor('root', 'ADMIN');
  analyst = await actor('ann', 'ANALYST');
  await logSecurity('sign-in', { actorId: admin.id, email: admin.email });
  await logSecurity('sign-in', { actorId: analyst.id, email: analyst.email });
  await logSecurity('token-created', { actorId: analyst.id });
});

describe('the security log', () => {
  it('filters by type and limits, as asked in the query', async () => {
    expect((await listSecurityEvents(admin, { type: 'sign-in' })).map((e) => e.type)).toEqual(['sign-in', 'sign-in']);
    expect(await listSecurityEvents(admin, { limit: '1' })).toHaveLength(1);
    expect(await listSecurityEvents(admin, { limit: 1 })).toHaveLength(1);
    expect((await listSecurityEvents(admin)).length).toBeGreaterThanOrEqual(3);
    await expect(listSecurityEvents(analyst)).rejects.toMatchObject({ status: 403 });
  });

  it('refuses a type or limit it cannot apply with 400 naming it, rather than answering the whole log', async () => {
    await expect(listSecurityEvents(admin, { type: 'sign-in-failure' })).rejects.toMatchObject({ status: 400, fields: { type: expect.any(String) } });
    for (const limit of ['abc', '-1', '0', '1.5', '1001']) {
      await expect(listSecurityEvents(admin, { limit }), limit).rejects.toMatchObject({ status: 400, fields: { limit: expect.any(String) } });
    }
  });
});
