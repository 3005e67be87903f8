// Two analysts annotate the same passages, then the compare page shows where they agree and differ.
// Other runs of this test annotate the same passages; the page compares only this run's two analysts.
import type { Page } from '@playwright/test';
import { DOCUMENTS, documentByTitle, expect, target, test } from './fixtures';

const DOC_TITLE = DOCUMENTS.scripted[0];
const SAME = 'In addition, Lukashenka announced that Russia and Belarus would develop the potential for a joint grouping of military forces.';
const DIFFERENT = 'During the meeting, a new version of the Union State’s military doctrine was approved';

async function annotate(page: Page, slug: string, text: string, quote: string, kind: string, fields: object = {}) {
  const response = await page.request.post('/api/annotations', {
    data: { document: slug, kind, target: target(text, quote), ...fields },
  });
  expect(response.status(), await response.text()).toBe(201);
}

test('two analysts annotate the same passages; the compare page shows agreement, disagreement and κ', async ({ analystPage }) => {
  const { page: ann, analyst: a } = await analystPage('Ann Compare');
  const { page: bo, analyst: b } = await analystPage('Bo Compare');
  const { slug, text } = await documentByTitle(ann.request, DOC_TITLE);

  await annotate(ann, slug, text, SAME, 'CLAIM', { claim: { credibility: 2 } });
  await annotate(bo, slug, text, SAME.slice(0, -1), 'CLAIM', { claim: { credibility: 3 } });
  await annotate(ann, slug, text, DIFFERENT, 'FACT', { fact: { status: 'VERIFIED' } });
  await annotate(bo, slug, text, DIFFERENT, 'FORECAST', { forecast: { probability: 0.6, confidence: 'MODERATE' } });

  await ann.goto(`/documents/${slug}/compare?analysts=${a.id},${b.id}`);
  await expect(ann.getByRole('heading', { name: 'Compare analysts' })).toBeVisible();
  const rows = ann.locator('.cmp-table tbody tr');
  await expect(rows).toHaveCount(2);
  const same = rows.filter({ hasText: 'joint grouping of military forces' });
  await expect(same).toHaveAttribute('data-status', 'agree');
  await expect(same).toContainText('credibility 2');
  await expect(same).toContainText('credibility 3');
  const different = rows.filter({ hasText: 'military doctrine' });
  await expect(different).toHaveAttribute('data-status', 'kinds differ');
  await expect(different.locator('.cmp-cell').first()).toContainText('Fact');
  await expect(different.locator('.cmp-cell').nth(1)).toContainText('Forecast');

  const kappa = ann.getByRole('table', { name: "Cohen's kappa per pair" }).locator('.cmp-kappa').first();
  await expect(kappa).toHaveText(/^-?\d\.\d{3}$/);
  await expect(ann.locator('[data-stat="fleiss"]')).toContainText('2 analysts');

  // The row filter and the analyst chooser are a GET form.
  await ann.locator('select[name="show"]').selectOption('disagreements');
  await ann.getByRole('button', { name: 'Compare' }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-status', 'kinds differ');

  const csv = await ann.request.get(await ann.getByRole('link', { name: 'Download CSV' }).getAttribute('href') as string);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect(await csv.text()).toContain(`Cohen's kappa,sentence,,${a.name}; ${b.name},`);

  const json = await (await ann.request.get(`/api/documents/${slug}/agreement?analysts=${a.id},${b.id}`)).json();
  expect(json.sentences.cohen).toHaveLength(1);
  expect(typeof json.sentences.cohen[0].value).toBe('number');
  expect((await ann.request.get(`/api/documents/${slug}/agreement?analysts=nope`)).status()).toBe(400);
  expect((await ann.request.get(`/api/agreement?analysts=${a.id},${b.id}`)).status()).toBe(200);
});
