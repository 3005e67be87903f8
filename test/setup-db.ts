// Runs in each integration test file before the file's own modules are imported: gives the file a
// database of its own, cloned from the migrated template (test/global-setup.ts), through
// DATABASE_URL, which lib/db reads on first use. Dropped when the file is done.
import { randomUUID } from 'node:crypto';
import { afterAll, inject } from 'vitest';
import { createDatabaseIfMissing, databaseUrl, dropDatabase } from '../scripts/db';
import { TEMPLATE } from './global-setup';

const adminUrl = inject('adminUrl');
const name = `test_${randomUUID().replaceAll('-', '')}`;
await createDatabaseIfMissing(adminUrl, name, TEMPLATE);
process.env.DATABASE_URL = databaseUrl(adminUrl, name);

afterAll(async () => {
  const { prisma } = await import('@/lib/db');
  await prisma.$disconnect();
  await dropDatabase(adminUrl, name);
});
