import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/browser';

// scripts/e2e.ts starts the app (built, on a throw-away database) and passes its URL.
export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: process.env.E2E_BASE_URL ?? 'http://localhost:3000',
    trace: 'off',
    launchOptions: chromiumLaunchOptions(),
  },
});
