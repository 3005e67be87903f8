// The preparing half of `npm start` (and `npm run dev`), run by scripts/start.mjs in a child
// process that exits when done, so none of this (tsx, Prisma, the seeding code) stays loaded while
// the app runs: database up (embedded unless DATABASE_URL is set, and then left running for
// start.mjs to stop), migrations applied, corpus loaded, a build made if none is current. It sends
// start.mjs what Next.js needs (the database URL, the environment) and what to stop at the end.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureDatabase } from './db';
import { applyMigrations } from './migrate';
import { ensureBuild } from './build';

const root = path.resolve(import.meta.dirname, '..');
const dev = process.argv.includes('--dev');
const port = process.env.PORT ?? '3000';

/**
 * What start.mjs receives: first `{ postmaster }` as soon as the database is up (the PostgreSQL it
 * must stop, if it was started here), then all of this.
 */
export type Prepared = { env: Record<string, string>; embedded: boolean; postmaster: { pid: number; dataDir: string } | null };

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

async function main() {
  const database = await ensureDatabase({ keepRunning: true });
  // At once, so that start.mjs can stop it even if this is interrupted.
  process.send!({ postmaster: database.postmaster ?? null });
  try {
    process.env.DATABASE_URL = database.url;
    const applied = await applyMigrations(database.url);
    if (applied.length) console.log(`Applied migrations: ${applied.join(', ')}`);

    // lib/db reads DATABASE_URL on first use (set just above), not at import; the seeding code, and
    // with it the app's modules, is loaded only here.
    const { seed } = await import('../prisma/seed');
    await seed({ demo: database.embedded });

    const env: Record<string, string> = {
      PORT: port,
      DATABASE_URL: database.url,
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
    const { prisma } = await import('@/lib/db');
    await prisma.$disconnect();
    if (!dev) ensureBuild({ ...process.env, ...env });
    const prepared: Prepared = { env, embedded: database.embedded, postmaster: database.postmaster ?? null };
    await new Promise<void>((resolve, reject) => process.send!(prepared, (error: Error | null) => (error ? reject(error) : resolve())));
  } catch (error) {
    // Nothing runs yet to hand the database over to.
    await database.stop();
    throw error;
  }
}

main().then(
  () => {
    process.disconnect?.();
    process.exit(0);
  },
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
