// Forecast questions (issue #3): analysts forecast a question (others' numbers hidden until they give
// their own), an admin resolves it on the board, and the leaderboard ranks them by Brier score at close.
import { randomUUID } from 'node:crypto';
import type { APIRequestContext } from '@playwright/test';
import { DOCUMENTS, documentByTitle, expect, selectWithMouse, span, test } from './fixtures';

/**
 * 60 code points from the start of the second block of a scripted document. Other runs of the
 * board test forecast here too, each on a question of its own (`questionId: 'new'`).
 */
async function passage(api: APIRequestContext) {
  const document = await documentByTitle(api, DOCUMENTS.scripted[1]);
  const start = [...document.text.slice(0, document.text.indexOf('\n\n'))].length + 2;
  return { slug: document.slug, author: document.byline ?? `Author of “${document.title}”`, target: span(document.text, start, start + 60) };
}

test('analysts forecast a question, an admin resolves it on the board, the leaderboard ranks them', async ({ analystPage, admin }) => {
  const ann = await analystPage('Ann');
  const ben = await analystPage('Ben');
  const annApi = ann.page.context().request;
  const statement = `Checkable statement ${randomUUID()}`;
  const { slug, author, target } = await passage(annApi);

  const created = await annApi.post('/api/annotations', {
    data: { document: slug, kind: 'FORECAST', target, questionId: 'new', forecast: { statement, probability: 0.9, confidence: 'HIGH', resolveBy: '2022-12-31' } },
  });
  expect(created.status(), await created.text()).toBe(201);
  const questionId = (await created.json()).forecast.questionId;
  expect(questionId).toEqual(expect.any(String));
  // A second entry is appended, the first kept.
  const entry = await annApi.post(`/api/forecasts/${questionId}/entries`, { data: { probability: 0.3, term: 'very likely', confidence: 'HIGH' } });
  expect(entry.status()).toBe(201);
  expect((await entry.json()).warning).toMatch(/30 % is unlikely/);
  expect((await annApi.post(`/api/forecasts/${questionId}/entries`, { data: { probability: 0.9, confidence: 'HIGH' } })).status()).toBe(201);

  // Ben sees Ann's number only after giving his own, which he does on the board.
  const benApi = ben.page.context().request;
  const hidden = await (await benApi.get(`/api/forecasts/${questionId}`)).json();
  expect(hidden.forecasters).toEqual([expect.objectContaining({ probability: null, hidden: true })]);
  await ben.page.goto('/forecasts');
  const benRow = ben.page.locator(`tr[data-question-id="${questionId}"]`);
  await expect(benRow).toContainText('hidden — give yours first');
  const form = benRow.getByRole('form', { name: `Your probability for: ${statement}` });
  await form.getByLabel('Probability (%)').fill('20');
  await form.getByLabel('Confidence').selectOption('LOW');
  await form.getByRole('button', { name: 'Add' }).click();
  await expect(benRow).toContainText('90 %');
  await expect(benRow).not.toContainText('hidden — give yours first');
  const shown = await (await benApi.get(`/api/forecasts/${questionId}`)).json();
  expect(shown.forecasters.map((f: { probability: number }) => f.probability)).toEqual([0.9, 0.2]);
  expect(shown.forecasters[0].history).toHaveLength(3);

  // The board comes a page of 50 at a time, sorted in the database; this question is on one of them.
  const listed: { id: string }[] = [];
  for (let page = 1; ; page++) {
    const response = await benApi.get(`/api/forecasts?sort=disagreement&method=mean&page=${page}`);
    listed.push(...(await response.json()));
    if (listed.length >= Number(response.headers()['x-total-count']) || page > 100) break;
  }
  expect(listed.find((q: { id: string }) => q.id === questionId)).toMatchObject({
    statement,
    document: { slug },
    aggregate: { method: 'mean', value: expect.closeTo(0.55, 6) },
    spread: { sdLogOdds: expect.any(Number), iqr: expect.closeTo(0.35, 6) },
  });
  // The question's creator records the document author's own wording, which implies 87.5 %.
  const worded = await annApi.patch(`/api/forecasts/${questionId}`, { data: { authorWording: 'highly probable' } });
  expect(worded.status()).toBe(200);
  expect((await worded.json()).author).toMatchObject({ wording: 'highly probable', probability: 0.875 });
  expect((await benApi.patch(`/api/forecasts/${questionId}`, { data: { authorWording: 'remote' } })).status()).toBe(403);

  // Only admins resolve.
  expect((await annApi.post(`/api/forecasts/${questionId}/resolution`, { data: { outcome: 'YES', note: 'x' } })).status()).toBe(403);

  const adminPage = admin.page;
  await adminPage.goto('/leaderboard');
  await expect(adminPage.locator(`tr[data-forecaster="${ann.analyst.name}"]`)).toHaveCount(0);

  await adminPage.goto('/forecasts?sort=disagreement');
  const row = adminPage.locator(`tr[data-question-id="${questionId}"]`);
  await row.locator('summary', { hasText: 'Resolve' }).click();
  const resolve = row.getByRole('form', { name: 'Resolve question' });
  await resolve.getByLabel('Outcome').selectOption('YES');
  await resolve.getByLabel('Resolution note').fill('It happened, as reported.');
  await resolve.getByLabel('Source').fill('https://example.org/report');
  await resolve.getByRole('button', { name: 'Resolve' }).click();
  await expect(row.locator('.badge.outcome')).toHaveText('YES');
  expect((await admin.api.post(`/api/forecasts/${questionId}/resolution`, { data: { outcome: 'NO', note: 'again' } })).status()).toBe(409);

  // Ann's 0.9 on a YES: Brier 0.01; Ben's 0.2: 0.64. Median 0.325, so relative −0.315 and +0.315.
  // The author's 0.875: Brier 0.015625, between them. (One question each: ranked from min=1.)
  await adminPage.goto('/leaderboard?score=at-close&min=1');
  const annRow = adminPage.locator(`tr[data-forecaster="${ann.analyst.name}"]`);
  const benBoardRow = adminPage.locator(`tr[data-forecaster="${ben.analyst.name}"]`);
  await expect(annRow).toContainText('0.010');
  await expect(annRow).toContainText('-0.315');
  await expect(benBoardRow).toContainText('0.640');
  const rank = async (r: typeof annRow) => Number(await r.locator('td').first().textContent());
  const authorRow = adminPage.locator(`tr[data-forecaster="${author}"]`);
  await expect(authorRow).toContainText('document author');
  await expect(authorRow).toContainText('0.016');
  expect(await rank(annRow)).toBeLessThan(await rank(authorRow));
  expect(await rank(authorRow)).toBeLessThan(await rank(benBoardRow));

  await adminPage.goto(`/analysts/${ann.analyst.id}`);
  await expect(adminPage.getByRole('img', { name: /Calibration/ })).toBeVisible();
  await expect(adminPage.getByRole('main')).toContainText(statement);
});

test('the forecast form shows the term for a number, warns on a disagreeing term, and opens a question', async ({ analystPage, unmarked }) => {
  const { page, analyst } = await analystPage('Tess');
  const api = page.context().request;
  // A quote inside a long paragraph no other test marks (no open question there to offer), away
  // from its edges, for the mouse to select.
  const { slug, text: paragraph } = await unmarked.paragraph();
  const from = paragraph.indexOf(' ', 60) + 1;
  const quote = paragraph.slice(from, paragraph.lastIndexOf(' ', from + 50)).trim();

  await page.goto(`/documents/${slug}`);
  await expect(page.locator('.reader-text')).toContainText(quote);
  await selectWithMouse(page, quote);
  await expect(page.getByRole('toolbar', { name: 'Tag selection' })).toBeVisible();
  await page.keyboard.press('2');
  const form = page.getByRole('dialog', { name: 'New forecast' });
  await form.getByLabel('Statement, made checkable').fill(`Form statement ${analyst.id}`);
  await form.getByLabel('Probability (%)').fill('70');
  await expect(form.getByTestId('term-hint')).toHaveText('likely (55–80 %)');
  await form.getByLabel('Estimative term').selectOption('very unlikely');
  await expect(form.getByTestId('term-hint')).toHaveText('70 % is likely, not very unlikely (5–20 %)');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form).toHaveCount(0);

  const mine = await (await api.get(`/api/documents/${slug}/annotations?author=${analyst.id}`)).json();
  const questionId = mine[0].forecast.questionId;
  const question = await (await api.get(`/api/forecasts/${questionId}`)).json();
  expect(question.forecasters).toEqual([
    expect.objectContaining({ analyst: expect.objectContaining({ id: analyst.id }), probability: 0.7, term: 'very unlikely' }),
  ]);
});
