// Who is acting, without a database read per request: a per-instance cache of actors (by user id)
// and of API tokens (by hash), emptied by the database itself. Triggers on "User" (a role, name or
// email changed; the account removed) and on "ApiToken" (revoked, removed) NOTIFY `assay_auth` in
// the writing transaction (migration 20261128200000_auth_notify); every instance LISTENs and drops
// what changed, so a revocation or a demotion takes effect at once on every instance. The instance
// that makes the change drops its own entry at once, without waiting for the notification.
//
// Safety: while the LISTEN connection is down nothing is served from the cache (every request
// reads the database, as before), and the cache is emptied whenever it comes back, since
// notifications sent meanwhile are lost. A read that raced an invalidation is not stored (the
// epoch moved on while it ran).
import 'server-only';
import pg from 'pg';
import type { Actor } from '@/lib/actor';

export const AUTH_CHANNEL = 'assay_auth';
const MAX_ENTRIES = 20_000;
const BACKOFF_MIN_MS = 100;
const BACKOFF_MAX_MS = 5_000;

export type TokenEntry = { id: string; userId: string; lastUsedAt: number | null };

type Cache = {
  actors: Map<string, Actor | null>;
  tokens: Map<string, TokenEntry>;
  /** Moves on with every invalidation: a read begun before it is not stored. */
  epoch: number;
  client: pg.Client | null;
  connecting: Promise<void> | null;
  connected: boolean;
  backoff: number;
  retry: ReturnType<typeof setTimeout> | null;
  stopped: boolean;
};

// One per process, also across Next's dev-mode module reloads.
const cache: Cache = ((globalThis as { assayActors?: Cache }).assayActors ??= {
  actors: new Map(),
  tokens: new Map(),
  epoch: 0,
  client: null,
  connecting: null,
  connected: false,
  backoff: BACKOFF_MIN_MS,
  retry: null,
  stopped: false,
});

function clear() {
  cache.epoch++;
  cache.actors.clear();
  cache.tokens.clear();
}

/** Drops what one notification (or a change made here) names: `user:<id>` or `token:<sha-256 hex>`. */
export function invalidate(payload: string) {
  cache.epoch++;
  const [kind, key] = [payload.slice(0, payload.indexOf(':')), payload.slice(payload.indexOf(':') + 1)];
  if (kind === 'user') {
    cache.actors.delete(key);
    // A removed account takes its tokens with it.
    for (const [hash, entry] of cache.tokens) if (entry.userId === key) cache.tokens.delete(hash);
  } else if (kind === 'token') cache.tokens.delete(key);
  else clear();
}

function scheduleReconnect() {
  if (cache.retry || cache.stopped) return;
  const wait = cache.backoff;
  cache.backoff = Math.min(cache.backoff * 2, BACKOFF_MAX_MS);
  cache.retry = setTimeout(() => {
    cache.retry = null;
    listen();
  }, wait);
  cache.retry.unref?.();
}

/** Opens (or reopens) the LISTEN connection, once at a time; the cache serves only while it is open. */
function listen() {
  if (cache.connected || cache.connecting || cache.stopped || !process.env.DATABASE_URL) return;
  cache.connecting = (async () => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    client.on('notification', (message) => {
      if (message.payload) invalidate(message.payload);
    });
    const lost = () => {
      if (cache.client !== client) return;
      cache.client = null;
      cache.connected = false;
      clear();
      client.removeAllListeners('error');
      client.on('error', () => undefined);
      client.end().catch(() => undefined);
      scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.connect();
      await client.query(`LISTEN ${AUTH_CHANNEL}`);
      // It must not keep a process alive that is otherwise done (tests, scripts).
      (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
    } catch {
      client.removeAllListeners('end');
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
      scheduleReconnect();
      return;
    }
    // Whatever was cached before may have changed unheard.
    clear();
    cache.client = client;
    cache.connected = true;
    cache.backoff = BACKOFF_MIN_MS;
  })().finally(() => {
    cache.connecting = null;
  });
}

/** Whether answers may come from the cache now (the LISTEN connection is open). */
export function cacheLive(): boolean {
  if (!cache.connected) listen();
  return cache.connected;
}

/**
 * `read` through the cache: the cached value when there is one and the cache is live, else the
 * database's, stored unless an invalidation came while it was read.
 */
async function through<V>(map: Map<string, V>, key: string, read: () => Promise<V | undefined>): Promise<V | undefined> {
  const live = cacheLive();
  if (live && map.has(key)) return map.get(key);
  const epoch = cache.epoch;
  const value = await read();
  if (value !== undefined && live && cache.connected && epoch === cache.epoch) {
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

/** Graceful shutdown: the LISTEN connection closes and stays closed. */
export async function stopActorCache(): Promise<void> {
  cache.stopped = true;
  if (cache.retry) clearTimeout(cache.retry);
  const client = cache.client;
  cache.client = null;
  cache.connected = false;
  clear();
  await client?.end().catch(() => undefined);
}
