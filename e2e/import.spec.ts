// Import from the export page: an analyst's own export, after the annotation was deleted, is
// checked (dry run: 1 to create) and imported; the annotation is back. Also the Annotation
// Protocol container over HTTP (paging headers, ETag → 304).
import { DOCUMENTS, documentByTitle, expect, target, test } from './fixtures';

const QUOTE = 'held in the form of a video conference';

test('an analyst re-imports their exported annotation after deleting it', async ({ analystPage }) => {
  const { page, analyst } = await analystPage('Importer');
  const api = page.context().request;
  const doc = await documentByTitle(api, DOCUMENTS.scripted[0]);
  const created = await api.post('/api/annotations', {
    data: { document: doc.slug, kind: 'CLAIM', target: target(doc.text, QUOTE), note: 'Round trip', claim: { credibility: 2 } },
  });
  expect(created.status()).toBe(201);
  const { id } = await created.json();

  const container = await api.get(`/api/annotations?analyst=${analyst.id}`);
  expect(container.headers()['content-type']).toBe('application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"');
  expect(await container.json()).toMatchObject({ type: ['BasicContainer', 'AnnotationCollection'], total: 1, first: { items: [{ id: expect.stringContaining(id) }] } });
  const etag = container.headers().etag;
  expect((await api.get(`/api/annotations?analyst=${analyst.id}`, { headers: { 'If-None-Match': etag } })).status()).toBe(304);

  await page.goto('/export');
  await page.getByLabel('Analyst').selectOption({ label: analyst.name });
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('assay-annotations.jsonld');

  expect((await api.delete(`/api/annotations/${id}`)).status()).toBe(204);
  expect(await (await api.get(`/api/annotations?analyst=${analyst.id}`)).json()).toMatchObject({ total: 0 });

  await page.getByLabel('File').setInputFiles((await file.path())!);
  await page.getByRole('button', { name: 'Check (dry run)' }).click();
  await expect(page.getByText('Dry run: 1 to create, 0 already there, 0 cannot be placed')).toBeVisible();
  await expect(page.getByText(`claim on ${doc.slug}: “${QUOTE}” by ${analyst.email}`)).toBeVisible();
  expect(await (await api.get(`/api/annotations?analyst=${analyst.id}`)).json()).toMatchObject({ total: 0 });

  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByText('Imported: 1 created, 0 already there, 0 cannot be placed')).toBeVisible();
  const back = await (await api.get(`/api/documents/${doc.slug}/annotations?author=${analyst.id}`)).json();
  expect(back).toMatchObject([{ kind: 'CLAIM', note: 'Round trip', claim: { credibility: 2 }, target: { exact: QUOTE } }]);

  // The same file again: nothing new.
  await page.getByRole('button', { name: 'Check (dry run)' }).click();
  await expect(page.getByText('Dry run: 0 to create, 1 already there, 0 cannot be placed')).toBeVisible();
  expect((await api.post('/api/import', { data: { hello: 'world' } })).status()).toBe(400);
});
