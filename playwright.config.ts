import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/browser';

const SERIAL = /(blind|hardening|judgments)\.spec\.ts$/;
const READER = /(a11y|keyboard|screens)\.spec\.ts$/;
const BUSY = /busy\.spec\.ts$/;
const ALONE = /fuzz\.spec\.ts$/;

// scripts/e2e.ts starts the app (built, on a throw-away database) and passes its URL.
// Specs run side by side and in any order: each makes its own analysts and data (e2e/fixtures.ts).
export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 2,
  reporter: [['list']],
  use: {
    baseURL: process.env.E2E_BASE_URL ?? 'http://localhost:3000',
    trace: 'off',
    launchOptions: chromiumLaunchOptions(),
  },
  projects: [
    { name: 'e2e', testIgnore: [SERIAL, READER, BUSY, ALONE] },
    // Blind mode is a switch on a whole document (DOCUMENTS.blind): the specs that switch it or
    // write on that document (blind, hardening, judgments) take turns, alongside the other specs.
    { name: 'blind', testMatch: SERIAL, workers: 1 },
    // The reader specs walk a document's highlights in order (j / k) and audit whole pages with axe:
    // they run once the specs that write on shared documents are done, so nothing moves under them.
    { name: 'reader', testMatch: READER, dependencies: ['e2e', 'blind'] },
    // The busy passage writes a hundred annotations in a burst: the live events it sends every reader
    // of that document would land in the middle of other specs' mouse selections, so it runs apart.
    { name: 'busy', testMatch: BUSY, dependencies: ['e2e', 'blind', 'reader'] },
    // The fuzz test checks that no row of the whole database changed: it runs after everything else.
    { name: 'alone', testMatch: ALONE, dependencies: ['e2e', 'blind', 'reader', 'busy'] },
  ],
});
