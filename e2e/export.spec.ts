// Export from the browser (with progress) and over HTTP.
import { readFileSync } from 'node:fs';
import { DOCUMENTS, documentByTitle, expect, target, test } from './fixtures';

const QUOTE = 'Supreme State Council';

test('an analyst exports their annotations as CSV and W3C JSON-LD', async ({ analystPage }) => {
  const { page, analyst } = await analystPage('Exporter');
  const api = page.context().request;
  const doc = await documentByTitle(api, DOCUMENTS.scripted[0]);
  const created = await api.post('/api/annotations', {
    data: { document: doc.slug, kind: 'FACT', target: target(doc.text, QUOTE), note: '=2+2, "quoted"', fact: { status: 'VERIFIED' } },
  });
  expect(created.status()).toBe(201);

  await page.goto('/export');
  await page.getByLabel('Format').selectOption('csv');
  await page.getByLabel('Analyst').selectOption({ label: analyst.name });
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('assay-annotations.csv');
  await expect(page.getByRole('status')).toHaveText('1 of 1 annotations');
  const csv = readFileSync((await file.path())!, 'utf8');
  const lines = csv.trim().split('\r\n');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(`${doc.slug},`);
  expect(lines[1]).toContain(`"'=2+2, ""quoted"""`);

  const w3c = await api.get(`/api/export?format=w3c&analyst=${analyst.id}`);
  expect(w3c.headers()['content-type']).toBe('application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"');
  const collection = await w3c.json();
  expect(collection).toMatchObject({ type: 'AnnotationCollection', total: 1 });
  expect(collection.first.items[0].target.selector[0]).toMatchObject({ type: 'TextQuoteSelector', exact: QUOTE });
  expect((await api.get('/api/export?format=xml')).status()).toBe(400);
});
