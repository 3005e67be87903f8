// Issue #13: each app instance keeps the actors and API tokens it has seen in memory
// (lib/users/actors.ts). A role change or a token revoked through one instance holds on the
// other at once (within milliseconds): the database NOTIFYs every instance in the transaction that
// makes the change.
// The probes are writes with an empty body: a writer gets 400 (the body is checked), a viewer
// 403 (who, then whether, then the body), an unknown or revoked token 401; nothing is written.
import { createAnalyst, expect, signIn, test } from './fixtures';

const SECOND = process.env.E2E_SECOND_URL!;

test('a demotion and a revocation made on one instance hold at once on the other', async ({ admin, playwright, baseURL }) => {
  const first = await playwright.request.newContext({ baseURL });
  const analyst = await createAnalyst(first, 'Cached Carla');
  await signIn(first, analyst.email);
  const created = await first.post('/api/tokens', { data: { name: 'two instances' } });
  expect(created.status()).toBe(201);
  const { token, id: tokenId } = await created.json();

  // The second instance learns both the session's user and the token's, and keeps them.
  const second = await playwright.request.newContext({ baseURL: SECOND });
  await signIn(second, analyst.email);
  const script = await playwright.request.newContext({ baseURL: SECOND, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  for (let i = 0; i < 3; i++) {
    expect((await second.post('/api/annotations', { data: {} })).status()).toBe(400);
    expect((await script.post('/api/annotations', { data: {} })).status()).toBe(400);
  }

  // An admin on the first instance makes her a viewer; the server action answers once it is committed.
  await admin.page.goto('/admin/users');
  const saved = admin.page.waitForResponse((response) => response.request().method() === 'POST' && response.url().includes('/admin/users'));
  await admin.page.getByLabel(`Role of ${analyst.name}`).first().selectOption('VIEWER');
  const response = await saved;
  expect(response.ok()).toBe(true);
  // The action has answered. Its streamed body is not waited for: in one CI run under load,
  // response.finished() waited out the whole test timeout (cause not found; the test passes alone),
  // and what this test is about is the poll below, which allows for the commit still being moments away.
  // The notification reaches the second instance a few milliseconds after the commit, on a
  // connection of its own, and may lose that race with the next request on a busy machine; what
  // must hold is that the change reaches it without a new sign-in, well before the JWT expires.
  const soon = { timeout: 2_000, intervals: [10, 20, 50, 100] };
  await expect.poll(async () => (await second.post('/api/annotations', { data: {} })).status(), soon).toBe(403);
  await expect.poll(async () => (await script.post('/api/annotations', { data: {} })).status(), soon).toBe(403);
  expect((await script.get('/api/documents')).status()).toBe(200);

  // She revokes the token on the first instance: the second refuses it on its next requests.
  expect((await first.delete(`/api/tokens/${tokenId}`)).status()).toBe(200);
  await expect.poll(async () => (await script.get('/api/documents')).status(), soon).toBe(401);
  expect((await second.get('/api/documents')).status()).toBe(200);
});
