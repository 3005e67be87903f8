// The one PrismaClient, over node-postgres (adapter-pg). Created on first use so that scripts and
// tests can choose DATABASE_URL before anything touches the database.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/generated/prisma/client';

const globalForPrisma = globalThis as unknown as { assayPrisma?: PrismaClient };

function create(): PrismaClient {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) {
    throw new Error('DATABASE_URL is not set: start the app with `npm start` (it sets up the database) or set it yourself');
  }
  return new PrismaClient({ adapter: new PrismaPg({ connectionString }) });
}

function client(): PrismaClient {
  // Cached on globalThis: Next's dev server re-evaluates modules and would otherwise leak pools.
  globalForPrisma.assayPrisma ??= create();
  return globalForPrisma.assayPrisma;
}

export const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const value = Reflect.get(client(), property);
    return typeof value === 'function' ? value.bind(client()) : value;
  },
});
