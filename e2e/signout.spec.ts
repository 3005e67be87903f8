// Signing out ends the session on the server, not only in the browser that signs out: a copy of the
// session cookie (a shared computer, a stolen cookie, a leaked HAR file) is no one afterwards, on
// every app instance — the API answers 401, pages send it to sign in, next-auth's own session
// endpoint knows no one. Before, a copied cookie kept working until the JWT expired (30 days).
import type { Cookie } from '@playwright/test';
import pg from 'pg';
import { createAnalyst, expect, PASSWORD, test } from './fixtures';

const SECOND = process.env.E2E_SECOND_URL!;

test('a copy of the session cookie is refused everywhere once its session signs out', async ({ browser, playwright, baseURL }) => {
  const context = await browser.newContext();
  const analyst = await createAnalyst(context.request, 'Leaving Lena');
  const page = await context.newPage();
  await page.goto('/signin');
  await page.getByLabel('Email').fill(analyst.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByTestId('current-user')).toContainText(analyst.name);

  // What someone copies: the session cookie as the browser holds it.
  const copied = (await context.cookies()).find((c: Cookie) => c.name.endsWith('next-auth.session-token'));
  expect(copied, 'the browser holds a session cookie').toBeDefined();
  const replay = async (url: string, path: string) => {
    const request = await playwright.request.newContext({ baseURL: url, extraHTTPHeaders: { Cookie: `${copied!.name}=${copied!.value}` } });
    const response = await request.get(path);
    const answer = { status: response.status(), body: await response.text() };
    await request.dispose();
    return answer;
  };

  // The copy works while the session lasts, on both instances: each has now seen this session.
  expect((await replay(baseURL!, '/api/documents')).status).toBe(200);
  expect((await replay(SECOND, '/api/documents')).status).toBe(200);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.pathname === '/signin');

  // The instance that signed out refuses the copy at once; the other within milliseconds (NOTIFY).
  expect((await replay(baseURL!, '/api/documents')).status).toBe(401);
  const soon = { timeout: 2_000, intervals: [10, 20, 50, 100] };
  await expect.poll(async () => (await replay(SECOND, '/api/documents')).status, soon).toBe(401);
  // next-auth's own endpoint neither names the user nor renews the cookie for it.
  expect(JSON.parse((await replay(baseURL!, '/api/auth/session')).body)).toEqual({});

  // A browser carrying the copy is sent to sign in.
  const thief = await browser.newContext({ storageState: { cookies: [copied!], origins: [] } });
  const stolen = await thief.newPage();
  await stolen.goto('/');
  await expect(stolen).toHaveURL(/\/signin/);
  await thief.close();

  // Signing in again is a new session, unaffected.
  await page.getByLabel('Email').fill(analyst.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByTestId('current-user')).toContainText(analyst.name);
  expect((await page.request.get('/api/documents')).status()).toBe(200);
  await context.close();
});

test('a sign-out the server cannot record fails in sight, and the session goes on until it can', async ({ analystPage }) => {
  const { page, api, analyst } = await analystPage('Stuck Stan');
  await page.goto('/');
  await expect(page.getByTestId('current-user')).toContainText(analyst.name);
  // The database refuses to record ended sessions for a while (no other spec signs out).
  const database = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await database.connect();
  const refuse = async (on: boolean) =>
    on
      ? database.query(`CREATE OR REPLACE FUNCTION e2e_refuse_sign_out() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'e2e: no sign-outs now'; END; $$ LANGUAGE plpgsql;
          CREATE TRIGGER "EndedSession_e2e_refused" BEFORE INSERT ON "EndedSession" FOR EACH ROW EXECUTE FUNCTION e2e_refuse_sign_out()`)
      : database.query(`DROP TRIGGER IF EXISTS "EndedSession_e2e_refused" ON "EndedSession"; DROP FUNCTION IF EXISTS e2e_refuse_sign_out()`);
  try {
    await refuse(true);
    await page.getByRole('button', { name: 'Sign out' }).click();
    // Not sent to sign in as if signed out: told, still signed in, the cookie kept.
    await expect(page.getByRole('alert').filter({ hasText: 'Not signed out' })).toBeVisible();
    expect(new URL(page.url()).pathname).toBe('/');
    expect((await api.get('/api/documents')).status()).toBe(200);

    await refuse(false);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/signin');
    expect((await api.get('/api/documents')).status()).toBe(401);
  } finally {
    await refuse(false);
    await database.end();
  }
});
