// `npm start` (and `npm run dev` with --dev). Plain JavaScript, so what stays running beside
// Next.js and PostgreSQL is one small Node process: it runs scripts/prepare.ts in a child that
// exits when done (database up, migrations, corpus, a build if none is current), starts Next.js on
// PORT, and on SIGINT/SIGTERM lets Next.js drain (lib/health.ts) before it stops the embedded
// PostgreSQL it was handed (if prepare started one; a database that was already running, or
// DATABASE_URL's, is left alone).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dev = process.argv.includes('--dev');
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

/** The embedded PostgreSQL to stop at the end: { pid, dataDir } once prepare has said so. */
let postmaster = null;
let stopping = false;
/** What is running now and must end first: prepare, then Next.js. */
let current = null;

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
};

/** Fast shutdown (SIGINT, as `pg_ctl stop -m fast`), waited for; only if the pid is still this data folder's server. */
async function stopPostmaster() {
  if (!postmaster) return;
  const { pid, dataDir } = postmaster;
  postmaster = null;
  try {
    if (Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]) !== pid) return;
  } catch {
    return; // already stopped: no pid file
  }
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  const deadline = Date.now() + 60_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
}

const exited = (child) => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

/** Runs scripts/prepare.ts in a child that exits; resolves with what it prepared. */
async function prepare() {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=react-server', path.join(root, 'scripts', 'prepare.ts'), ...(dev ? ['--dev'] : [])], {
    cwd: root,
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  current = child;
  let prepared = null;
  child.on('message', (message) => {
    postmaster = message.postmaster ?? null;
    if (message.env) prepared = message;
  });
  const code = await exited(child);
  current = null;
  if (code !== 0 || !prepared) throw new Error(stopping ? 'stopped' : 'Preparing the app failed (see above)');
  return prepared;
}

async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  if (current) {
    // Next.js drains: health answers 503, event streams end, in-flight requests finish. A server
    // that has not exited after 30 s is killed.
    current.kill('SIGTERM');
    const killer = setTimeout(() => current?.kill('SIGKILL'), 30_000);
    await exited(current);
    clearTimeout(killer);
  }
  await stopPostmaster();
  process.exit(code);
}

async function main() {
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  const { env, embedded } = await prepare();
  if (stopping) return;
  const port = env.PORT;
  const app = spawn(process.execPath, [nextBin, dev ? 'dev' : 'start', '-p', port], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  current = app;
  app.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    if (/Ready in|started server/i.test(chunk.toString())) {
      console.log(`\nAssay is running at http://localhost:${port}${embedded ? ' (demo mode: embedded PostgreSQL, demo accounts on the sign-in page)' : ''}\n`);
    }
  });
  app.on('exit', async (code) => {
    if (stopping) return;
    // Next.js ended by itself: the database goes too.
    current = null;
    await stop(code ?? 1);
  });
}

main().catch(async (error) => {
  if (!stopping) console.error(error instanceof Error ? error.message : error);
  current = null;
  await stopPostmaster();
  process.exit(1);
});
