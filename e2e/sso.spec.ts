// Single sign-on (issue 12) against a real OpenID Connect provider that scripts/e2e.ts starts
// (e2e/idp.ts): the whole browser round trip — Assay's sign-in page, the provider's login and
// consent pages, the code exchange with PKCE and state, the ID token checked — for a new account,
// for an existing account matched by its verified email, and refused for an unverified email.
import { type Page, expect, test } from '@playwright/test';
import { createAnalyst, newIdentity } from './fixtures';

const PROVIDER = process.env.OIDC_NAME ?? 'E2E identity provider';

/** Signs in through the provider as `login` (its email claim), from Assay's sign-in page. */
async function signInThroughProvider(page: Page, login: string) {
  await page.goto('/signin');
  await page.getByRole('button', { name: `Sign in with ${PROVIDER}` }).click();
  // The provider's own pages, on its own origin: its login form, then (the first time) its consent.
  await page.waitForURL((url) => url.hostname === '127.0.0.1' && url.pathname.startsWith('/interaction/'));
  const loginPage = page.url();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => url.href !== loginPage);
  if (new URL(page.url()).hostname === '127.0.0.1') await page.locator('button[type="submit"]').click();
}

test('a new analyst signs in through the identity provider and has an account', async ({ page }) => {
  const { email } = newIdentity('Sso New');
  await signInThroughProvider(page, email);
  await page.waitForURL((url) => url.hostname === 'localhost' && url.pathname === '/');
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  const me = await (await page.request.get('/api/auth/session')).json();
  expect(me.user).toMatchObject({ email, name: `SSO ${email.split('@')[0]}` });
  // The account works in the API like any other.
  const documents = await page.request.get('/api/documents');
  expect(documents.status()).toBe(200);
});

test('an existing account is matched by its verified email: the same person, not a second account', async ({ page, request }) => {
  const analyst = await createAnalyst(request, 'Sso Existing');
  await signInThroughProvider(page, analyst.email);
  await page.waitForURL((url) => url.hostname === 'localhost' && url.pathname === '/');
  const me = await (await page.request.get('/api/auth/session')).json();
  expect(me.user).toMatchObject({ id: analyst.id, email: analyst.email, name: analyst.name });
});

test('an email the provider has not verified is refused, with a reason on the sign-in page', async ({ page }) => {
  const { email } = newIdentity('unverified');
  await signInThroughProvider(page, email);
  await page.waitForURL((url) => url.hostname === 'localhost' && url.pathname === '/signin');
  await expect(page.getByRole('alert').filter({ hasText: 'no Assay account for that email' })).toBeVisible();
  const me = await (await page.request.get('/api/auth/session')).json();
  expect(me.user).toBeUndefined();
});
