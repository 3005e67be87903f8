// How Assay launches Chromium, shared by playwright.config.ts and the benchmarks: Debian's
// Chromium when it is there (nothing is downloaded); CHROMIUM_PATH points elsewhere, and an empty
// CHROMIUM_PATH lets Playwright use its own browser on a developer's machine.
import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

export function chromiumLaunchOptions(): LaunchOptions {
  const path = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : '');
  return {
    executablePath: path || undefined,
    args: [
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-gpu',
      '--no-first-run',
    ],
  };
}
