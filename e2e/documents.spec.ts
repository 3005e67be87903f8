// Bringing your own documents (issue #9) in a real browser: an analyst uploads a Markdown file and
// a PDF (made by pdf-lib), previews and saves each, highlights a passage in each, finds a word of
// her note through the header's search box and lands on the passage; another analyst's open
// library shows the new document live; a revision moves a highlight and the panel lists an orphan.
// Every document here is new and this spec's own, so nothing is shared with other specs.
import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { makePdf } from '@/test/documents';
import { expect, selectWithMouse, target, test } from './fixtures';

async function upload(page: Page, file: { name: string; mimeType: string; buffer: Buffer }, title: string) {
  await page.goto('/');
  await page.getByText('Add document', { exact: true }).click();
  const form = page.getByTestId('add-document');
  await form.getByLabel('Upload a file').check();
  await form.getByLabel(/^File/).setInputFiles(file);
  await form.getByRole('button', { name: 'Preview' }).click();
  await expect(form.getByRole('heading', { name: `Preview: ${title}` })).toBeVisible();
  await form.getByRole('button', { name: 'Save document' }).click();
  await expect(page).toHaveURL(/\/documents\/[a-z0-9-]+$/);
  await expect(page.locator('.reader-text')).toBeVisible();
  return new URL(page.url()).pathname.split('/').pop()!;
}

async function highlight(page: Page, quote: string, note?: string) {
  await expect(page.locator('.reader-text')).toContainText(quote);
  await selectWithMouse(page, quote);
  await expect(page.getByRole('toolbar', { name: 'Tag selection' })).toBeVisible();
  await page.keyboard.press('1');
  const form = page.getByRole('dialog', { name: 'New claim' });
  if (note) await form.getByLabel('Note').fill(note);
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form).toBeHidden();
  await expect(page.locator('.hl-claim.hl-mine', { hasText: quote })).toHaveCount(1);
}

test('upload Markdown and PDF, preview, save, highlight, search a note, see it live elsewhere, revise', async ({ analystPage }) => {
  test.setTimeout(120_000);
  const tag = randomUUID().slice(0, 8);
  const word = `quetzal${tag}`;
  const { page, api } = await analystPage('Dana');
  const other = await analystPage('Emil');
  await other.page.goto('/');
  await expect(other.page.getByRole('heading', { name: 'Library' })).toBeVisible();

  // Markdown.
  const mdTitle = `Pipeline Politics ${tag}`;
  const MOVES = 'the transit fees were renegotiated twice';
  const GOES = 'a clause on arbitration that nobody used';
  const markdown = [
    `# ${mdTitle}`,
    '',
    `Between 2015 and 2020 ${MOVES} under pressure from Moscow.`,
    '',
    `The treaty also had ${GOES} in the end.`,
  ].join('\n');
  const mdSlug = await upload(page, { name: `pipeline-${tag}.md`, mimeType: 'text/markdown', buffer: Buffer.from(markdown) }, mdTitle);
  await expect(page.locator('.reader-text h1')).toHaveText(mdTitle);

  // The other analyst's library, open all along, shows it without a reload.
  await expect(other.page.getByRole('link', { name: mdTitle })).toBeVisible();

  await highlight(page, MOVES, `The ${word} estimate of the fees is doubtful.`);
  const { text } = await (await api.get(`/api/documents/${mdSlug}`)).json();
  const orphan = await api.post('/api/annotations', { data: { document: mdSlug, kind: 'FACT', target: target(text, GOES) } });
  expect(orphan.status()).toBe(201);

  // PDF.
  const pdfTitle = `Grain Routes ${tag}`;
  const PDF_QUOTE = 'exports moved to the northern railway';
  const pdf = await makePdf(
    [
      { heading: pdfTitle, paragraphs: [['After the border closed, most grain', `${PDF_QUOTE} within a month.`]] },
      { paragraphs: [['The second page adds detail on tariffs.']] },
      { paragraphs: [['The third page concludes.']] },
    ],
    { header: `Working paper ${tag}` },
  );
  await upload(page, { name: `grain-${tag}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from(pdf) }, pdfTitle);
  await expect(page.locator('.reader-text')).not.toContainText('Working paper');
  await highlight(page, PDF_QUOTE);

  // Search: `/` focuses the header's box; the result opens the reader on the passage.
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: 'Search' })).toBeFocused();
  await page.keyboard.type(word);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=/);
  const results = page.getByTestId('search-results');
  await expect(results.locator('li')).toHaveCount(1);
  await expect(results.locator('mark')).toHaveText(word);
  await results.getByRole('link', { name: new RegExp(`Annotation · claim in ${mdTitle}`) }).click();
  await expect(page).toHaveURL(new RegExp(`/documents/${mdSlug}#annotation-[0-9a-f-]{36}$`));
  await expect(page.locator('.hl-selected', { hasText: MOVES })).toBeVisible();

  // Revise: a new paragraph moves the highlight; the arbitration clause is gone. The other analyst
  // has the document open meanwhile.
  await other.page.goto(`/documents/${mdSlug}`);
  await expect(other.page.locator('.reader-text h1')).toHaveText(mdTitle);
  await page.getByText(/^Revise \(revision 1\)/).click();
  const revise = page.getByTestId('revise-document');
  await revise.getByRole('textbox', { name: 'Text', exact: true }).fill([`# ${mdTitle}`, '', 'A new opening paragraph was added in this revision.', '', `Between 2015 and 2020 ${MOVES} under pressure from Moscow.`].join('\n'));
  await revise.getByRole('button', { name: 'Preview' }).click();
  await expect(revise.getByTestId('reanchor-report')).toContainText('2 annotations: 0 in place, 1 moved, 0 placed by fuzzy match, 1 cannot be placed');
  await revise.getByRole('button', { name: 'Save revision' }).click();
  await expect(page.locator('.reader-text')).toContainText('A new opening paragraph');
  await expect(page.locator('.hl-claim.hl-mine')).toHaveText(MOVES);
  await expect(page.locator('.cards.orphans .card')).toContainText(GOES);
  await expect(page.getByText(/^Revise \(revision 2\)/)).toBeVisible();

  // The other analyst's open reader is told, and reloads onto the new text.
  const told = other.page.getByText(/This document has been revised \(revision 2\) since you opened it/);
  await expect(told).toBeVisible();
  await expect(other.page.locator('.reader-text')).not.toContainText('A new opening paragraph');
  await other.page.getByRole('button', { name: 'Reload' }).click();
  await expect(other.page.locator('.reader-text')).toContainText('A new opening paragraph');
  await expect(told).toHaveCount(0);
  await expect(page.getByText(/This document has been revised/)).toHaveCount(0);
});
