// Who is acting, without a database read per request: a per-instance cache of actors (by user id),
// of API tokens (by hash) and of whether a session has ended (by its `sid`), emptied by the database
// itself. Triggers on "User" (a role, name or email changed; the account removed) and on "ApiToken"
// (revoked, removed) NOTIFY `assay_auth` in the writing transaction (migration
// 20261128200000_auth_notify), as does a row added to "EndedSession" (signed out, migration
// 20261206100000_ended_sessions); every instance LISTENs and drops what changed, so a revocation, a
// demotion or a sign-out takes effect at once on every instance. The instance that makes the change
// drops its own entry at once, without waiting for the notification.
//
// Safety: while the LISTEN connection is down nothing is served from the cache (every request
// reads the database, as before), and the cache is emptied whenever it comes back, since
// notifications sent meanwhile are lost. A read that raced an invalidation is not stored (the
// epoch moved on while it ran).
import 'server-only';
import type { Actor } from '@/lib/actor';
import { type Listening, listenOn, listeningNow } from '@/lib/realtime/listen';

export const AUTH_CHANNEL = 'assay_auth';
const MAX_ENTRIES = 20_000;

export type TokenEntry = { id: string; userId: string; lastUsedAt: number | null };

type Cache = {
  actors: Map<string, Actor | null>;
  tokens: Map<string, TokenEntry>;
  /** Whether the session with this `sid` has ended (signed out). */
  sessions: Map<string, boolean>;
  /** Moves on with every invalidation: a read begun before it is not stored. */
  epoch: number;
};

// One per process, also across Next's dev-mode module reloads.
const cache: Cache = ((globalThis as { assayActorCache?: Cache }).assayActorCache ??= { actors: new Map(), tokens: new Map(), sessions: new Map(), epoch: 0 });
// A dev server's cache made by code from before sessions were kept has none.
cache.sessions ??= new Map();

function clear() {
  cache.epoch++;
  cache.actors.clear();
  cache.tokens.clear();
  cache.sessions.clear();
}

/**
 * Drops what one notification (or a change made here) names: `user:<id>`, `token:<sha-256 hex>` or
 * `session:<sid>`; anything else empties the whole cache.
 */
export function invalidate(payload: string) {
  cache.epoch++;
  const [kind, key] = [payload.slice(0, payload.indexOf(':')), payload.slice(payload.indexOf(':') + 1)];
  if (kind === 'user') {
    cache.actors.delete(key);
    // A removed account takes its tokens with it.
    for (const [hash, entry] of cache.tokens) if (entry.userId === key) cache.tokens.delete(hash);
  } else if (kind === 'token') cache.tokens.delete(key);
  else if (kind === 'session') cache.sessions.delete(key);
  else clear();
}

// The LISTEN connection (lib/realtime/listen.ts). Whatever was cached before it opened, or
// while it was lost, may have changed unheard: the cache starts empty each time.
let connection: Listening | null = null;
const listening = () =>
  (connection ??= process.env.DATABASE_URL
    ? listenOn('actors', {
        channels: [AUTH_CHANNEL],
        onNotification: (message) => {
          if (message.payload) invalidate(message.payload);
        },
        onOpen: clear,
        onLost: clear,
      })
    : null);

/** Whether answers may come from the cache now (the LISTEN connection is open). */
export const cacheLive = (): boolean => listeningNow(listening());

/**
 * `read` through the cache: the cached value when there is one and the cache is live, else the
 * database's, stored unless an invalidation came while it was read.
 */
async function through<V>(map: Map<string, V>, key: string, read: () => Promise<V | undefined>): Promise<V | undefined> {
  const live = cacheLive();
  if (live && map.has(key)) return map.get(key);
  const epoch = cache.epoch;
  const value = await read();
  if (value !== undefined && live && cacheLive() && epoch === cache.epoch) {
    if (map.size >= MAX_ENTRIES) map.clear();
    map.set(key, value);
  }
  return value;
}

/** The actor with this id (null: no such account), from the cache when live. */
export const cachedActor = (id: string, read: (id: string) => Promise<Actor | null>): Promise<Actor | null> =>
  through(cache.actors, id, () => read(id)).then((actor) => actor ?? null);

/** The live (unrevoked) token with this hash, from the cache when live; undefined when there is none. */
export const cachedToken = (hash: string, read: (hash: string) => Promise<TokenEntry | undefined>): Promise<TokenEntry | undefined> =>
  through(cache.tokens, hash, () => read(hash));

/** Whether the session with this `sid` has ended, from the cache when live. */
export const cachedSessionEnded = (sid: string, read: (sid: string) => Promise<boolean>): Promise<boolean> =>
  through(cache.sessions, sid, () => read(sid)).then((ended) => ended ?? true);

/** Graceful shutdown: the LISTEN connection closes and stays closed. */
export async function stopActorCache(): Promise<void> {
  await listening()?.close();
  clear();
}
