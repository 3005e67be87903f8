// A seeded, bounded fuzz of the HTTP API (fast-check): a few thousand malformed requests — odd
// methods, path segments and percent-encodings, query values, If-Match and Content-Type headers,
// bodies that are not JSON, JSON that is not an object, objects carrying NUL or lone surrogates, or
// fields of the wrong type or out of range —
// as a stranger, as a signed-in analyst and as an admin. None may answer 5xx, and no row may change.
import fc from 'fast-check';
import pg from 'pg';
import { expect, test } from '@playwright/test';
import { ADMIN_EMAIL, createAnalyst, DOCUMENTS, documentByTitle, phrase, signIn } from './fixtures';

// Every table a request could change (SecurityEvent and RateLimit record refused requests by design).
const TABLES = [
  'User', 'Document', 'DocumentRevision', 'DocumentPassage', 'Annotation', 'Source', 'AnnotationEvent', 'Reply', 'ApiToken', 'ReadingDone',
  'ForecastQuestion', 'ForecastEntry', 'ForecastSummary', 'ForecastScore', 'ForecastClarification', 'ForecastReopening', 'Invitation', 'SignupDomain',
  'DisagreementReview',
];

async function fingerprint(client: pg.Client): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of TABLES) {
    const { rows } = await client.query(`SELECT count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS f FROM "${table}" t`);
    result[table] = rows[0].f;
  }
  return result;
}

const ROUTES = [
  '/api/documents/{}', '/api/documents/{}/annotations', '/api/documents/{}/blind', '/api/documents/{}/reading', '/api/documents/{}/agreement',
  '/api/annotations', '/api/annotations/', '/api/annotations/{}', '/api/annotations/{}/replies', '/api/annotations/{}/history',
  '/api/replies/{}', '/api/tokens', '/api/tokens/{}', '/api/users', '/api/import', '/api/export', '/api/forecasts', '/api/forecasts/{}',
  '/api/forecasts/{}/entries', '/api/forecasts/{}/resolution', '/api/agreement', '/api/invitations', '/api/invitations/{}', '/api/signup-domains/{}', '/api/{}',
  '/api/documents/{}/compare', '/api/documents/{}/consensus', '/api/documents/{}/consensus/{}', '/api/documents/{}/revisions', '/api/documents/{}/restore',
  '/api/disagreements', '/api/passages', '/api/search', '/api/leaderboard', '/api/security-log', '/api/signup-domains', '/api/forecasts/{}/clarifications',
  '/api/forecasts/{}/reopen', '/api/library',
];
const NASTY = ['%00', '%ZZ', '%C0%AE', '%ED%A0%80', '%F0%9F%98%80', '..', '%2e%2e', '%2F', "'", '"', '<script>', '9'.repeat(30), '-1', '00000000-0000-0000-0000-000000000000'];

const segment = fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 12 }).filter((s) => s.isWellFormed()).map(encodeURIComponent));
const badString = fc.oneof(fc.constant('a\u0000b'), fc.constant('\ud800'), fc.constant('x\udfff'));
const body = fc.oneof(
  fc.string({ maxLength: 40 }).map((s) => `{${s}`), // not JSON
  fc.constantFrom('null', '[]', '0', '"x"', 'true', '{', '', '\u0000'),
  fc.jsonValue({ maxDepth: 2 }).filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)).map((v) => JSON.stringify(v)),
  fc.dictionary(fc.constantFrom('name', 'note', 'body', 'email', 'document', 'blind', 'statement', 'exact', 'kind', 'rationale', 'state', 'text'), badString, { minKeys: 1 }).map((v) => JSON.stringify(v).replace(/\\\\u/g, '\\u')),
  // Objects whose fields have the wrong types or values out of range.
  fc
    .dictionary(
      fc.constantFrom('start', 'end', 'exact', 'kind', 'settles', 'sources', 'claim', 'fact', 'forecast', 'target', 'questionId', 'probability', 'role', 'state', 'outcome'),
      fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(-1, 1e300, 2 ** 31, 0.5, 'CLAIM', [{ annotation: 'x' }], [{ url: 'javascript:alert(1)' }], ['00000000-0000-0000-0000-000000000000'])),
      { minKeys: 1 },
    )
    .map((v) => JSON.stringify(v)),
);
const request = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'),
  route: fc.constantFrom(...ROUTES),
  segment,
  query: fc.array(fc.tuple(fc.constantFrom('document', 'kind', 'page', 'format', 'analysts', 'analyst', 'state', 'set', 'q', 'sort', 'score', 'table', 'revision', 'limit', 'from', 'to', 'after', 'dryRun'), fc.oneof(segment, fc.constantFrom('a%00b', '%ED%A0%80', '%ZZ', '%C0%AE', '%F0%9F'))), { maxLength: 3 }),
  ifMatch: fc.option(fc.constantFrom('2147483648', '-5', 'W/"x"', '"1"', '1e9', '99999999999999999999'), { nil: undefined }),
  contentType: fc.constantFrom('application/json', 'text/plain', 'application/ld+json', 'multipart/form-data'),
  body,
  as: fc.constantFrom('stranger', 'analyst', 'admin'),
});

test('a few thousand malformed requests: no 5xx, no row changed', async ({ playwright, baseURL }) => {
  test.setTimeout(300_000);
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const anonymous = await playwright.request.newContext({ baseURL });
  const member = await playwright.request.newContext({ baseURL });
  const me = await createAnalyst(member, 'Fuzzer');
  await signIn(member, me.email);
  const admin = await playwright.request.newContext({ baseURL });
  await signIn(admin, ADMIN_EMAIL);
  const before = await fingerprint(client);

  const failures: string[] = [];
  await fc.assert(
    fc.asyncProperty(request, async (r) => {
      const query = r.query.map(([k, v]) => `${k}=${v}`).join('&');
      const path = r.route.replaceAll('{}', r.segment) + (query ? `?${query}` : '');
      const api = r.as === 'admin' ? admin : r.as === 'analyst' ? member : anonymous;
      const response = await api.fetch(path, {
        method: r.method,
        headers: { 'content-type': r.contentType, ...(r.ifMatch ? { 'if-match': r.ifMatch } : {}) },
        ...(['GET', 'HEAD', 'OPTIONS'].includes(r.method) ? {} : { data: r.body }),
        maxRedirects: 0,
      });
      if (response.status() >= 500) failures.push(`${r.method} ${path} → ${response.status()} ${(await response.text()).slice(0, 200)}`);
      return response.status() < 500;
    }),
    { seed: Number(process.env.FUZZ_SEED ?? 12), numRuns: 2500, endOnFailure: true },
  );
  expect(failures).toEqual([]);
  expect(await fingerprint(client)).toEqual(before);
  await client.end();
});

// The same on real resources (a corpus document, an annotation and its reply), so the bodies reach
// the services' validation rather than stopping at a 404: fields of the wrong type or out of range,
// as an analyst and as an admin. None may answer 5xx, and no row may change.
const wrongFields = fc
  .dictionary(
    fc.constantFrom('document', 'start', 'end', 'exact', 'kind', 'target', 'settles', 'sources', 'claim', 'fact', 'forecast', 'note', 'body', 'questionId', 'probability', 'name', 'email', 'role', 'state', 'blind', 'title', 'text'),
    // Never a bare string or boolean, which a free-text field (a note, a reply) or a switch (blind)
    // would rightly take: every body here must be refused.
    fc.oneof(
      fc.jsonValue({ maxDepth: 2 }).filter((v) => typeof v !== 'string' && typeof v !== 'boolean'),
      fc.constantFrom(-1, 1e300, 2 ** 31, 0.5, 7, { start: 0, end: 2 ** 40, exact: 'x' }, [{ annotation: 'x' }], [{ annotation: '00000000-0000-0000-0000-000000000000' }], [{ url: 'javascript:alert(1)' }], { credibility: 9 }, { probability: 1.5 }, { status: 'MAYBE' }),
    ),
    { minKeys: 1 },
  )
  .map((v) => JSON.stringify(v));

test('wrong fields sent to real resources: no 5xx, no row changed', async ({ playwright, baseURL }) => {
  test.setTimeout(300_000);
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const member = await playwright.request.newContext({ baseURL });
  const me = await createAnalyst(member, 'Field fuzzer');
  await signIn(member, me.email);
  const admin = await playwright.request.newContext({ baseURL });
  await signIn(admin, ADMIN_EMAIL);
  const doc = await documentByTitle(member, DOCUMENTS.scripted[0]);
  const exact = phrase(doc.text, 0, 12);
  const start = [...doc.text.slice(0, doc.text.indexOf(exact))].length;
  const created = await member.post('/api/annotations', { data: { document: doc.slug, kind: 'FACT', target: { start, end: start + [...exact].length, exact }, fact: { status: 'UNVERIFIED' } } });
  expect(created.status()).toBe(201);
  const annotation = (await created.json()).id as string;
  const replied = await member.post(`/api/annotations/${annotation}/replies`, { data: { body: 'A reply' } });
  expect(replied.status()).toBe(201);
  const reply = (await replied.json()).id as string;
  const targets = [
    ['POST', '/api/annotations'], ['PATCH', `/api/annotations/${annotation}`], ['POST', `/api/annotations/${annotation}/replies`], ['PATCH', `/api/replies/${reply}`],
    ['POST', `/api/documents/${doc.slug}/consensus`], ['PATCH', `/api/documents/${doc.slug}`], ['PUT', `/api/documents/${doc.slug}/blind`], ['POST', '/api/forecasts'],
    ['POST', '/api/tokens'], ['POST', '/api/invitations'], ['PATCH', '/api/users'], ['POST', '/api/documents'],
  ] as const;
  const before = await fingerprint(client);
  const failures: string[] = [];
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...targets), fc.boolean(), wrongFields, fc.option(fc.constantFrom('"1"', '"2"', '1'), { nil: undefined }), async ([method, path], asAdmin, body, ifMatch) => {
      const response = await (asAdmin ? admin : member).fetch(path, { method, headers: { 'content-type': 'application/json', ...(ifMatch ? { 'if-match': ifMatch } : {}) }, data: body });
      if (response.status() >= 500) failures.push(`${method} ${path} ${body} → ${response.status()} ${(await response.text()).slice(0, 200)}`);
      else if (response.status() < 300) failures.push(`${method} ${path} ${body} → ${response.status()} (accepted)`);
      return response.status() < 500;
    }),
    { seed: Number(process.env.FUZZ_SEED ?? 12), numRuns: 1500, endOnFailure: true },
  );
  expect(failures).toEqual([]);
  expect(await fingerprint(client)).toEqual(before);
  await client.end();
});
