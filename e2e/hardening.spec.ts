// Issue 12's probes over HTTP, each as an attacker or an operator would make it: no input makes a
// 500, who-and-whether before parsing, blind 404s for every method, sign-in limits, headers,
// same-origin JSON writes, source URL schemes, JSON 404/405, and the Annotation Protocol.
import { type APIRequestContext, expect, test } from '@playwright/test';
import { ADMIN_EMAIL, createAnalyst, PASSWORD, signIn } from './fixtures';

// On the document blind mode may switch (DOCUMENTS.blind): this spec runs in the serial 'blind' project.
const QUOTE = 'The talks also concerned new economic integration programmes';

async function analyst(playwright: { request: { newContext(o: object): Promise<APIRequestContext> } }, baseURL: string | undefined, name: string) {
  const api = await playwright.request.newContext({ baseURL });
  const me = await createAnalyst(api, name);
  await signIn(api, me.email);
  return { api, me };
}

async function firstDocument(api: APIRequestContext) {
  const documents = await (await api.get('/api/documents')).json();
  const doc = documents.find((d: { title: string }) => d.title.startsWith('Belarus And Russia Move to The Next Stage'));
  const full = await (await api.get(`/api/documents/${doc.slug}`)).json();
  const start = [...full.text.slice(0, full.text.indexOf(QUOTE))].length;
  return { slug: doc.slug as string, target: { start, end: start + [...QUOTE].length, exact: QUOTE } };
}

const jsonError = async (response: { status(): number; headers(): Record<string, string>; text(): Promise<string> }) => {
  expect(response.headers()['content-type']).toContain('application/json');
  return JSON.parse(await response.text()).error as { code: string; message: string; fields?: Record<string, string> };
};

test('no input makes a 500: NUL, lone surrogates, huge versions, bad percent-encoding, hostile file names, null bodies', async ({ playwright, baseURL }) => {
  const { api } = await analyst(playwright, baseURL, 'Prober');
  const { slug, target } = await firstDocument(api);

  const nul = await api.post('/api/annotations', { data: { document: slug, kind: 'FACT', target, note: 'a\u0000b' } });
  expect(nul.status()).toBe(400);
  expect((await jsonError(nul)).fields).toHaveProperty('note');
  const surrogate = await api.post('/api/annotations', { headers: { 'content-type': 'application/json' }, data: `{"document":"${slug}","kind":"FACT","target":${JSON.stringify(target)},"note":"\\ud800"}` });
  expect(surrogate.status()).toBe(400);
  expect((await jsonError(surrogate)).fields).toHaveProperty('note');
  const tokenName = await api.post('/api/tokens', { data: { name: 'x\u0000' } });
  expect(tokenName.status()).toBe(400);

  for (const path of ['/api/documents/%00', '/api/export?document=%00', '/api/documents/%ZZ', '/api/documents/%C0%AE', '/api/documents/%ED%A0%80']) {
    const response = await api.get(path);
    expect(response.status(), path).toBe(400);
    await jsonError(response);
  }
  const anonymousBad = await (await playwright.request.newContext({ baseURL })).get('/api/documents/%ZZ');
  expect(anonymousBad.status()).toBe(400);

  const created = await (await api.post('/api/annotations', { data: { document: slug, kind: 'FACT', target } })).json();
  for (const version of ['2147483648', '99999999999999999999', '-1', 'abc']) {
    expect((await api.patch(`/api/annotations/${created.id}`, { headers: { 'If-Match': version }, data: { note: 'x' } })).status(), version).toBe(400);
    expect((await api.delete(`/api/annotations/${created.id}`, { headers: { 'If-Match': version } })).status(), version).toBe(400);
  }
  const reply = await (await api.post(`/api/annotations/${created.id}/replies`, { data: { body: 'hello' } })).json();
  expect((await api.patch(`/api/replies/${reply.id}`, { headers: { 'If-Match': '2147483648' }, data: { body: 'x' } })).status()).toBe(400);

  for (const name of ['😀', 'a\r\nSet-Cookie: x=1', 'a";filename="evil.html']) {
    const response = await api.get(`/api/export?format=jsonl&document=${encodeURIComponent(name)}`);
    expect(response.status(), name).toBeLessThan(500);
    const disposition = response.headers()['content-disposition'];
    if (disposition) expect(disposition.match(/filename="/g) ?? []).toHaveLength(1);
  }

  const nullBody = await api.post('/api/users', { headers: { 'content-type': 'application/json' }, data: 'null' });
  expect(nullBody.status()).toBe(400);

  // A page POSTed "multipart/form-data" that is not form data (Next.js reads it as a server action's form).
  for (const type of ['multipart/form-data', 'multipart/form-data; boundary=abc', 'multipart/form-data; boundary=']) {
    for (const path of ['/', '/documents', '/..']) {
      const response = await api.fetch(path, { method: 'POST', headers: { 'content-type': type }, data: '{G;UyE#tX)', maxRedirects: 0 });
      expect(response.status(), `${path} ${type}`).toBe(400);
    }
  }
});

test('framework errors on /api are JSON: unknown paths 404, other methods 405 with Allow', async ({ request }) => {
  const missing = await request.get('/api/no-such-thing/at/all');
  expect(missing.status()).toBe(404);
  expect((await jsonError(missing)).code).toBe('NOT_FOUND');
  const wrongMethod = await request.delete('/api/documents');
  expect(wrongMethod.status()).toBe(405);
  expect(wrongMethod.headers().allow).toContain('GET');
  expect((await jsonError(wrongMethod)).code).toBe('METHOD_NOT_ALLOWED');
});

test('who and whether before the body: 401 and 403 come before parsing; hidden is 404 for every method', async ({ playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL });
  const broken = { headers: { 'content-type': 'application/json' }, data: '{' };
  expect((await anonymous.post('/api/annotations', broken)).status()).toBe(401);
  expect((await anonymous.post('/api/tokens', broken)).status()).toBe(401);
  expect((await anonymous.put('/api/documents/x/blind', broken)).status()).toBe(401);
  // An anonymous 19 MiB import is refused before it is read.
  const big = `{"items":["${'x'.repeat(19 * 1024 * 1024)}"]}`;
  expect((await anonymous.post('/api/import', { headers: { 'content-type': 'application/json' }, data: big })).status()).toBe(401);

  // A viewer: 403, not 400.
  const admin = await playwright.request.newContext({ baseURL });
  await signIn(admin, ADMIN_EMAIL);
  // A viewer (invited as one): 403, not 400, on every write route.
  const invitation = await (await admin.post('/api/invitations', { data: { role: 'VIEWER' } })).json();
  const viewer = await playwright.request.newContext({ baseURL });
  const viewerEmail = `viewer-${Date.now()}@example.test`;
  expect((await viewer.post('/api/users', { data: { email: viewerEmail, name: 'Vera', password: PASSWORD, invitation: invitation.token } })).status()).toBe(201);
  await signIn(viewer, viewerEmail);
  expect((await viewer.post('/api/annotations', broken)).status()).toBe(403);
  expect((await viewer.patch('/api/annotations/00000000-0000-0000-0000-000000000000', broken)).status()).toBe(403);
  expect((await viewer.post('/api/import', broken)).status()).toBe(403);
  expect((await viewer.put('/api/documents/x/blind', broken)).status()).toBe(403);

  // Blind mode: Ben's annotation is absent for Ana, for GET, PATCH and DELETE alike.
  const { api: ana } = await analyst(playwright, baseURL, 'Ana');
  const { api: ben } = await analyst(playwright, baseURL, 'Ben');
  const { slug, target } = await firstDocument(ben);
  const hidden = await (await ben.post('/api/annotations', { data: { document: slug, kind: 'FACT', target } })).json();
  expect((await admin.put(`/api/documents/${slug}/blind`, { data: { blind: true } })).status()).toBe(200);
  try {
    expect((await ana.get(`/api/annotations/${hidden.id}`)).status()).toBe(404);
    expect((await ana.patch(`/api/annotations/${hidden.id}`, { headers: { 'If-Match': '1' }, data: { note: 'x' } })).status()).toBe(404);
    expect((await ana.delete(`/api/annotations/${hidden.id}`)).status()).toBe(404);
  } finally {
    await admin.put(`/api/documents/${slug}/blind`, { data: { blind: false } });
  }
});

test('failed sign-ins lock an account out with 429 and Retry-After; the admin reads it in the security log', async ({ playwright, baseURL }) => {
  const api = await playwright.request.newContext({ baseURL });
  const me = await createAnalyst(api, 'Forgetful');
  const attempt = async (password: string) => {
    const { csrfToken } = await (await api.get('/api/auth/csrf')).json();
    return api.post('/api/auth/callback/credentials', { form: { csrfToken, email: me.email, password, json: 'true' }, maxRedirects: 0 });
  };
  let locked = null;
  for (let i = 0; i < 20 && !locked; i++) {
    const response = await attempt('wrong password');
    if (response.status() === 429) locked = response;
  }
  expect(locked).not.toBeNull();
  expect(Number(locked!.headers()['retry-after'])).toBeGreaterThan(0);
  // The right password does not get through a lockout.
  expect((await attempt(PASSWORD)).status()).toBe(429);

  const admin = await playwright.request.newContext({ baseURL });
  await signIn(admin, ADMIN_EMAIL);
  const log = await (await admin.get('/api/security-log?limit=1000')).json();
  const mine = log.filter((e: { email: string }) => e.email === me.email).map((e: { type: string }) => e.type);
  expect(mine).toEqual(expect.arrayContaining(['lockout', 'sign-in-failed']));
  const { api: other } = await analyst(playwright, baseURL, 'Nosy');
  expect((await other.get('/api/security-log')).status()).toBe(403);
});

test('security headers on pages and API answers; no X-Powered-By', async ({ request }) => {
  for (const path of ['/signin', '/api/documents', '/api/no-such']) {
    const response = await request.get(path, { maxRedirects: 0 });
    const headers = response.headers();
    expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    expect(headers['referrer-policy'], path).toBeTruthy();
    expect(headers['permissions-policy'], path).toBeTruthy();
    expect(headers['x-powered-by'], path).toBeUndefined();
  }
  const page = await request.get('/signin');
  expect(page.headers()['content-security-policy']).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
});

test('cookie-authenticated writes need JSON from our own origin; token requests are exempt', async ({ playwright, baseURL }) => {
  const { api } = await analyst(playwright, baseURL, 'Csrf');
  const { slug, target } = await firstDocument(api);
  const body = JSON.stringify({ document: slug, kind: 'FACT', target });
  const evil = await api.post('/api/annotations', { headers: { 'content-type': 'text/plain', origin: 'https://evil.example' }, data: body });
  expect(evil.status()).toBe(403);
  const plain = await api.post('/api/annotations', { headers: { 'content-type': 'text/plain' }, data: body });
  expect(plain.status()).toBe(415);
  const crossJson = await api.post('/api/annotations', { headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, data: body });
  expect(crossJson.status()).toBe(403);
  const own = await api.post('/api/annotations', { headers: { 'content-type': 'application/json', origin: new URL(baseURL!).origin }, data: body });
  expect(own.status()).toBe(201);

  const { token } = await (await api.post('/api/tokens', { data: { name: 'script' } })).json();
  const bare = await playwright.request.newContext({ baseURL });
  const withToken = await bare.post('/api/annotations', { headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain', origin: 'https://elsewhere.example' }, data: body });
  expect(withToken.status()).toBe(201);
});

test('source URLs are http(s) only', async ({ playwright, baseURL }) => {
  const { api } = await analyst(playwright, baseURL, 'Sourcer');
  const { slug, target } = await firstDocument(api);
  for (const url of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)']) {
    const response = await api.post('/api/annotations', { data: { document: slug, kind: 'FACT', target, sources: [{ url, relation: 'SUPPORTS' }] } });
    expect(response.status(), url).toBe(400);
    expect(Object.keys((await jsonError(response)).fields ?? {})).toContain('sources.0.url');
  }
  expect((await api.post('/api/annotations', { data: { document: slug, kind: 'FACT', target, sources: [{ url: 'https://example.org/a', relation: 'SUPPORTS' }] } })).status()).toBe(201);
});

test('the Annotation Protocol: one annotation as W3C JSON-LD, the container with a slash and Content-Location, HEAD and OPTIONS', async ({ playwright, baseURL }) => {
  const { api } = await analyst(playwright, baseURL, 'Protocol');
  const { slug, target } = await firstDocument(api);
  const created = await (await api.post('/api/annotations', { data: { document: slug, kind: 'FACT', target } })).json();
  const MEDIA = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"';

  for (const accept of [MEDIA, 'application/ld+json']) {
    const response = await api.get(`/api/annotations/${created.id}`, { headers: { accept } });
    expect(response.status()).toBe(200);
    const h = response.headers();
    expect(h['content-type']).toBe(MEDIA);
    expect(h.etag).toBe('"1"');
    expect(h.link).toContain('<http://www.w3.org/ns/ldp#Resource>; rel="type"');
    expect(h.allow).toContain('GET');
    expect(h.vary).toContain('Accept');
    const body = await response.json();
    expect(body['@context']).toContain('http://www.w3.org/ns/anno.jsonld');
    expect(body).toMatchObject({ id: `${baseURL}/api/annotations/${created.id}`, type: 'Annotation' });
  }
  const plain = await api.get(`/api/annotations/${created.id}`, { headers: { accept: 'application/json' } });
  expect(plain.headers()['content-type']).toContain('application/json');
  expect(await plain.json()).toMatchObject({ id: created.id, version: 1 });

  const head = await api.head(`/api/annotations/${created.id}`, { headers: { accept: MEDIA } });
  expect(head.status()).toBe(200);
  expect(head.headers().etag).toBe('"1"');
  const options = await api.fetch(`/api/annotations/${created.id}`, { method: 'OPTIONS' });
  expect(options.status()).toBeLessThan(300);
  expect(options.headers().allow).toContain('PATCH');

  for (const path of ['/api/annotations/', '/api/annotations']) {
    const container = await api.get(`${path}?document=${slug}`, { headers: { accept: MEDIA }, maxRedirects: 0 });
    expect(container.status(), path).toBe(200);
    const body = await container.json();
    expect(new URL(body.id).pathname).toBe('/api/annotations/');
    expect(container.headers()['content-location']).toBe(body.id);
    expect(body.first).toMatchObject({ id: expect.any(String), type: 'AnnotationPage', partOf: body.id });
  }
  const containerOptions = await api.fetch('/api/annotations/', { method: 'OPTIONS' });
  expect(containerOptions.headers().allow).toContain('POST');
});
