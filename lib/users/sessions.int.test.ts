// Signing out ends the session on the server (lib/users/sessions.ts), on real PostgreSQL: the callbacks
// lib/auth.ts gives next-auth make the session at sign-in and end it at sign-out, and the lookup every
// request makes (getActor → sessionActor) refuses it from then on. Another instance's sign-out is
// written here by hand on another connection, which no call of this process could have told the
// cache about: the database's NOTIFY empties it. (e2e/signout.spec.ts proves the same across two app
// instances, from a browser's sign-out.)
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db';
import { listSecurityEvents } from '@/lib/security/log';
import type { Actor } from '@/lib/actor';
import { actor } from '@/test/actors';
import { cachedSessionEnded, cacheLive } from './actors';
import { type SessionClaims, sessionActor, sessionJwt, sessionSignedOut } from './sessions';

let admin: Actor;
let other: pg.Client;

type JWT = SessionClaims & { name?: string };

/** What next-auth's credentials sign-in puts in a new session JWT, through our jwt callback. */
const signedIn = (who: Actor): Promise<JWT> =>
  sessionJwt({ token: { sub: who.id, email: who.email, name: who.name }, user: { id: who.id, email: who.email, name: who.name } });

/** next-auth's sign-out of that JWT. */
const signOut = (token: JWT) => sessionSignedOut({ token });

/** next-auth renewing the cookie (GET /api/auth/session). */
const renew = (token: JWT) => sessionJwt({ token });

const soon = { timeout: 2_000, interval: 10 };

beforeAll(async () => {
  admin = await actor('admin');
  other = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await other.connect();
});
afterAll(() => other.end());

describe('sessions', () => {
  it('are looked up through the actor cache, which listens', async () => {
    await expect.poll(() => cacheLive()).toBe(true);
  });

  it('act as their user from sign-in until they sign out, then are no one and are not renewed', async () => {
    const ana = await actor('ana');
    const token = await signedIn(ana);
    expect(token.sid).toMatch(/^[0-9a-f-]{36}$/);
    expect(await sessionActor(token)).toEqual(ana);
    expect(await renew(token)).toMatchObject({ sub: ana.id, sid: token.sid });

    // A copy of the cookie is the same JWT.
    const copy = structuredClone(token);
    await signOut(token);
    expect(await sessionActor(copy)).toBeNull();
    await expect(renew(copy)).rejects.toThrow('The session has ended');
    // Signing out again (another tab, the copy) is no error.
    await signOut(copy);
    expect(await prisma.endedSession.count({ where: { sid: token.sid as string } })).toBe(1);

    const log = await listSecurityEvents(admin, { type: 'sign-out' });
    expect(log.filter((e) => e.email === ana.email)).toHaveLength(2);

    // Signing in again starts another session, which acts.
    const again = await signedIn(ana);
    expect(again.sid).not.toBe(token.sid);
    expect(await sessionActor(again)).toEqual(ana);
  });

  it('are refused here at once when another instance signs them out', async () => {
    const bo = await actor('bo');
    const token = await signedIn(bo);
    const sid = token.sid as string;
    // This instance has learnt the session is live and answers from memory.
    let reads = 0;
    const countedRead = async (key: string) => {
      reads++;
      return (await prisma.endedSession.findUnique({ where: { sid: key } })) !== null;
    };
    expect(await sessionActor(token)).toEqual(bo);
    expect(await cachedSessionEnded(sid, countedRead)).toBe(false);
    expect(await cachedSessionEnded(sid, countedRead)).toBe(false);
    expect(reads).toBe(0);

    // Another instance's sign-out: a row written on another connection.
    await other.query(`INSERT INTO "EndedSession" (sid, "expiresAt") VALUES ($1, now() + interval '31 days')`, [sid]);
    // The notification empties this instance's entry; the database is read again and says ended.
    await expect.poll(() => cachedSessionEnded(sid, countedRead), soon).toBe(true);
    expect(reads).toBeGreaterThan(0);
    expect(await sessionActor(token)).toBeNull();
  });

  it('issued before sessions could end (no sid) are no one, and are not renewed', async () => {
    const cy = await actor('cy');
    const old = { sub: cy.id, email: cy.email, name: cy.name };
    expect(await sessionActor(old)).toBeNull();
    expect(await sessionActor({ ...old, sid: 'not-one-of-ours' })).toBeNull();
    await expect(renew(old)).rejects.toThrow('The session has ended');
    await signOut(old); // nothing to end; no error
  });

  it('are kept as ended only while a JWT of theirs could be valid: a sign-out deletes the rows past that', async () => {
    const dee = await actor('dee');
    const expired = '00000000-0000-4000-8000-000000000001';
    await prisma.endedSession.create({ data: { sid: expired, expiresAt: new Date(Date.now() - 1000) } });
    const token = await signedIn(dee);
    await signOut(token);
    expect(await prisma.endedSession.findUnique({ where: { sid: expired } })).toBeNull();
    const kept = await prisma.endedSession.findUniqueOrThrow({ where: { sid: token.sid as string } });
    // Past the expiry of any JWT of the session: 30 days from now, renewed or not, and a margin.
    expect(kept.expiresAt.getTime()).toBeGreaterThan(Date.now() + 30 * 24 * 60 * 60 * 1000);
  });
});
