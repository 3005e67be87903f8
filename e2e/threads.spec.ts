// Two analysts discuss an annotation in its thread: each reply, edit and deletion by one appears
// in the other's open side panel without reloading. Annotations, cards and replies are found by id:
// other tests annotate the same words of this document.
import { DOCUMENTS, documentByTitle, expect, span, test } from './fixtures';

test('replies in an annotation’s thread appear live for the other analyst', async ({ analystPage }) => {
  const ana = await analystPage('Thread Ana');
  const ben = await analystPage('Thread Ben');

  // Ana's annotation is made over the API: the thread, not the highlighting, is under test here.
  const { slug, text } = await documentByTitle(ana.api, DOCUMENTS.scripted[1]);
  const created = await ana.page.request.post('/api/annotations', {
    data: { document: slug, kind: 'FACT', target: span(text, 0, 12), note: 'thread test' },
  });
  expect(created.status()).toBe(201);
  const { id } = await created.json();

  await ben.page.goto(`/documents/${slug}`);
  const benCard = ben.page.locator(`[data-annotation-card="${id}"]`);
  await benCard.getByRole('button', { name: 'Replies (0)' }).click();
  await expect(benCard.getByLabel('Your reply')).toBeVisible();

  await ana.page.goto(`/documents/${slug}`);
  const anaCard = ana.page.locator(`[data-annotation-card="${id}"]`);
  await anaCard.getByRole('button', { name: 'Replies (0)' }).click();
  await anaCard.getByLabel('Your reply').fill('Is there a second source for this?');
  await anaCard.getByRole('button', { name: 'Reply', exact: true }).click();
  await expect(anaCard.locator('.reply')).toContainText('Is there a second source for this?');

  const anaReply = benCard.locator('.reply', { hasText: 'Is there a second source for this?' });
  await expect(anaReply).toContainText(ana.analyst.name, { timeout: 5000 });
  await expect(benCard.getByRole('button', { name: 'Replies (1)' })).toBeVisible();
  // Not Ben's to change.
  await expect(anaReply.getByRole('button', { name: 'Edit reply' })).toHaveCount(0);

  await benCard.getByLabel('Your reply').fill('Yes: the ministry’s report.');
  await benCard.getByRole('button', { name: 'Reply', exact: true }).click();
  await expect(anaCard.locator('.reply', { hasText: 'Yes: the ministry’s report.' })).toContainText(ben.analyst.name, { timeout: 5000 });
  await expect(anaCard.getByRole('button', { name: 'Replies (2)' })).toBeVisible();

  // Ana edits and then deletes her reply; Ben's panel follows.
  // By id: while it is being edited, its text is in a textarea and no longer matches.
  const replyId = await anaCard.locator('.reply', { hasText: 'Is there a second source for this?' }).getAttribute('data-reply');
  const mine = anaCard.locator(`[data-reply="${replyId}"]`);
  await mine.getByRole('button', { name: 'Edit reply' }).click();
  await mine.getByLabel('Edit reply').fill('Is there an independent source for this?');
  await mine.getByRole('button', { name: 'Save reply' }).click();
  await expect(benCard.locator('.reply', { hasText: 'Is there an independent source for this?' })).toContainText('(edited)', { timeout: 5000 });

  ana.page.once('dialog', (dialog) => dialog.accept());
  await mine.getByRole('button', { name: 'Delete reply' }).click();
  await expect(benCard.locator('.reply')).toHaveCount(1, { timeout: 5000 });
  await expect(benCard.getByRole('button', { name: 'Replies (1)' })).toBeVisible();

  // What was said is there after a reload too.
  await ben.page.reload();
  await ben.page.locator(`[data-annotation-card="${id}"]`).getByRole('button', { name: 'Replies (1)' }).click();
  await expect(ben.page.locator(`[data-annotation-card="${id}"] .reply`)).toContainText('Yes: the ministry’s report.');
});

test('replies over HTTP: list, create, edit with If-Match, delete', async ({ analystPage }) => {
  const { page } = await analystPage('Thread Scripted');
  const api = page.request;
  const doc = await documentByTitle(api, DOCUMENTS.scripted[1]);
  const annotation = await (await api.post('/api/annotations', { data: { document: doc.slug, kind: 'CLAIM', target: span(doc.text, 0, 8) } })).json();

  const created = await api.post(`/api/annotations/${annotation.id}/replies`, { data: { body: 'First!' } });
  expect(created.status()).toBe(201);
  expect(created.headers().etag).toBe('"1"');
  const reply = await created.json();
  expect((await api.post(`/api/annotations/${annotation.id}/replies`, { data: { body: ' ' } })).status()).toBe(400);
  expect((await api.post('/api/annotations/00000000-0000-4000-8000-000000000000/replies', { data: { body: 'x' } })).status()).toBe(404);

  const edited = await api.patch(`/api/replies/${reply.id}`, { data: { body: 'Second thoughts' }, headers: { 'If-Match': '"1"' } });
  expect(edited.status()).toBe(200);
  expect(edited.headers().etag).toBe('"2"');
  expect((await api.patch(`/api/replies/${reply.id}`, { data: { body: 'stale' }, headers: { 'If-Match': '1' } })).status()).toBe(409);
  expect((await (await api.get(`/api/annotations/${annotation.id}/replies`)).json())).toMatchObject([{ id: reply.id, body: 'Second thoughts', version: 2 }]);

  expect((await api.delete(`/api/replies/${reply.id}`, { headers: { 'If-Match': '2' } })).status()).toBe(204);
  expect(await (await api.get(`/api/annotations/${annotation.id}/replies`)).json()).toEqual([]);
  const history = await (await api.get(`/api/annotations/${annotation.id}/history`)).json();
  expect(history.map((h: { type: string; reply?: { id: string } }) => [h.type, h.reply?.id ?? null])).toEqual([
    ['CREATED', null],
    ['CREATED', reply.id],
    ['UPDATED', reply.id],
    ['DELETED', reply.id],
  ]);
});
