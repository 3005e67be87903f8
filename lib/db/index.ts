// `@/lib/db`: the one PrismaClient, over node-postgres (adapter-pg). Beside it, the schema drift
// test and its reader of Prisma's datamodel (prisma-dmmf.ts).
//
// The client is built on first use, not at import: the start scripts choose DATABASE_URL after
// their imports, `next build` imports pages without one, and each integration test file gets its
// own database (test/setup-db.ts).
import 'server-only';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/generated/prisma/client';

// Next's dev server re-evaluates modules on every change; without this each reload opens another pool.
const devCache = globalThis as unknown as { assayPrisma?: PrismaClient };

let client: PrismaClient | undefined;

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
    adapter: new PrismaPg({ connectionString, max: Number(process.env.ASSAY_DB_POOL ?? 16), connectionTimeoutMillis: 15_000 }),
    transactionOptions: { maxWait: 10_000, timeout: 20_000 },
  });
  if (process.env.NODE_ENV === 'development') devCache.assayPrisma = client;
  return client;
}

export const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    // Disconnecting a client that was never used has nothing to do, and must not fail for want of a URL.
    if (property === '$disconnect' && !client && !devCache.assayPrisma) return async () => {};
    const target = connect();
    const value: unknown = Reflect.get(target, property, target);
    return typeof value === 'function' ? value.bind(target) : value;
  },
});
