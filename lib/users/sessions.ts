// Sessions that end when their user signs out. A session is a next-auth JWT in a cookie (lib/auth.ts),
// valid by itself until it expires; so that signing out ends it for every copy of the cookie too (a
// shared computer, a stolen cookie, a leaked HAR file), each session gets a random id at sign-in (the
// JWT's `sid`), signing out records that id in "EndedSession", and a JWT whose session has ended is no
// one. Whether a session has ended is kept per instance in the actor cache (lib/users/actors.ts), which
// the database empties on every instance when a row is added (NOTIFY `assay_auth`), so a sign-out
// holds everywhere within milliseconds of its commit.
//
// A JWT without `sid` was issued before sessions could end: it is no one, and its holder signs in
// again (once); accepted, it could never be ended by signing out.
import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { prisma } from '@/lib/db';
import type { Actor } from '@/lib/actor';
import { logSecurity } from '@/lib/security/log';
import { cachedActor, cachedSessionEnded, invalidate } from './actors';
import { findActor } from './service';

/** How long a session JWT lasts, and is renewed for by next-auth's session endpoint (next-auth's default, 30 days). */
export const SESSION_MAX_AGE_S = 30 * 24 * 60 * 60;

/**
 * How long an ended session's row is kept: past the expiry of every JWT of the session. Each was made
 * at sign-in or renewed before the sign-out (renewing an ended session is refused), so it expires
 * within SESSION_MAX_AGE_S of the sign-out; a day more covers a renewal racing the sign-out and clocks.
 */
const KEEP_ENDED_MS = SESSION_MAX_AGE_S * 1000 + 24 * 60 * 60 * 1000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The claims of a session JWT this module reads (as next-auth decodes it). */
export type SessionClaims = { sub?: unknown; sid?: unknown; email?: unknown };

/** The id of a new session, made when its JWT is made at sign-in. */
export const newSessionId = (): string => randomUUID();

/** The JWT's session id, or null when it has none we made (issued before sessions could end). */
const sessionIdOf = (claims: SessionClaims): string | null => (typeof claims.sid === 'string' && UUID.test(claims.sid) ? claims.sid.toLowerCase() : null);

/** Whether a session may still act: it has an id and has not ended. */
export async function sessionLive(claims: SessionClaims): Promise<boolean> {
  const sid = sessionIdOf(claims);
  if (!sid) return false;
  const ended = await cachedSessionEnded(sid, async (key) => (await prisma.endedSession.findUnique({ where: { sid: key }, select: { sid: true } })) !== null);
  return !ended;
}

/**
 * The acting user of a session JWT: its subject, unless the session has ended or has no id; null when
 * the account is gone. Both come from this instance's cache when it is live.
 */
export async function sessionActor(claims: SessionClaims): Promise<Actor | null> {
  if (typeof claims.sub !== 'string') return null;
  const [live, actor] = await Promise.all([sessionLive(claims), cachedActor(claims.sub, findActor)]);
  return live ? actor : null;
}

/**
 * Ends the session of this JWT (its user signed out): from the commit on, no instance accepts it.
 * Throws when it could not be recorded; the sign-out then fails rather than seem to have happened
 * (app/api/auth/[...nextauth]). Ending a session twice, or a JWT without one, is no error.
 */
export async function endSession(claims: SessionClaims | null): Promise<void> {
  if (!claims) return;
  const sid = sessionIdOf(claims);
  if (sid) {
    await prisma.endedSession.createMany({ data: [{ sid, expiresAt: new Date(Date.now() + KEEP_ENDED_MS) }], skipDuplicates: true });
    // Every instance hears of it from the database; this one forgets it now.
    invalidate(`session:${sid}`);
    // Rows whose sessions can have no valid JWT left; sign-outs are rare, so each one tidies.
    await prisma.endedSession
      .deleteMany({ where: { expiresAt: { lt: new Date() } } })
      .catch((error: unknown) => console.warn('Could not delete expired ended sessions:', error instanceof Error ? error.message : error));
  }
  if (typeof claims.sub === 'string') {
    await logSecurity('sign-out', { actorId: claims.sub, email: typeof claims.email === 'string' ? claims.email : null });
  }
}

/** The name of the error a session that has ended (or has no id) is refused renewal with: refused as meant, not a fault. */
export const SESSION_ENDED = 'SessionEnded';

class SessionEndedError extends Error {
  constructor() {
    super('The session has ended');
    this.name = SESSION_ENDED;
  }
}

/**
 * next-auth's jwt callback (lib/auth.ts). At sign-in (`user` given) the new JWT gets a session id of
 * its own. Otherwise next-auth is renewing the cookie (GET /api/auth/session): never for a session
 * that has ended or has no id; thrown, next-auth removes the cookie and answers no session.
 */
export async function sessionJwt<T extends SessionClaims>({ token, user }: { token: T; user?: unknown }): Promise<T> {
  if (user) return { ...token, sid: newSessionId() };
  if (!(await sessionLive(token))) throw new SessionEndedError();
  return token;
}

/**
 * What became of the sign-out running in this request, for its route (app/api/auth/[...nextauth]):
 * next-auth catches and only logs an error of `events.signOut`, then clears the cookie all the same.
 */
export const signOutOutcome = new AsyncLocalStorage<{ failed?: unknown }>();

/** next-auth's signOut event (lib/auth.ts): ends the JWT's session, and says so when it could not. */
export async function sessionSignedOut({ token }: { token: SessionClaims | null }): Promise<void> {
  try {
    await endSession(token);
  } catch (error) {
    const outcome = signOutOutcome.getStore();
    if (outcome) outcome.failed = error;
    throw error;
  }
}
