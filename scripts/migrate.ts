// Applies prisma/migrations/*/migration.sql in order and records each in `_prisma_migrations`
// exactly as Prisma Migrate does, so `prisma migrate status/deploy` agree on a machine that has
// Prisma's schema engine (we cannot download it here; DESIGN.md "Database").
//   npm run db:migrate        (the app's database: DATABASE_URL, else the embedded one)
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '..', 'prisma', 'migrations');

// The key Prisma Migrate locks with, so this script and a real `prisma migrate deploy` exclude each other too.
const PRISMA_MIGRATE_LOCK = 72707369;

// Prisma's own DDL for its bookkeeping table.
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export type Migration = { name: string; sql: string; checksum: string };

type Row = { migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null; logs: string | null };

/** The migrations in the order Prisma applies them: by folder name. */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const file = path.join(dir, name, 'migration.sql');
      if (!existsSync(file)) throw new Error(`${path.join(dir, name)} has no migration.sql`);
      const bytes = readFileSync(file);
      // Prisma's checksum: SHA-256 of the file's bytes, in hex.
      return { name, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') };
    });
}

/** What `_prisma_migrations` says is applied; refuses when the history cannot be trusted. */
function appliedChecksums(rows: Row[]): Map<string, string> {
  const applied = new Map<string, string>();
  for (const row of rows) {
    if (row.rolled_back_at) continue;
    if (!row.finished_at) {
      // Left by `prisma migrate deploy` (ours roll back whole): the database may be half-migrated.
      throw new Error(
        `Migration ${row.migration_name} failed when it was last applied${row.logs ? `:\n${row.logs}\n` : '. '}` +
          `Repair the database by hand, then mark it rolled back (what \`prisma migrate resolve --rolled-back ${row.migration_name}\` does): ` +
          `UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '${row.migration_name}' AND finished_at IS NULL`,
      );
    }
    applied.set(row.migration_name, row.checksum);
  }
  return applied;
}

/**
 * Applies the migrations the database lacks, each in its own transaction together with its
 * `_prisma_migrations` row, and returns their names. Safe to run from two processes at once.
 */
export async function applyMigrations(databaseUrl: string, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = readMigrations(dir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK]);
    await client.query(CREATE_TABLE);
    const { rows } = await client.query<Row>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at, logs FROM "_prisma_migrations" ORDER BY started_at',
    );
    const done = appliedChecksums(rows);
    for (const migration of migrations) {
      const checksum = done.get(migration.name);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new Error(
            `Migration ${migration.name} was changed after it was applied (its checksum no longer matches); ` +
              'restore the file and put the change in a new migration',
          );
        }
        continue;
      }
      await client.query('BEGIN');
      try {
        const id = randomUUID();
        await client.query('INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ($1, $2, $3)', [
          id,
          migration.checksum,
          migration.name,
        ]);
        await client.query(migration.sql);
        // Prisma counts the whole script as one step.
        await client.query('UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1', [id]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`Migration ${migration.name} failed and was rolled back: ${(error as Error).message}`);
      }
      applied.push(migration.name);
    }
  } finally {
    await client.end();
  }
  return applied;
}

async function main() {
  const { ensureDatabase } = await import('./db');
  const database = await ensureDatabase();
  try {
    const applied = await applyMigrations(database.url);
    console.log(applied.length ? `Applied ${applied.join(', ')}` : 'No pending migrations');
  } finally {
    await database.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
