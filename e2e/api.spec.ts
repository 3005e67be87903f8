// The HTTP API door: status codes and error bodies a script relies on.
import { createAnalyst, DOCUMENTS, expect, signIn, target as targetOf, test } from './fixtures';

const DOC_TITLE = DOCUMENTS.scripted[1];
const QUOTE = 'Russia isn’t satisfied with the current level of cooperation';

test('documents and annotations over HTTP with session cookies', async ({ playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL });
  expect((await anonymous.get('/api/documents')).status()).toBe(401);
  const body = await (await anonymous.post('/api/annotations', { data: {} })).json();
  expect(body.error.code).toBe('UNAUTHENTICATED');

  const api = await playwright.request.newContext({ baseURL });
  const me = await createAnalyst(api, 'Scripted');
  await signIn(api, me.email);

  const documents = await (await api.get('/api/documents')).json();
  // The corpus, and whatever documents other specs have added meanwhile.
  expect(documents.length).toBeGreaterThanOrEqual(5);
  expect(documents[0]).toEqual(
    expect.objectContaining({ slug: expect.any(String), title: expect.any(String), textHash: expect.stringMatching(/^[0-9a-f]{64}$/), counts: expect.objectContaining({ CLAIM: expect.any(Number) }) }),
  );
  const doc = documents.find((d: { title: string }) => d.title === DOC_TITLE);
  const full = await (await api.get(`/api/documents/${doc.slug}`)).json();
  expect(full.content.type).toBe('doc');
  expect((await api.get('/api/documents/no-such-document')).status()).toBe(404);

  const target = targetOf(full.text, QUOTE);
  const { start } = target;

  const created = await api.post('/api/annotations', {
    data: { document: doc.slug, kind: 'CLAIM', target, claim: { attributedTo: 'The author', credibility: 2 } },
  });
  expect(created.status()).toBe(201);
  const annotation = await created.json();
  expect(annotation).toMatchObject({ kind: 'CLAIM', version: 1, author: { id: me.id }, claim: { credibility: 2 } });
  expect(created.headers().etag).toBe('"1"');

  const bad = await api.post('/api/annotations', { data: { document: doc.slug, kind: 'CLAIM', target: { ...target, start: start + 2 }, claim: { credibility: 7 } } });
  expect(bad.status()).toBe(400);
  expect(Object.keys((await bad.json()).error.fields)).toContain('claim.credibility');
  const notJson = await api.post('/api/annotations', { headers: { 'content-type': 'application/json' }, data: '{oops' });
  expect(notJson.status()).toBe(400);
  const huge = await api.post('/api/annotations', { data: { document: doc.slug, kind: 'CLAIM', target, note: 'x'.repeat(300_000) } });
  expect(huge.status()).toBe(413);

  const patched = await api.patch(`/api/annotations/${annotation.id}`, { headers: { 'If-Match': '"1"' }, data: { note: 'first edit' } });
  expect(patched.status()).toBe(200);
  expect((await patched.json()).version).toBe(2);
  const stale = await api.patch(`/api/annotations/${annotation.id}`, { headers: { 'If-Match': '1' }, data: { note: 'lost update' } });
  expect(stale.status()).toBe(409);
  expect((await stale.json()).error).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
  const noVersion = await api.patch(`/api/annotations/${annotation.id}`, { data: { note: 'x' } });
  expect(noVersion.status()).toBe(400);

  const listed = await (await api.get(`/api/documents/${doc.slug}/annotations?kind=CLAIM&author=${me.id}`)).json();
  expect(listed.map((a: { id: string }) => a.id)).toContain(annotation.id);
  expect((await api.get(`/api/documents/${doc.slug}/annotations?kind=NOPE`)).status()).toBe(400);

  const other = await playwright.request.newContext({ baseURL });
  const stranger = await createAnalyst(other, 'Stranger');
  await signIn(other, stranger.email);
  expect((await other.delete(`/api/annotations/${annotation.id}`)).status()).toBe(403);

  expect((await api.delete(`/api/annotations/${annotation.id}`)).status()).toBe(204);
  expect((await api.get(`/api/annotations/${annotation.id}`)).status()).toBe(404);
  const history = await (await api.get(`/api/annotations/${annotation.id}/history`)).json();
  expect(history.map((h: { type: string }) => h.type)).toEqual(['CREATED', 'UPDATED', 'DELETED']);
});

test('search over HTTP: ranked results, the server time in Server-Timing, 400 for no words', async ({ playwright, baseURL }) => {
  const api = await playwright.request.newContext({ baseURL });
  const me = await createAnalyst(api, 'Searcher');
  await signIn(api, me.email);
  const found = await api.get(`/api/search?q=${encodeURIComponent('integration Belarus')}`);
  expect(found.status()).toBe(200);
  const answer = await found.json();
  expect(answer).toMatchObject({ page: 1, pageSize: 20 });
  expect(answer.total).toBeGreaterThan(0);
  expect(answer.results[0]).toMatchObject({ document: { slug: expect.any(String) }, snippet: expect.any(String) });
  // What the bench reports as server time (issue #9).
  expect(found.headers()['server-timing']).toMatch(/^search;dur=\d+(\.\d+)?$/);
  const empty = await api.get('/api/search?q=');
  expect(empty.status()).toBe(400);
  expect((await empty.json()).error.code).toBe('INVALID');
});
