// Issue #10's journey: three analysts differ in their judgments inside the same kinds; the compare
// page and the disagreement queue show it; the lead records a consensus the reader shows; an
// analyst cites a fact in another document as evidence and jumps to it.
import type { Page } from '@playwright/test';
import { ADMIN_EMAIL, expect, PASSWORD, test } from './fixtures';

const CLAIM = 'Russia wants to take advantage of Belarus’ international isolation after the rigging of last year’s presidential elections as that country is increasingly dependent on it.';
const FORECAST = 'In this case, however, partial concessions can be expected from Russia because it wants to sign the integration documents this autumn';
const FACT = 'On 19 December 2022, Vladimir Putin paid his first visit to Minsk in three years';

async function findDocument(page: Page, quote: string) {
  const documents: { slug: string }[] = await (await page.request.get('/api/documents')).json();
  for (const { slug } of documents) {
    const { text } = await (await page.request.get(`/api/documents/${slug}`)).json();
    if (text.includes(quote)) return { slug, text: text as string };
  }
  throw new Error(`no document quotes "${quote}"`);
}

async function annotate(page: Page, doc: { slug: string; text: string }, quote: string, kind: string, fields: object = {}) {
  const start = [...doc.text.slice(0, doc.text.indexOf(quote))].length;
  const response = await page.request.post('/api/annotations', {
    data: { document: doc.slug, kind, target: { start, end: start + [...quote].length, exact: quote }, ...fields },
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { id: string; version: number };
}

test('judgments differ, the queue lists them first, the lead records consensus, and an analyst cites evidence', async ({ browser, analystPage }) => {
  const { page: ann, analyst: a } = await analystPage('Ann Judges');
  const { page: bo, analyst: b } = await analystPage('Bo Judges');
  const { page: cy, analyst: c } = await analystPage('Cy Judges');
  const doc = await findDocument(ann, CLAIM);
  const other = await findDocument(ann, FACT);

  const claims = [];
  for (const [page, credibility, probability] of [[ann, 2, 0.2], [bo, 2, 0.25], [cy, 5, 0.8]] as const) {
    claims.push(await annotate(page, doc, CLAIM, 'CLAIM', { claim: { credibility } }));
    await annotate(page, doc, FORECAST, 'FORECAST', { forecast: { probability } });
  }

  // The compare page: both rows "judgments differ", with the gaps.
  await ann.goto(`/documents/${doc.slug}/compare?analysts=${a.id},${b.id},${c.id}`);
  const rows = ann.locator('.cmp-table tbody tr');
  await expect(rows).toHaveCount(2);
  const claimRow = rows.filter({ hasText: 'international isolation' });
  await expect(claimRow).toHaveAttribute('data-status', 'judgments differ');
  await expect(claimRow).toContainText('credibility 2 vs 2 vs 5 (3 steps apart)');
  const forecastRow = rows.filter({ hasText: 'partial concessions' });
  await expect(forecastRow).toHaveAttribute('data-status', 'judgments differ');
  await expect(forecastRow).toContainText('60 points');
  await expect(ann.locator('[data-tolerance]')).toContainText('credibility within 1 step');
  await expect(ann.locator('[data-stat="judgment-credibility"]')).toContainText('α ordinal');

  // The queue lists them first.
  await ann.getByRole('link', { name: 'Disagreement queue' }).click();
  await ann.goto(`/disagreements?document=${doc.slug}&analyst=${a.id}`);
  const queued = ann.locator('[data-testid="disagreements"] tbody tr');
  await expect(queued).toHaveCount(2);
  await expect(queued.nth(0)).toHaveAttribute('data-status', 'judgments differ');
  await expect(queued.nth(1)).toHaveAttribute('data-status', 'judgments differ');
  const api = await (await ann.request.get(`/api/disagreements?document=${doc.slug}&analyst=${a.id}`)).json();
  expect(api.rows.map((r: { status: string }) => r.status)).toEqual(['judgments differ', 'judgments differ']);

  // Analysts may not record consensus; the lead does, from the compare page.
  const refused = await ann.request.post(`/api/documents/${doc.slug}/consensus`, { data: { settles: [] } });
  expect(refused.status()).toBe(403);
  const lead = await (await browser.newContext()).newPage();
  const { csrfToken } = await (await lead.request.get('/api/auth/csrf')).json();
  await lead.request.post('/api/auth/callback/credentials', { form: { csrfToken, email: ADMIN_EMAIL, password: PASSWORD, json: 'true' } });
  await lead.goto(`/documents/${doc.slug}/compare?analysts=${a.id},${b.id},${c.id}`);
  const leadRow = lead.locator('.cmp-table tbody tr').filter({ hasText: 'international isolation' });
  await leadRow.getByText('Record consensus').click();
  await leadRow.getByLabel('Kind').selectOption('CLAIM');
  await leadRow.getByLabel('Credibility (claims, 1–6)').fill('2');
  await leadRow.getByLabel('Rationale').fill('Two independent reports agree');
  await leadRow.getByRole('button', { name: 'Save consensus' }).click();
  await expect(leadRow.locator('.cmp-consensus-cell')).toContainText('credibility 2');
  await expect(lead.getByTestId('consensus')).toContainText('Two independent reports agree');

  // The reader shows it, in its own style.
  await ann.goto(`/documents/${doc.slug}`);
  await expect(ann.locator('.card.consensus')).toContainText('Team consensus');

  // Evidence: bo's fact in another document, found by its text, cited by ann's claim.
  const fact = await annotate(bo, other, FACT, 'FACT', { fact: { status: 'VERIFIED' } });
  const found = await (await ann.request.get(`/api/passages?q=${encodeURIComponent('first visit to Minsk')}`)).json();
  expect(found.map((p: { id: string }) => p.id)).toContain(fact.id);
  const cite = await ann.request.patch(`/api/annotations/${claims[0].id}`, {
    headers: { 'If-Match': String(claims[0].version) },
    data: { sources: [{ annotation: fact.id, relation: 'SUPPORTS', reliability: 'B' }] },
  });
  expect(cite.status(), await cite.text()).toBe(200);
  await ann.goto(`/documents/${doc.slug}`);
  const card = ann.locator(`[data-annotation-card="${claims[0].id}"]`);
  await expect(card.locator('.linked-passage')).toContainText('first visit to Minsk');
  await card.locator('.linked-passage a').click();
  await expect(ann).toHaveURL(new RegExp(`/documents/${other.slug}#annotation-${fact.id}`));
  const target = ann.locator(`[data-annotation-card="${fact.id}"]`);
  await expect(target).toHaveClass(/selected/);
  await expect(target.locator('[data-cited-by]')).toContainText('claim by Ann Judges');
});
