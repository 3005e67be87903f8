// Hostile analysts and hostile documents (the browser side of issue: XSS, dangerous links, open
// redirects). Every text a user controls that another user sees is written with markup, event
// handlers and script URLs in it; every page that shows it is then opened in Chromium, which must
// show it as text: no injected element, no script run, no link whose scheme could run code.
import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { createAnalyst, expect, newIdentity, PASSWORD, signIn, target, test } from './fixtures';

/** Markup that would run if any of it reached the page as HTML. `tag` makes each copy findable. */
const hostile = (tag: string) =>
  `${tag} "><img src=x data-xss onerror="window.__xss=1;alert(1)"><svg data-xss onload=alert(1)></svg><script data-xss>window.__xss=1</script><a data-xss href="javascript:alert(1)">x</a>`;

/** Scheme-based attacks, as analysts would type them into a URL field. */
const SCRIPT_URLS = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  'java\tscript:alert(1)',
  'java\nscript:alert(1)',
  'javascript&colon;alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
];

/** Whatever would make a page unsafe: injected elements, a script that ran, a link or form to a script URL. */
async function unsafeParts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    if ((window as unknown as { __xss?: number }).__xss) found.push('a script ran (window.__xss)');
    for (const el of document.querySelectorAll('[data-xss]')) found.push(`injected <${el.tagName.toLowerCase()}>`);
    for (const el of document.querySelectorAll('*')) {
      for (const attr of el.attributes) {
        if (/^on/i.test(attr.name)) found.push(`<${el.tagName.toLowerCase()} ${attr.name}>`);
      }
    }
    for (const el of document.querySelectorAll('a[href], area[href], form[action], iframe, object, embed, base, meta[http-equiv]')) {
      const url = el.getAttribute('href') ?? el.getAttribute('action') ?? '';
      // React's own placeholder on a form whose action is a function (a server action), never followed.
      if (el.tagName === 'FORM' && url === "javascript:throw new Error('React form unexpectedly submitted.')") continue;
      if (['IFRAME', 'OBJECT', 'EMBED', 'BASE', 'META'].includes(el.tagName)) found.push(`<${el.tagName.toLowerCase()}>`);
      else if (!/^(https?:|\/|#|\?|$)/i.test(url.trim()) || /^\/[\\/]/.test(url.trim())) found.push(`<${el.tagName.toLowerCase()}> to ${url}`);
    }
    return found;
  });
}

/** Opens `path` and expects nothing unsafe on it (and no dialog while it was open). */
async function expectSafe(page: Page, path: string, dialogs: string[]) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(400);
  await page.waitForLoadState('networkidle');
  expect(await unsafeParts(page), path).toEqual([]);
  expect(dialogs, path).toEqual([]);
}

test('hostile text from analysts and documents is shown as text on every page', async ({ browser, admin }) => {
  test.setTimeout(120_000);
  // A hostile analyst: their display name is markup too.
  const context = await browser.newContext();
  const api = context.request;
  const { email } = newIdentity('Mallory');
  const signUp = await api.post('/api/users', { data: { email, name: hostile('NAME').slice(0, 100), password: PASSWORD } });
  expect(signUp.status(), await signUp.text()).toBe(201);
  const mallory = await signUp.json();
  await signIn(api, email);

  // A hostile document, pasted as HTML: the title and the body carry markup.
  const html = `<p>Plain opening paragraph about the treaty of ${randomUUID()}.</p>
    <p>The union state will deepen integration by 2030, officials said.</p>
    <p>Second paragraph <b onmouseover="alert(1)">bold</b> <a href="javascript:alert(1)">link</a> <iframe srcdoc="<script>alert(1)</script>"></iframe>
    <object data="javascript:alert(1)"></object><form action="javascript:alert(1)"><input></form><base href="https://evil.example/">
    <meta http-equiv="refresh" content="0;url=javascript:alert(1)"><div style="background:url(javascript:alert(1))">styled</div>
    <svg><script>alert(1)</script></svg><img src=x onerror=alert(1)></p>`;
  const added = await api.post('/api/documents', { data: { format: 'html', content: html, title: hostile('TITLE') } });
  expect(added.status(), await added.text()).toBe(201);
  const { slug } = await added.json();
  const doc = await (await api.get(`/api/documents/${slug}`)).json();
  expect(doc.text).not.toMatch(/alert/);

  // Every URL field refuses script schemes.
  for (const url of SCRIPT_URLS) {
    const refused = await api.post('/api/annotations', {
      data: { document: slug, kind: 'FACT', target: target(doc.text, 'Plain opening'), sources: [{ url, relation: 'SUPPORTS' }] },
    });
    expect(refused.status(), url).toBe(400);
  }

  const source = (tag: string) => ({ url: 'https://example.org/a', title: hostile(`${tag}-TITLE`), publisher: hostile(`${tag}-PUB`).slice(0, 200), excerpt: hostile(`${tag}-EXCERPT`), relation: 'SUPPORTS', reliability: 'B' });
  const claim = await api.post('/api/annotations', {
    data: { document: slug, kind: 'CLAIM', target: target(doc.text, 'Plain opening paragraph'), note: hostile('NOTE'), claim: { attributedTo: hostile('ATTRIB'), credibility: 2 }, sources: [source('S1')] },
  });
  expect(claim.status(), await claim.text()).toBe(201);
  const claimId = (await claim.json()).id;
  const forecast = await api.post('/api/annotations', {
    data: {
      document: slug,
      kind: 'FORECAST',
      target: target(doc.text, 'The union state will deepen integration by 2030'),
      note: hostile('FNOTE'),
      forecast: { statement: hostile('STATEMENT'), criteria: hostile('CRITERIA'), probability: 0.4, confidence: 'LOW', resolveBy: '2030-12-31' },
      sources: [source('S2')],
    },
  });
  expect(forecast.status(), await forecast.text()).toBe(201);
  const forecastView = await forecast.json();
  expect((await api.post(`/api/annotations/${claimId}/replies`, { data: { body: hostile('REPLY') } })).status()).toBe(201);

  // A W3C file whose evidence link names a passage nobody here has: its IRI is kept as the source's URL.
  const w3c = {
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    type: 'AnnotationCollection',
    first: { type: 'AnnotationPage', items: [
      {
        type: 'Annotation',
        body: [
          { type: 'TextualBody', purpose: 'tagging', value: 'claim' },
          { type: 'TextualBody', purpose: 'commenting', value: hostile('IMPORTED') },
          { type: 'SpecificResource', purpose: 'linking', source: `javascript:alert(document.domain)//api/annotations/${randomUUID()}`, title: 'imported link' },
        ],
        target: { source: `${new URL(added.url()).origin}/documents/${slug}`, selector: [{ type: 'TextQuoteSelector', exact: 'Second paragraph' }] },
      },
    ] },
  };
  // Before: the IRI was kept as the source's URL unchecked, and the reader showed it as a link.
  const imported = await api.post('/api/import', { data: w3c });
  expect(imported.status(), await imported.text()).toBe(400);
  expect((await imported.json()).error.fields).toEqual({ 'items.0.sources.0.url': expect.any(String) });
  // The same link as a web address is kept (an evidence link to nothing the importer sees: its IRI is the URL).
  w3c.first.items[0].body[2].source = `https://elsewhere.example/api/annotations/${randomUUID()}`;
  expect((await api.post('/api/import', { data: w3c })).status()).toBe(200);

  // The admin resolves with a script "source", clarifies and records a consensus with markup.
  const questionId = forecastView.forecast.questionId;
  {
    expect((await admin.api.post(`/api/forecasts/${questionId}/clarifications`, { data: { text: hostile('CLARIFY') } })).status()).toBe(201);
    // The resolution's source is free text ("Reuters, 3 May"); it is a link only when it is a web address.
    expect((await admin.api.post(`/api/forecasts/${questionId}/resolution`, { data: { outcome: 'YES', note: hostile('RESOLVED'), source: 'javascript:alert(1)' } })).status()).toBe(200);
  }

  // Another analyst reads it all.
  const reader = await browser.newContext();
  const victim = await createAnalyst(reader.request, 'Victim');
  await signIn(reader.request, victim.email);
  const page = await reader.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  for (const path of ['/', `/documents/${slug}`, `/documents/${slug}/compare`, '/compare', '/disagreements', '/forecasts', '/leaderboard', `/analysts/${mallory.id}`, '/search?q=NOTE', '/search?q=alert', '/search?q=img+onerror', '/export']) {
    await expectSafe(page, path, dialogs);
  }
  // The reader's cards, once their details are in: the imported source is there, as text.
  await page.goto(`/documents/${slug}`);
  await expect(page.locator('.reader-text')).toBeVisible();
  await expect(page.getByText('imported link')).toBeVisible();
  await expect(page.getByText('S1-EXCERPT', { exact: false })).toBeVisible();
  expect(await unsafeParts(page)).toEqual([]);
  // The admin's pages list the hostile account.
  const adminDialogs: string[] = [];
  admin.page.on('dialog', (dialog) => {
    adminDialogs.push(dialog.message());
    void dialog.dismiss();
  });
  for (const path of ['/admin/users', '/admin/security']) await expectSafe(admin.page, path, adminDialogs);
  await reader.close();
  await context.close();
});

test('signing in never leaves the site, whatever callbackUrl says', async ({ browser, baseURL }) => {
  const context = await browser.newContext();
  // Nothing may reach another site: any request there is answered here and recorded.
  const left: string[] = [];
  await context.route(/^https?:\/\/(?!localhost|127\.0\.0\.1)/, (route) => {
    left.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>evil</h1>' });
  });
  const analyst = await createAnalyst(context.request, 'Redirected');
  const page = await context.newPage();
  for (const callbackUrl of ['https://evil.example/', '//evil.example/', '/\\evil.example/', '\\\\evil.example/', '/\t/evil.example/', '/.//evil.example/', ' //evil.example/', 'javascript:alert(1)', '/%2F%2Fevil.example']) {
    await context.clearCookies();
    await page.goto(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
    await page.getByLabel('Email').fill(analyst.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((url) => url.pathname !== '/signin' || url.origin !== new URL(baseURL!).origin);
    expect(new URL(page.url()).origin, JSON.stringify(callbackUrl)).toBe(new URL(baseURL!).origin);
  }
  expect(left).toEqual([]);
  // A path of our own is followed.
  await context.clearCookies();
  await page.goto(`/signin?callbackUrl=${encodeURIComponent('/forecasts?sort=spread')}`);
  await page.getByLabel('Email').fill(analyst.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL('**/forecasts?sort=spread');
  await context.close();
});

test('every HTML answer carries the Content-Security-Policy, not-found pages and /favicon.ico included', async ({ request }) => {
  for (const path of ['/signin', '/no-such-page', '/favicon.ico', '/documents/no-such-document']) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.headers()['content-security-policy'], path).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(response.headers()['x-frame-options'], path).toBe('DENY');
  }
});
