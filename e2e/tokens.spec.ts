// Personal API tokens: made in settings, used as `Authorization: Bearer`, revoked.
import { createAnalyst, DOCUMENTS, expect, signIn, test } from './fixtures';

test('a token made in settings works on the API with its owner’s permissions until revoked', async ({ analystPage, playwright, baseURL }) => {
  const { page } = await analystPage('Tokenholder');
  await page.goto('/settings');
  await page.getByLabel('Token name').fill('my script');
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = (await page.getByTestId('new-token').textContent())!;
  expect(token).toMatch(/^assay_/);
  await expect(page.getByRole('row', { name: /my script/ })).toContainText('never');

  const script = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  const documents = await (await script.get('/api/documents')).json();
  // The corpus, and whatever documents other specs have added meanwhile.
  expect(documents.length).toBeGreaterThanOrEqual(5);
  const { slug: scripted } = documents.find((d: { title: string }) => d.title === DOCUMENTS.scripted[1]);
  const { text, slug } = await (await script.get(`/api/documents/${scripted}`)).json();
  const exact = [...text].slice(0, 20).join('');
  const created = await script.post('/api/annotations', { data: { document: slug, kind: 'CLAIM', target: { start: 0, end: 20, exact } } });
  expect(created.status()).toBe(201);

  // Someone else's annotation: the token carries only its owner's rights.
  const other = await playwright.request.newContext({ baseURL });
  const stranger = await createAnalyst(other, 'Stranger');
  await signIn(other, stranger.email);
  const theirs = await (await other.post('/api/annotations', { data: { document: slug, kind: 'FACT', target: { start: 0, end: 20, exact } } })).json();
  expect((await script.delete(`/api/annotations/${theirs.id}`)).status()).toBe(403);

  await page.reload();
  await expect(page.getByRole('row', { name: /my script/ })).not.toContainText('never');
  await page.getByRole('button', { name: 'Revoke my script' }).click();
  await expect(page.getByRole('row', { name: /my script/ })).toContainText('revoked');
  expect((await script.get('/api/documents')).status()).toBe(401);
  const wrong = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: 'Bearer assay_not-a-token' } });
  expect((await wrong.get('/api/documents')).status()).toBe(401);
});
