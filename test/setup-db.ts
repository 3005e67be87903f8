// Runs before each integration test file is imported: gives it a database of its own, cloned from
// the migrated template, through DATABASE_URL (which lib/db.ts reads on first use).
import { randomUUID } from 'node:crypto';
import { afterAll, inject } from 'vitest';
import { createDatabaseIfMissing } from '../scripts/db';

const adminUrl = inject('adminUrl');
const name = `test_${randomUUID().replaceAll('-', '')}`;
await createDatabaseIfMissing(adminUrl, name, 'assay_template');
process.env.DATABASE_URL = adminUrl.replace(/\/postgres$/, `/${name}`);

afterAll(async () => {
  const { prisma } = await import('@/lib/db');
  await prisma.$disconnect();
});
