// Which writes this process has committed: a counter that moves on after every write made through
// `prisma` (lib/db/index.ts), once the write has committed. The read cache (lib/realtime/reads.ts)
// stamps each answer with the counter as it was when the answer began to be read, and serves it
// only while the counter has not moved: an instance never answers from before its own writes.
// Other processes' writes reach it by NOTIFY (migration 20261203100000_change_notify).
//
// No imports: lib/db uses it, and it must be one counter per process, also where Next bundles a
// module twice (route handlers and server actions) and across dev-mode reloads.

type Writes = { count: number };
const state: Writes = ((globalThis as { assayWrites?: Writes }).assayWrites ??= { count: 0 });

/** How many writes (local or announced) this process has seen: compare two readings, never store meaning in the number. */
export const writeCount = () => state.count;

/** A write committed (here, or announced by another process). */
export function noteWrite() {
  state.count++;
}

/**
 * Models whose rows no cached answer reads, written on paths that must not empty the cache: sign-in
 * attempts and rate limits, presence heartbeats, a token's last use, results of comparing kept for
 * other instances (written by reads), sessions signed out of (which the actor cache follows by its
 * own notification, lib/users/actors.ts). Their tables have no change
 * trigger either (the migration's list; held equal by lib/realtime/reads.int.test.ts).
 */
export const UNCACHED_MODELS = new Set(['presence', 'rateLimit', 'securityEvent', 'apiToken', 'compareResult', 'endedSession']);

const WRITE_METHODS = new Set(['create', 'createMany', 'createManyAndReturn', 'update', 'updateMany', 'updateManyAndReturn', 'upsert', 'delete', 'deleteMany']);
export const isWriteMethod = (method: string) => WRITE_METHODS.has(method);

/**
 * Whether raw SQL may write: a data-changing keyword as a word of its own. A read that merely
 * mentions one only costs a cache miss; every write the services send through $queryRaw (an
 * INSERT … RETURNING in a WITH, say) contains one.
 */
export const mayWrite = (sql: string) => /\b(insert|update|delete|truncate|merge|copy|call)\b/i.test(sql);

/** The SQL text of a raw query's arguments: a tagged template, a Prisma.Sql, or a string. */
export function rawSqlText(args: unknown[]): string {
  const first = args[0] as { strings?: string[] } | readonly string[] | string | undefined;
  if (typeof first === 'string') return first;
  if (Array.isArray(first)) return first.join(' ');
  if (first && typeof first === 'object' && 'strings' in first && Array.isArray(first.strings)) return first.strings.join(' ');
  return 'update'; // unknown: assume it writes
}
