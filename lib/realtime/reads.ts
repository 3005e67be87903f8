// Repeated reads answered from memory (issue #13): the library and a document's annotations are
// read far more often than they change, by many analysts at once. An answer is kept, per reader
// and exact URL, as the bytes that were sent, and served again only while nothing it could show has
// changed since it began to be read:
//
//   · a write by this instance: every write through `prisma` is counted after it commits
//     (lib/db/writes.ts), so a reader always sees their own writes, at once;
//   · a write by any other process (another instance, a script, raw SQL): a statement-level trigger
//     on every table those answers read NOTIFYs `assay_changes` in the writing transaction
//     (migration 20261203100000_change_notify); this instance LISTENs and counts it as a write.
//     Between another instance's commit and the notification's arrival (milliseconds) the old
//     answer may still be served, as with the actor cache (lib/users/actors.ts).
//
// Any write empties the whole cache: simple, and enough for the pattern it serves (reads in
// bursts). While the LISTEN connection is down nothing is served from memory, and coming back
// counts as a write, since notifications sent meanwhile are lost. Answers are per reader (their id
// and role), so whatever their visibility hides from them (blind documents, others' probabilities)
// is decided by the service for that reader, as without the cache. `heldWhileUnwritten` keeps
// smaller computed values (the annotation container's count and ETag state) by the same rules.
import 'server-only';
import type { Actor } from '@/lib/actor';
import { noteWrite, writeCount } from '@/lib/db/writes';
import { jsonBytes } from '@/lib/http';
import { type Listening, listenOn, listeningNow } from './listen';

export const CHANGES_CHANNEL = 'assay_changes';
const MAX_ENTRIES = 2_000;
/** Larger answers are not kept (a busy document's every card): they are rare, and memory matters more. */
const MAX_ENTRY_BYTES = 512 * 1024;
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;

type Entry = { body: Uint8Array; headers: Record<string, string> };
type Cache = { entries: Map<string, Entry>; bytes: number; count: number };

// One per process, also where Next bundles this module twice and across dev-mode reloads.
const cache: Cache = ((globalThis as { assayReadCache?: Cache }).assayReadCache ??= { entries: new Map(), bytes: 0, count: -1 });

let connection: Listening | null = null;
const listening = () =>
  (connection ??= process.env.DATABASE_URL
    ? listenOn('reads', { channels: [CHANGES_CHANNEL], onNotification: noteWrite, onOpen: noteWrite, onLost: noteWrite })
    : null);

/** Whether answers may come from memory now: the LISTEN connection is open (opened on first use). */
const live = () => listeningNow(listening());

/** The entries, emptied if anything was written since they were stored. */
function current(): Map<string, Entry> {
  const count = writeCount();
  if (cache.count !== count) {
    cache.entries.clear();
    cache.bytes = 0;
    cache.count = count;
  }
  return cache.entries;
}

function store(key: string, entry: Entry) {
  const entries = current();
  // Two readers may have read the same answer at once: the second replaces the first.
  cache.bytes += entry.body.byteLength - (entries.get(key)?.body.byteLength ?? 0);
  entries.delete(key);
  entries.set(key, entry);
  for (const [oldKey, old] of entries) {
    if (entries.size <= MAX_ENTRIES && cache.bytes <= MAX_TOTAL_BYTES) break;
    entries.delete(oldKey);
    cache.bytes -= old.body.byteLength;
  }
}

const jsonResponse = (entry: Entry, how: 'hit' | 'miss' | 'off') =>
  new Response(entry.body as BodyInit, {
    headers: { 'Content-Type': 'application/json', ...entry.headers, 'Server-Timing': `cache;desc="${how}"` },
  });

/**
 * The JSON answer to `request` for `actor`: from memory when the same reader asked the same URL
 * and nothing was written since, else `read()`'s (which decides, as ever, what the reader may see;
 * it throws for no one). `Server-Timing: cache;desc="hit"|"miss"|"off"` says which.
 */
export async function cachedJson(
  actor: Actor | null,
  request: Request,
  read: () => Promise<{ body: unknown; headers?: Record<string, string> }>,
): Promise<Response> {
  const reading = startRead(actor !== null);
  const url = new URL(request.url);
  const key = actor ? `${actor.id} ${actor.role} ${url.pathname}${url.search}` : '';
  if (reading.on) {
    const hit = current().get(key);
    if (hit) return jsonResponse(hit, 'hit');
  }
  const { body, headers = {} } = await read();
  const entry = { body: jsonBytes(body), headers };
  if (reading.mayKeep() && entry.body.byteLength <= MAX_ENTRY_BYTES) store(key, entry);
  return jsonResponse(entry, reading.on ? 'miss' : 'off');
}

/**
 * A read under the rules above: `on` when memory may answer now (the LISTEN connection is live),
 * and `mayKeep()` after reading: whether what was read may be stored, i.e. still live and nothing
 * written since the read began (else it may predate that write).
 */
function startRead(wanted = true) {
  const on = wanted && live();
  const before = writeCount();
  return { on, mayKeep: () => on && writeCount() === before && live() };
}

/**
 * A small store of computed values (a count, say) under the same rules as the answers above:
 * `held(key, read)` gives the value stored under `key` while nothing was written since it was read,
 * else `read()`'s, stored for next time when the rules allow. Keys must name everything the value
 * depends on (the reader's id and role, the filters). At most `max` values, the oldest dropped first.
 */
export function heldWhileUnwritten<T>(max: number) {
  const values = new Map<string, T>();
  let count = -1;
  /** The values, emptied if anything was written since they were stored. */
  const fresh = () => {
    if (count !== writeCount()) {
      values.clear();
      count = writeCount();
    }
    return values;
  };
  return async function held(key: string, read: () => Promise<T>): Promise<T> {
    const reading = startRead();
    const hit = reading.on ? fresh().get(key) : undefined;
    if (hit !== undefined) return hit;
    const value = await read();
    if (reading.mayKeep()) {
      const kept = fresh();
      kept.delete(key);
      kept.set(key, value);
      if (kept.size > max) kept.delete(kept.keys().next().value!);
    }
    return value;
  };
}

/** Entries held now, and their bytes (tests). */
export const readCacheStats = () => ({ entries: current().size, bytes: cache.bytes });

/** Graceful shutdown and tests: the LISTEN connection closes and stays closed; nothing more is served from memory. */
export async function stopReadCache(): Promise<void> {
  await listening()?.close();
  noteWrite();
}
