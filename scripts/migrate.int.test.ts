// Migrations on an empty database, recorded the way Prisma Migrate records them.
import { createHash, randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { createDatabaseIfMissing } from './db';
import { applyMigrations, readMigrations } from './migrate';

async function emptyDatabase(): Promise<string> {
  const adminUrl = inject('adminUrl');
  const name = `empty_${randomUUID().replaceAll('-', '')}`;
  await createDatabaseIfMissing(adminUrl, name);
  return adminUrl.replace(/\/postgres$/, `/${name}`);
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('applyMigrations', () => {
  it('applies every migration to an empty database once, recording it as Prisma does', async () => {
    const url = await emptyDatabase();
    const names = readMigrations().map((m) => m.name);
    expect(await applyMigrations(url)).toEqual(names);
    expect(await applyMigrations(url)).toEqual([]);

    const recorded = await query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number; id: string }>(
      url,
      `SELECT * FROM "_prisma_migrations" ORDER BY started_at`,
    );
    const sql = readMigrations()[0].sql;
    expect(recorded[0]).toMatchObject({
      migration_name: names[0],
      checksum: createHash('sha256').update(sql).digest('hex'),
      applied_steps_count: 1,
      finished_at: expect.any(Date),
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    const tables = await query<{ table_name: string }>(url, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`);
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['User', 'Document', 'Annotation', 'Source', 'AnnotationEvent']));
  });

  it('refuses a migration edited after it was applied, and rolls back a failing one', async () => {
    const url = await emptyDatabase();
    const dir = mkdtempSync(path.join(tmpdir(), 'migrations-'));
    cpSync(path.resolve(import.meta.dirname, '../prisma/migrations'), dir, { recursive: true });
    await applyMigrations(url, dir);

    const first = readMigrations(dir)[0].name;
    writeFileSync(path.join(dir, first, 'migration.sql'), `${readMigrations(dir)[0].sql}\n-- edited`);
    await expect(applyMigrations(url, dir)).rejects.toThrow(/changed after it was applied/);

    cpSync(path.resolve(import.meta.dirname, '../prisma/migrations'), dir, { recursive: true });
    const broken = path.join(dir, '99990101000000_broken');
    cpSync(path.join(dir, first), broken, { recursive: true });
    writeFileSync(path.join(broken, 'migration.sql'), 'CREATE TABLE "Half" (id int); SELECT no_such_function();');
    await expect(applyMigrations(url, dir)).rejects.toThrow(/99990101000000_broken failed/);
    expect(await query(url, `SELECT 1 FROM information_schema.tables WHERE table_name = 'Half'`)).toEqual([]);
  });
});
