// A throw-away Assay for end-to-end tests and benchmarks: its own embedded PostgreSQL (removed
// afterwards), migrations, the corpus, and the built app on a free port.
import { type ChildProcess, spawn } from 'node:child_process';
import { ensureBuild } from './build';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createDatabaseIfMissing, freePort, scratchFolder, startEmbedded } from './db';
import { applyMigrations } from './migrate';

const root = path.resolve(import.meta.dirname, '..');
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
/** How long the apps keep an idle connection open: more than a test's 60 s (playwright.config.ts). */
const KEEP_ALIVE_MS = 120_000;

// Tests make their own accounts over HTTP, so the stack's sign-up is open (ASSAY_SIGNUP=open) unless the
// environment says otherwise.
/** `baseUrl` is the first app instance; `baseUrls` all of them, each its own process on one database. */
export type Stack = { baseUrl: string; baseUrls: string[]; databaseUrl: string; appPid: number; stop(): Promise<void> };

export async function waitForApp(url: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/api/auth/csrf`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The app did not answer at ${url} within ${timeoutMs / 1000} s`);
}

/**
 * One instance of the built app (`next start`) on `port`, against the stack's database. `env` adds
 * to or overrides its settings (an e2e spec starts one with other settings); its standard error is
 * passed on unless `stderr` is 'pipe'.
 */
export function startApp(port: number, databaseUrl: string, options: { env?: Record<string, string>; stderr?: 'inherit' | 'pipe' } = {}): ChildProcess {
  // Playwright's request contexts pool keep-alive connections and may reuse one just as the
  // server closes it after Node's default 5 s of quiet, which fails the request with
  // ECONNRESET (microsoft/playwright#42701; seen in e2e between API calls seconds apart).
  // Connections here stay open for longer than any test runs.
  return spawn(process.execPath, [nextBin, 'start', '-p', String(port), '--keepAliveTimeout', String(KEEP_ALIVE_MS)], {
    cwd: root,
    stdio: ['ignore', 'ignore', options.stderr ?? 'inherit'],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      NEXTAUTH_SECRET: 'throw-away-stack-secret',
      NEXTAUTH_URL: `http://localhost:${port}`,
      NEXT_TELEMETRY_DISABLED: '1',
      ASSAY_SIGNUP: process.env.ASSAY_SIGNUP ?? 'open',
      ...options.env,
    },
  });
}

/**
 * Starts the stack. `accounts` are created before the app starts, so the first becomes ADMIN;
 * `instances` app processes share the database (live updates must cross them).
 * Builds first when the build is missing or older than the sources.
 */
export async function startStack(
  options: { accounts?: { email: string; name: string; password: string }[]; instances?: number } = {},
): Promise<Stack> {
  ensureBuild();
  const folder = mkdtempSync(path.join(scratchFolder(), 'stack-'));
  chmodSync(folder, 0o755); // the postgres user must reach the data folder inside
  const server = await startEmbedded(path.join(folder, 'data'), await freePort());
  await createDatabaseIfMissing(server.adminUrl, 'assay');
  const databaseUrl = server.adminUrl.replace(/\/postgres$/, '/assay');
  await applyMigrations(databaseUrl);

  process.env.DATABASE_URL = databaseUrl;
  const { seed } = await import('../prisma/seed');
  await seed({ demo: false });
  const { createUser } = await import('@/lib/users/service');
  for (const account of options.accounts ?? []) await createUser(account);
  const { prisma } = await import('@/lib/db');
  await prisma.$disconnect();

  const apps: ChildProcess[] = [];
  const stop = async () => {
    for (const app of apps) app.kill('SIGTERM');
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    const baseUrls: string[] = [];
    for (let i = 0; i < (options.instances ?? 1); i++) {
      const port = await freePort();
      const baseUrl = `http://localhost:${port}`;
      apps.push(startApp(port, databaseUrl));
      await waitForApp(baseUrl);
      baseUrls.push(baseUrl);
    }
    return { baseUrl: baseUrls[0], baseUrls, databaseUrl, appPid: apps[0].pid!, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
