// Blind first, then reveal (issue #3): an admin puts a document in blind mode; two analysts tag the
// same passage differently; each sees only their own work until they mark their reading done; then
// everyone's appears and the compare page shows the disagreement.
// Blind mode hides others' work from everyone on the document, so this spec has the document to
// itself (DOCUMENTS.blind), and its project in playwright.config.ts runs it one at a time: a second
// run would switch blind mode off under the first. Earlier runs' annotations stay there, all
// made the same way; what is checked is this run's analysts' work.
import { DOCUMENTS, documentByTitle, expect, target, test } from './fixtures';

const QUOTE = 'Russia will have a permanent military presence in Belarus';

test('two analysts in blind mode see only their own work until done, then compare', async ({ admin, analystPage }) => {
  const document = await documentByTitle(admin.api, DOCUMENTS.blind);
  const doc = { slug: document.slug, target: target(document.text, QUOTE) };
  const adminPage = admin.page;
  try {
    await adminPage.goto(`/documents/${doc.slug}`);
    await expect(adminPage.locator('.reader-text')).toContainText(QUOTE); // the editor exists once the page is live
    await adminPage.getByLabel('Blind mode').check();
    await expect(adminPage.getByTestId('reading-bar')).toContainText('You see only your own annotations');

    const ana = await analystPage('Ana Blind');
    const boris = await analystPage('Boris Blind');
    const anaClaim = await ana.page.request.post('/api/annotations', {
      data: { document: doc.slug, kind: 'CLAIM', target: doc.target, claim: { attributedTo: 'the author', credibility: 2 } },
    });
    expect(anaClaim.status()).toBe(201);
    const borisFact = await boris.page.request.post('/api/annotations', {
      data: { document: doc.slug, kind: 'FACT', target: doc.target, fact: { status: 'UNVERIFIED' } },
    });
    expect(borisFact.status()).toBe(201);
    const borisId = (await borisFact.json()).id;

    // Before done: only her own, in the reader, the API and the compare page.
    await ana.page.goto(`/documents/${doc.slug}`);
    await expect(ana.page.locator('.reader-text')).toContainText(QUOTE);
    await expect(ana.page.getByTestId('reading-bar')).toContainText('Blind mode.');
    await expect(ana.page.locator('.card', { hasText: QUOTE })).toHaveCount(1);
    await expect(ana.page.locator('.card', { hasText: boris.analyst.name })).toHaveCount(0);
    expect((await ana.page.request.get(`/api/annotations/${borisId}`)).status()).toBe(404);
    expect((await ana.page.request.get(`/api/documents/${doc.slug}/agreement`)).status()).toBe(403);

    await ana.page.getByRole('button', { name: 'Mark my reading done' }).click();
    await expect(ana.page.locator('.card', { hasText: boris.analyst.name })).toHaveCount(1);
    // His highlight is drawn, and the tooltip over it names him.
    await expect(ana.page.locator(`[data-annotation-card="${borisId}"]`)).toHaveCount(1);
    await ana.page.locator('.hl-fact', { hasText: 'permanent military presence' }).first().hover();
    await expect(ana.page.getByRole('tooltip')).toContainText(`Fact · ${boris.analyst.name}`);

    // Boris has not finished: still only his own.
    await boris.page.goto(`/documents/${doc.slug}`);
    await expect(boris.page.locator('.card', { hasText: QUOTE })).toHaveCount(1);
    await expect(boris.page.locator('.card', { hasText: ana.analyst.name })).toHaveCount(0);
    await expect(boris.page.getByTestId('reading-bar')).toContainText('Compare opens when your reading is done');

    await ana.page.getByRole('link', { name: 'Compare analysts' }).click();
    await expect(ana.page).toHaveURL(new RegExp(`/documents/${doc.slug}/compare`));
    const row = ana.page.locator('[data-status="kinds differ"]', { hasText: 'permanent military presence' });
    await expect(row).toContainText('Claim');
    await expect(row).toContainText('Fact');
    await expect(ana.page.getByRole('region', { name: 'Passages side by side' }).locator('thead')).toContainText(ana.analyst.name);
    await expect(ana.page.getByRole('region', { name: 'Passages side by side' }).locator('thead')).toContainText(boris.analyst.name);
  } finally {
    const off = await admin.api.put(`/api/documents/${doc.slug}/blind`, { data: { blind: false } });
    expect(off.status()).toBe(200);
  }
});
