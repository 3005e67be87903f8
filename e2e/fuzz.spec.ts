// A seeded, bounded fuzz of the HTTP API (fast-check): a few thousand malformed requests — odd
// methods, path segments and percent-encodings, query values, If-Match and Content-Type headers,
// bodies that are not JSON, JSON that is not an object, or objects carrying NUL or lone surrogates —
// as a stranger and as a signed-in analyst. None may answer 5xx, and no row may change.
import fc from 'fast-check';
import pg from 'pg';
import { expect, test } from '@playwright/test';
import { createAnalyst, signIn } from './fixtures';

const TABLES = ['User', 'Document', 'Annotation', 'Source', 'AnnotationEvent', 'Reply', 'ApiToken', 'ReadingDone', 'ForecastQuestion', 'ForecastEntry', 'Invitation', 'SignupDomain'];

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
];
const NASTY = ['%00', '%ZZ', '%C0%AE', '%ED%A0%80', '%F0%9F%98%80', '..', '%2e%2e', '%2F', "'", '"', '<script>', '9'.repeat(30), '-1', '00000000-0000-0000-0000-000000000000'];

const segment = fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 12 }).filter((s) => s.isWellFormed()).map(encodeURIComponent));
const badString = fc.oneof(fc.constant('a\u0000b'), fc.constant('\ud800'), fc.constant('x\udfff'));
const body = fc.oneof(
  fc.string({ maxLength: 40 }).map((s) => `{${s}`), // not JSON
  fc.constantFrom('null', '[]', '0', '"x"', 'true', '{', '', '\u0000'),
  fc.jsonValue({ maxDepth: 2 }).filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)).map((v) => JSON.stringify(v)),
  fc.dictionary(fc.constantFrom('name', 'note', 'body', 'email', 'document', 'blind', 'statement'), badString, { minKeys: 1 }).map((v) => JSON.stringify(v).replace(/\\\\u/g, '\\u')),
);
const request = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'),
  route: fc.constantFrom(...ROUTES),
  segment,
  query: fc.array(fc.tuple(fc.constantFrom('document', 'kind', 'page', 'format', 'analysts', 'from', 'to', 'after', 'dryRun'), fc.oneof(segment, fc.constantFrom('a%00b', '%ED%A0%80', '%ZZ', '%C0%AE', '%F0%9F'))), { maxLength: 3 }),
  ifMatch: fc.option(fc.constantFrom('2147483648', '-5', 'W/"x"', '"1"', '1e9', '99999999999999999999'), { nil: undefined }),
  contentType: fc.constantFrom('application/json', 'text/plain', 'application/ld+json', 'multipart/form-data'),
  body,
  signedIn: fc.boolean(),
});

test('a few thousand malformed requests: no 5xx, no row changed', async ({ playwright, baseURL }) => {
  test.setTimeout(300_000);
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const anonymous = await playwright.request.newContext({ baseURL });
  const member = await playwright.request.newContext({ baseURL });
  const me = await createAnalyst(member, 'Fuzzer');
  await signIn(member, me.email);
  const before = await fingerprint(client);

  const failures: string[] = [];
  await fc.assert(
    fc.asyncProperty(request, async (r) => {
      const query = r.query.map(([k, v]) => `${k}=${v}`).join('&');
      const path = r.route.replace('{}', r.segment) + (query ? `?${query}` : '');
      const api = r.signedIn ? member : anonymous;
      const response = await api.fetch(path, {
        method: r.method,
        headers: { 'content-type': r.contentType, ...(r.ifMatch ? { 'if-match': r.ifMatch } : {}) },
        ...(['GET', 'HEAD', 'OPTIONS'].includes(r.method) ? {} : { data: r.body }),
        maxRedirects: 0,
      });
      if (response.status() >= 500) failures.push(`${r.method} ${path} → ${response.status()} ${(await response.text()).slice(0, 200)}`);
      return response.status() < 500;
    }),
    { seed: 12, numRuns: 2500, endOnFailure: true },
  );
  expect(failures).toEqual([]);
  expect(await fingerprint(client)).toEqual(before);
  await client.end();
});
