// Starts one embedded PostgreSQL for the whole integration run and migrates a template database
// that each test file clones (test/setup-db.ts): cloning takes milliseconds, migrating doesn't.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createDatabaseIfMissing, freePort, scratchFolder, startEmbedded } from '../scripts/db';
import { applyMigrations } from '../scripts/migrate';

export const TEMPLATE = 'assay_template';

export default async function setup(project: TestProject) {
  const folder = mkdtempSync(path.join(scratchFolder(), 'pg-'));
  chmodSync(folder, 0o755); // mkdtemp makes it private; the postgres user must reach the data inside
  const server = await startEmbedded(path.join(folder, 'data'), await freePort());
  await createDatabaseIfMissing(server.adminUrl, TEMPLATE);
  await applyMigrations(server.adminUrl.replace(/\/postgres$/, `/${TEMPLATE}`));
  project.provide('adminUrl', server.adminUrl);
  return async () => {
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
  }
}
