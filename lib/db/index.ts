// `@/lib/db`: the one PrismaClient, over node-postgres (adapter-pg). Beside it, the schema drift
// test and its reader of Prisma's datamodel (prisma-dmmf.ts).
//
// The client is built on first use, not at import: the start scripts choose DATABASE_URL after
// their imports, `next build` imports pages without one, and each integration test file gets its
// own database (test/setup-db.ts).
import 'server-only';
import { PrismaPg } from '@prisma/adapter-pg';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { isWriteMethod, mayWrite, noteWrite, rawSqlText, UNCACHED_MODELS } from './writes';

// Next's dev server re-evaluates modules on every change; without this each reload opens another pool.
const devCache = globalThis as unknown as { assayPrisma?: PrismaClient };

let client: PrismaClient | undefined;

/**
 * What a raw statement starts with to be prepared once per connection and kept (see preparedName):
 * `${Prisma.raw(PREPARED_MARK)}` first in its template.
 */
export const PREPARED_MARK = '/* prepared */';

/**
 * The name under which node-postgres prepares a statement once per connection and keeps it, for a
 * raw statement whose text starts with PREPARED_MARK; '' (unnamed: sent, parsed and planned anew
 * each time, as Prisma does by default) for every other. Marked is the hot write path's statement
 * (insertAnnotation: 3 KB of SQL in two shapes): kept, it is neither sent again nor parsed, and
 * PostgreSQL may reuse its plan. On the bench machine that cut PostgreSQL's CPU per created
 * annotation by about 30% (claims 2.2 → 1.6 ms). Not every statement: Prisma's texts vary with
 * their lists (one name each, kept by every connection for its life), and a kept plan can be
 * generic, which is a choice to make per statement.
 */
export const preparedName = (query: { sql: string }) =>
  query.sql.startsWith(PREPARED_MARK) ? `p_${createHash('sha1').update(query.sql).digest('base64url')}` : '';

function connect(): PrismaClient {
  client ??= devCache.assayPrisma;
  if (client) return client;
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) {
    throw new Error(
      'DATABASE_URL is not set. Start the app with `npm start` (it sets up the database), or set DATABASE_URL to a PostgreSQL URL.',
    );
  }
  // Under load (50 clients on one instance) every request wants a connection at once: a wait for
  // one is bounded (connectionTimeoutMillis, then a 503 from lib/http.ts), and a transaction waits
  // for its connection up to 10 s rather than Prisma's 2 s before giving up (P2028).
  client = new PrismaClient({
    adapter: new PrismaPg(
      { connectionString, max: Number(process.env.ASSAY_DB_POOL ?? 16), connectionTimeoutMillis: 15_000 },
      { statementNameGenerator: preparedName },
    ),
    transactionOptions: { maxWait: 10_000, timeout: 20_000 },
  });
  if (process.env.NODE_ENV === 'development') devCache.assayPrisma = client;
  return client;
}

let reads: { url: string; pool: pg.Pool } | undefined;

/**
 * A small node-postgres pool beside Prisma's, for reads of 100,000s of rows (exports). Prisma's
 * raw-query row mapping was half an export's time, and on a cold server the rows it made were
 * most of the heap's growth (issue #13): node-postgres alone read the same pages twice as fast.
 * Reads only: writes go through `prisma`, which counts them.
 */
export function readPool(): pg.Pool {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set.');
  if (reads?.url !== url) {
    reads?.pool.end().catch(() => undefined); // another database now (tests): the old pool is not used again
    // Idle connections close on their own and do not keep a script's process alive.
    reads = { url, pool: new pg.Pool({ connectionString: url, max: 4, idleTimeoutMillis: 10_000, allowExitOnIdle: true }) };
    reads.pool.on('error', () => undefined); // an idle connection lost with the database; the next query reconnects
  }
  return reads.pool;
}

/**
 * `promise`, counted as a write (lib/db/writes.ts) when it settles (committed, or failed), before
 * whoever awaits it resumes. Prisma's promises are lazy and may be handed to a batch instead of
 * awaited, so nothing runs here until someone calls `then`: everything else passes through.
 */
function counted<T extends object>(promise: T): T {
  const then = (target: T) => (onFulfilled?: (value: unknown) => unknown, onRejected?: (reason: unknown) => unknown) =>
    (target as unknown as PromiseLike<unknown>)
      .then(
        (value) => {
          noteWrite();
          return value;
        },
        (reason) => {
          noteWrite();
          throw reason;
        },
      )
      .then(onFulfilled, onRejected);
  return new Proxy(promise, {
    get(target, property) {
      if (property === 'then') return then(target);
      if (property === 'catch') return (onRejected: (reason: unknown) => unknown) => then(target)(undefined, onRejected);
      if (property === 'finally')
        return (onFinally: () => void) =>
          then(target)(
            (value) => (onFinally(), value),
            (reason) => {
              onFinally();
              throw reason;
            },
          );
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** A model's delegate whose writes are counted. */
function countedDelegate(delegate: object): object {
  return new Proxy(delegate, {
    get(target, method) {
      const value: unknown = Reflect.get(target, method, target);
      if (typeof value !== 'function') return value;
      if (typeof method === 'string' && isWriteMethod(method)) return (...args: unknown[]) => counted(value.apply(target, args) as object);
      return value.bind(target);
    },
  });
}
const delegates = new WeakMap<object, object>();

/**
 * The client. Every write through it is counted once it has committed (lib/db/writes.ts): a
 * transaction when it settles (its statements are not visible before the commit), a model's
 * create/update/delete, $executeRaw, and a $queryRaw whose SQL writes. The read cache relies on it.
 */
export const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    // Disconnecting a client that was never used has nothing to do, and must not fail for want of a URL.
    if (property === '$disconnect' && !client && !devCache.assayPrisma) return async () => {};
    const target = connect();
    const value: unknown = Reflect.get(target, property, target);
    if (typeof value === 'function') {
      if (property === '$transaction' || property === '$executeRaw' || property === '$executeRawUnsafe') {
        return (...args: unknown[]) => counted(value.apply(target, args) as object);
      }
      if (property === '$queryRaw' || property === '$queryRawUnsafe') {
        return (...args: unknown[]) => (mayWrite(rawSqlText(args)) ? counted(value.apply(target, args) as object) : value.apply(target, args));
      }
      return value.bind(target);
    }
    if (typeof property === 'string' && value && typeof value === 'object' && !property.startsWith('$') && !UNCACHED_MODELS.has(property)) {
      let delegate = delegates.get(value);
      if (!delegate) delegates.set(value, (delegate = countedDelegate(value)));
      return delegate;
    }
    return value;
  },
});
