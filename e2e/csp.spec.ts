// The nonce-based Content-Security-Policy (proxy.ts) must let the app work: no violation on any page.
import { expect, test } from '@playwright/test';
import { ADMIN_EMAIL, signIn } from './fixtures';

test('no Content-Security-Policy violation on the main pages, signed out and in', async ({ browser, baseURL }) => {
  const context = await browser.newContext();
  const violations: string[] = [];
  await context.exposeFunction('reportCspViolation', (text: string) => violations.push(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { reportCspViolation(t: string): void }).reportCspViolation(`${e.violatedDirective} ${e.blockedURI} at ${location.pathname}`),
    );
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });

  for (const path of ['/signin', '/signup']) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
  }
  await signIn(context.request, ADMIN_EMAIL);
  await page.goto('/');
  await page.waitForLoadState('networkidle');
  const first = await page.locator('a[href^="/documents/"]').first().getAttribute('href');
  for (const path of [first!, `${first}/compare`, '/compare', '/forecasts', '/leaderboard', '/export', '/settings', '/admin/users', '/admin/security']) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBeLessThan(400);
    await page.waitForLoadState('networkidle');
  }
  // The reader is interactive (scripts ran): its text is there.
  await page.goto(first!);
  await expect(page.locator('.reader-text')).toBeVisible();
  expect(violations).toEqual([]);
  expect(baseURL).toBeTruthy();
});
