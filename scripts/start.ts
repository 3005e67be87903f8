// `npm start` (and `npm run dev` with --dev): database up (embedded unless DATABASE_URL is set),
// migrations applied, corpus loaded, a build made if none exists, then Next.js on PORT.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureDatabase } from './db';
import { applyMigrations } from './migrate';
import { ensureBuild } from './build';

const root = path.resolve(import.meta.dirname, '..');
const dev = process.argv.includes('--dev');
const port = process.env.PORT ?? '3000';

/** A stable secret per checkout, so sessions survive restarts without any setup. */
function authSecret(): string {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  const file = path.join(root, '.data', 'auth-secret');
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

const next = (...args: string[]) => [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), ...args];

async function main() {
  const database = await ensureDatabase();
  process.env.DATABASE_URL = database.url;
  const applied = await applyMigrations(database.url);
  if (applied.length) console.log(`Applied migrations: ${applied.join(', ')}`);

  // lib/db reads DATABASE_URL on first use (set just above), not at import; the seeding code, and
  // with it the app's modules, is loaded only when needed.
  const { seed } = await import('../prisma/seed');
  await seed({ demo: database.embedded });

  const env = {
    ...process.env,
    PORT: port,
    NEXTAUTH_SECRET: authSecret(),
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
    // Demo mode (the embedded database) keeps open sign-up; elsewhere it is by invitation
    // (lib/users/invitations.ts) unless ASSAY_SIGNUP=open is set.
    ASSAY_SIGNUP: process.env.ASSAY_SIGNUP ?? (database.embedded ? 'open' : 'closed'),
  };
  if (env.ASSAY_SIGNUP !== 'open') {
    const { listAllUsers } = await import('@/lib/users/service');
    if ((await listAllUsers()).length === 0) {
      console.log('\nNo accounts yet and sign-up is closed. Create the first admin with:\n  npm run user -- create --email you@example.org --password \'…\' --name \'Your Name\' --role ADMIN\n');
    }
  }
  if (!dev) {
    try {
      ensureBuild(env);
    } catch (error) {
      await database.stop();
      throw error;
    }
  }

  const app = spawn(process.execPath, next(dev ? 'dev' : 'start', '-p', port), { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
  app.stdout.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    if (/Ready in|started server/i.test(chunk.toString())) {
      console.log(`\nAssay is running at http://localhost:${port}${database.embedded ? ' (demo mode: embedded PostgreSQL, demo accounts on the sign-in page)' : ''}\n`);
    }
  });

  // Graceful stop: Next.js drains (health answers 503, event streams end, in-flight requests
  // finish: lib/health.ts), and only when it has exited does the database stop. A server that
  // has not exited after 30 s is killed.
  let stopping = false;
  const exited = new Promise<void>((resolve) => app.once('exit', () => resolve()));
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    app.kill('SIGTERM');
    const killer = setTimeout(() => app.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(killer);
    await database.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  app.on('exit', async (code) => {
    if (stopping) return;
    await database.stop();
    process.exit(code ?? 1);
  });
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
