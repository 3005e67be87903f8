// Issue 14: comfortable on any screen — no sideways scrolling of the text at 1,280 × 720 or at
// 200 % zoom (the same window with half the CSS pixels), the side panel as a drawer on narrow
// screens, the theme switch and the reading settings remembered, the library's first-run guide.
import { type Page, expect, test } from '@playwright/test';
import { personContext, theDocument } from './people';

async function noSidewaysScroll(page: Page) {
  const sizes = await page.evaluate(() => {
    const text = document.querySelector('.reader-text')!;
    const main = document.querySelector('.reader-main')!;
    return {
      text: [text.scrollWidth, text.clientWidth],
      main: [main.scrollWidth, main.clientWidth],
      page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
    };
  });
  expect(sizes.text[0], 'the text column scrolls sideways').toBeLessThanOrEqual(sizes.text[1]);
  expect(sizes.main[0], 'the reader column scrolls sideways').toBeLessThanOrEqual(sizes.main[1]);
  expect(sizes.page[0], 'the page scrolls sideways').toBeLessThanOrEqual(sizes.page[1]);
}

test('at 1,280 × 720 the text and the panel sit side by side, nothing scrolls sideways', async ({ browser }) => {
  const { context } = await personContext(browser, 'Wide Wanda', { viewport: { width: 1280, height: 720 } });
  const doc = await theDocument(context.request);
  const page = await context.newPage();
  await page.goto(`/documents/${doc.slug}`);
  await expect(page.locator('.reader-text')).toBeVisible();
  await expect(page.getByRole('complementary', { name: 'Annotations panel' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Annotations \(/ })).toBeHidden();
  await noSidewaysScroll(page);
  // The largest text and the widest line still fit.
  await page.getByText('Reading settings').press('Enter');
  await page.getByLabel('Text size').selectOption('larger');
  await page.getByLabel('Line width').selectOption('wide');
  await noSidewaysScroll(page);
  await context.close();
});

test('at 200 % zoom the panel is a drawer, nothing scrolls sideways', async ({ browser }) => {
  // 1,280 × 720 device pixels at 200 %: 640 × 360 CSS pixels.
  const { context, person } = await personContext(browser, 'Zoomed Zoe', { viewport: { width: 640, height: 360 }, deviceScaleFactor: 2 });
  const doc = await theDocument(context.request);
  const page = await context.newPage();
  await page.goto(`/documents/${doc.slug}`);
  await expect(page.locator('.reader-text')).toBeVisible();
  await noSidewaysScroll(page);
  const panel = page.getByRole('complementary', { name: 'Annotations panel' });
  await expect(panel).toBeHidden();
  const toggle = page.getByRole('button', { name: /^Annotations \(/ });
  await toggle.press('Enter');
  await expect(panel).toBeVisible();
  await expect(page.getByRole('button', { name: 'Hide annotations' })).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await noSidewaysScroll(page);
  // Other pages fit too.
  for (const path of ['/', '/forecasts', '/leaderboard', `/analysts/${person!.id}`, '/compare', '/settings', '/export']) {
    await page.goto(path);
    await expect(page.locator('h1').first()).toBeVisible();
    const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    expect(scroll, `${path} scrolls sideways`).toBeLessThanOrEqual(client);
  }
  await context.close();
});

test('the theme follows the system until switched, and the switch is remembered', async ({ browser }) => {
  const { context } = await personContext(browser, 'Theo Theme', { colorScheme: 'dark' });
  const page = await context.newPage();
  await page.goto('/');
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor || getComputedStyle(document.documentElement).backgroundColor);
  const paper = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(await paper()).toBe('rgb(21, 25, 30)');
  await page.getByLabel('Theme').selectOption('light');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await paper()).toBe('rgb(251, 250, 247)');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(page.getByLabel('Theme')).toHaveValue('light');
  expect(await paper()).toBe('rgb(251, 250, 247)');
  await page.getByLabel('Theme').selectOption('system');
  expect(await paper()).toBe('rgb(21, 25, 30)');
  expect(await background()).toBeTruthy();
  await context.close();
});

test('reading settings are remembered for the user', async ({ browser }) => {
  const { context } = await personContext(browser, 'Rita Reads');
  const doc = await theDocument(context.request);
  const page = await context.newPage();
  await page.goto(`/documents/${doc.slug}`);
  const fontSize = () => page.locator('.reader-text').evaluate((e) => getComputedStyle(e).fontSize);
  const before = parseFloat(await fontSize());
  await page.getByText('Reading settings').press('Enter');
  await page.getByLabel('Text size').selectOption('larger');
  await page.getByLabel('Line width').selectOption('narrow');
  await expect.poll(async () => parseFloat(await fontSize())).toBeGreaterThan(before);
  await page.reload();
  await page.getByText('Reading settings').press('Enter');
  await expect(page.getByLabel('Text size')).toHaveValue('larger');
  await expect(page.getByLabel('Line width')).toHaveValue('narrow');
  expect(parseFloat(await fontSize())).toBeGreaterThan(before);
  await context.close();
});

test('a new analyst sees a short guide on the library, dismissed for good', async ({ browser }) => {
  const { context } = await personContext(browser, 'Nina New');
  const page = await context.newPage();
  await page.goto('/');
  const guide = page.getByRole('region', { name: 'Getting started' });
  await expect(guide).toBeVisible();
  await expect(guide).toContainText('blind mode');
  await expect(guide.getByRole('link', { name: 'over the whole corpus' })).toHaveAttribute('href', '/compare');
  await guide.getByRole('button', { name: 'Got it, hide this guide' }).press('Enter');
  await expect(guide).toBeHidden();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Library' })).toBeVisible();
  await expect(guide).toBeHidden();
  await context.close();
});
