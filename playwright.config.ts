import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/browser';

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
    { name: 'e2e', testIgnore: /blind\.spec\.ts$/ },
    // Blind mode is a switch on a whole document, which blind.spec has to itself: two runs of it at
    // once would switch it off under each other, so they take turns (alongside the other specs).
    { name: 'blind', testMatch: /blind\.spec\.ts$/, workers: 1 },
  ],
});
