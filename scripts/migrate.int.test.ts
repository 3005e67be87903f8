// Migrations on empty databases, recorded the way Prisma Migrate records them.
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDatabaseIfMissing, databaseUrl, dropDatabase } from './db';
import { applyMigrations, readMigrations } from './migrate';

const MIGRATIONS = path.resolve(import.meta.dirname, '../prisma/migrations');
const adminUrl = inject('adminUrl');
const created: string[] = [];
const folders: string[] = [];

async function emptyDatabase(): Promise<string> {
  const name = `empty_${randomUUID().replaceAll('-', '')}`;
  await createDatabaseIfMissing(adminUrl, name);
  created.push(name);
  return databaseUrl(adminUrl, name);
}

/** A migrations folder of our own, to break on purpose. */
function migrationsFolder(scripts: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'migrations-'));
  folders.push(dir);
  for (const [name, sql] of Object.entries(scripts)) {
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const tableNames = async (url: string) =>
  (await query<{ table_name: string }>(url, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`)).map((t) => t.table_name);

afterAll(async () => {
  for (const name of created) await dropDatabase(adminUrl, name);
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describe('applyMigrations', () => {
  it('applies every migration to an empty database once, recording it as Prisma does', async () => {
    const url = await emptyDatabase();
    const names = readMigrations().map((m) => m.name);
    expect(await applyMigrations(url)).toEqual(names);
    expect(await applyMigrations(url)).toEqual([]);

    const rows = await query(url, `SELECT * FROM "_prisma_migrations" ORDER BY migration_name`);
    expect(rows).toEqual(
      names.map((name) => ({
        id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        checksum: createHash('sha256').update(readFileSync(path.join(MIGRATIONS, name, 'migration.sql'))).digest('hex'),
        migration_name: name,
        logs: null,
        started_at: expect.any(Date),
        finished_at: expect.any(Date),
        rolled_back_at: null,
        applied_steps_count: 1,
      })),
    );
    expect(await tableNames(url)).toEqual(expect.arrayContaining(['_prisma_migrations', 'User', 'Document', 'Annotation', 'Source', 'AnnotationEvent']));
  });

  it('applies each migration once when two processes start at the same moment', async () => {
    const url = await emptyDatabase();
    const [first, second] = await Promise.all([applyMigrations(url), applyMigrations(url)]);
    expect([...first, ...second]).toEqual(readMigrations().map((m) => m.name));
    expect(await query(url, `SELECT 1 FROM "_prisma_migrations"`)).toHaveLength(readMigrations().length);
  });

  it('refuses a migration edited after it was applied', async () => {
    const url = await emptyDatabase();
    const dir = migrationsFolder({ '20000101000000_one': 'CREATE TABLE "One" (id int);\n' });
    await applyMigrations(url, dir);
    writeFileSync(path.join(dir, '20000101000000_one', 'migration.sql'), 'CREATE TABLE "One" (id bigint);\n');
    await expect(applyMigrations(url, dir)).rejects.toThrow('Migration 20000101000000_one was changed after it was applied');
  });

  it('rolls a failing migration back whole, leaving no trace, and applies it once it is fixed', async () => {
    const url = await emptyDatabase();
    const dir = migrationsFolder({
      '20000101000000_one': 'CREATE TABLE "One" (id int);\n',
      '20000102000000_two': 'CREATE TABLE "Half" (id int);\nSELECT no_such_function();\n',
    });
    await expect(applyMigrations(url, dir)).rejects.toThrow(/20000102000000_two failed and was rolled back: .*no_such_function/);
    expect(await tableNames(url)).toContain('One');
    expect(await tableNames(url)).not.toContain('Half');
    expect((await query(url, `SELECT migration_name FROM "_prisma_migrations"`)).map((r) => r.migration_name)).toEqual(['20000101000000_one']);

    writeFileSync(path.join(dir, '20000102000000_two', 'migration.sql'), 'CREATE TABLE "Half" (id int);\n');
    expect(await applyMigrations(url, dir)).toEqual(['20000102000000_two']);
  });

  it('refuses to go on after a migration that `prisma migrate deploy` left failed, until it is marked rolled back', async () => {
    const url = await emptyDatabase();
    const dir = migrationsFolder({ '20000101000000_one': 'CREATE TABLE "One" (id int);\n' });
    await applyMigrations(url, dir);
    await query(url, `UPDATE "_prisma_migrations" SET finished_at = NULL, logs = 'ERROR: something broke'`);
    await expect(applyMigrations(url, dir)).rejects.toThrow('Migration 20000101000000_one failed when it was last applied:\nERROR: something broke');

    await query(url, `UPDATE "_prisma_migrations" SET rolled_back_at = now(); DROP TABLE "One"`);
    expect(await applyMigrations(url, dir)).toEqual(['20000101000000_one']);
    expect(await query(url, `SELECT 1 FROM "_prisma_migrations"`)).toHaveLength(2);
  });
});
