import { describe, expect, it } from 'vitest';
import { bearerOf, checkWrite } from './csrf';

const own = ['http://app.test'];
const check = (method: string, pathname: string, headers: Record<string, string>) => checkWrite({ method, pathname, headers: new Headers(headers) }, own);
const json = { 'content-type': 'application/json', 'content-length': '2' };

describe('cookie-authenticated writes', () => {
  it('lets reads, Bearer-token requests and next-auth through', () => {
    expect(check('GET', '/api/annotations', { origin: 'https://evil.example' }).ok).toBe(true);
    expect(check('POST', '/api/annotations', { authorization: 'Bearer assay_x', 'content-type': 'text/plain', 'content-length': '2' }).ok).toBe(true);
    expect(check('POST', '/api/auth/callback/credentials', { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '9' }).ok).toBe(true);
  });

  it('refuses another origin (403) and a body that is not JSON (415)', () => {
    expect(check('POST', '/api/annotations', { ...json, origin: 'https://evil.example' })).toMatchObject({ ok: false, status: 403 });
    expect(check('POST', '/api/annotations', { ...json, 'sec-fetch-site': 'cross-site' })).toMatchObject({ ok: false, status: 403 });
    expect(check('POST', '/api/annotations', { 'content-type': 'text/plain', 'content-length': '2', origin: 'http://app.test' })).toMatchObject({ ok: false, status: 415 });
    expect(check('PATCH', '/api/annotations/x', { 'content-length': '2' })).toMatchObject({ ok: false, status: 415 });
  });

  it('accepts JSON from our own origin, and body-less writes', () => {
    expect(check('POST', '/api/annotations', { ...json, origin: 'http://app.test', 'sec-fetch-site': 'same-origin' }).ok).toBe(true);
    expect(check('POST', '/api/import', { 'content-type': 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"', 'content-length': '2' }).ok).toBe(true);
    expect(check('DELETE', '/api/annotations/x', { origin: 'http://app.test' }).ok).toBe(true);
  });

  it('accepts a same-origin file upload only where documents are added or revised', () => {
    const form = { 'content-type': 'multipart/form-data; boundary=x', 'content-length': '9' };
    expect(check('POST', '/api/documents', { ...form, origin: 'http://app.test', 'sec-fetch-site': 'same-origin' }).ok).toBe(true);
    expect(check('POST', '/api/documents/a-slug/revisions', { ...form, origin: 'http://app.test' }).ok).toBe(true);
    expect(check('POST', '/api/documents', { ...form, origin: 'https://evil.example' })).toMatchObject({ ok: false, status: 403 });
    expect(check('POST', '/api/documents', { ...form, 'sec-fetch-site': 'cross-site' })).toMatchObject({ ok: false, status: 403 });
    expect(check('POST', '/api/annotations', { ...form, origin: 'http://app.test' })).toMatchObject({ ok: false, status: 415 });
    expect(check('PUT', '/api/documents/a-slug/blind', { ...form, origin: 'http://app.test' })).toMatchObject({ ok: false, status: 415 });
  });

  it('refuses a server action posted from another origin (403), as Next.js would only by throwing (a 500)', () => {
    const action = { 'next-action': '40aac5bcd1031b7b3c2e08266e53ed55d64a20513d', 'content-type': 'text/plain;charset=UTF-8', 'content-length': '2' };
    expect(check('POST', '/settings', { ...action, origin: 'https://evil.example' })).toMatchObject({ ok: false, status: 403 });
    expect(check('POST', '/settings', { ...action, origin: 'null' })).toMatchObject({ ok: false, status: 403 });
    expect(check('POST', '/settings', { ...action, 'sec-fetch-site': 'cross-site' })).toMatchObject({ ok: false, status: 403 });
    expect(check('POST', '/settings', { ...action, authorization: 'Bearer assay_x', origin: 'https://evil.example' })).toMatchObject({ ok: false, status: 403 });
    // Our own pages' actions (text or form data, not JSON) pass, and so do page posts that are no action.
    expect(check('POST', '/settings', { ...action, origin: 'http://app.test', 'sec-fetch-site': 'same-origin' }).ok).toBe(true);
    expect(check('POST', '/signup', { ...action, 'content-type': 'multipart/form-data; boundary=x', origin: 'http://app.test' }).ok).toBe(true);
    expect(check('POST', '/settings', { 'content-type': 'text/plain', 'content-length': '2', origin: 'https://evil.example' }).ok).toBe(true);
  });

  it('exempts a Bearer request exactly when getActor reads its token and no cookie (bearerOf)', () => {
    expect(bearerOf(new Headers({ authorization: 'Bearer assay_abc' }))).toBe('assay_abc');
    // A token not shaped like ours is still the credential: getActor answers no one (401) rather than
    // falling back to the session cookie, which would then act exempt from the origin check.
    expect(bearerOf(new Headers({ authorization: 'bearer garbage' }))).toBe('garbage');
    expect(bearerOf(new Headers({ authorization: 'Basic YTpi' }))).toBeNull();
    expect(bearerOf(new Headers({ authorization: 'Bearer a b' }))).toBeNull();
    expect(bearerOf(new Headers())).toBeNull();
    for (const authorization of ['Bearer garbage', 'Basic YTpi', 'Bearer a b']) {
      const exempt = check('POST', '/api/annotations', { ...json, authorization, origin: 'https://evil.example' }).ok;
      expect(exempt).toBe(bearerOf(new Headers({ authorization })) !== null);
    }
  });
});
