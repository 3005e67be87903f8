// Two analysts on the same document, one of them on a second app instance: each sees who else
// is reading, and the other's highlight appear, change and go without reloading.
import { expect, test } from '@playwright/test';
import { analystPage, selectWithMouse } from './fixtures';

const DOC_TITLE = 'Belarus and Russia: Accelerated integration';
const QUOTE = 'The greatest difficulties in the Belarusian-Russian talks';
const SECOND = process.env.E2E_SECOND_URL!;

test('a highlight made on one instance appears live on another, and so do edits and deletion', async ({ browser }) => {
  const ana = await analystPage(browser, 'Live Ana');
  const ben = await analystPage(browser, 'Live Ben');
  await ana.page.goto('/');
  await ana.page.getByRole('link', { name: DOC_TITLE }).click();
  await ana.page.waitForURL(/\/documents\//);
  await expect(ana.page.locator('.reader-text')).toContainText(QUOTE);
  // Ben reads through the second app instance (cookies are per host, not per port): the event
  // has to cross instances through PostgreSQL.
  await ben.page.goto(`${SECOND}${new URL(ana.page.url()).pathname}`);
  await expect(ben.page.locator('.reader-text')).toContainText(QUOTE);
  // (Readers left open by earlier tests are really there too.)
  await expect(ben.page.getByLabel('Also reading')).toContainText('Live Ana');
  await expect(ana.page.getByLabel('Also reading')).toContainText('Live Ben');

  await selectWithMouse(ana.page, QUOTE);
  await ana.page.keyboard.press('1');
  await ana.page.getByRole('dialog', { name: 'New claim' }).getByLabel('Who makes the claim').fill('The author');
  await ana.page.getByRole('dialog', { name: 'New claim' }).getByRole('button', { name: 'Save' }).click();

  const card = ben.page.locator('.card', { hasText: QUOTE });
  await expect(card).toContainText('Live Ana', { timeout: 3000 });
  await expect(ben.page.locator('.hl-claim', { hasText: 'greatest difficulties' })).toHaveCount(1);

  const mine = ana.page.locator('.card', { hasText: QUOTE });
  await mine.getByRole('button', { name: 'Edit' }).click();
  await ana.page.getByRole('dialog', { name: 'Edit claim' }).getByLabel('Note').fill('edited live');
  await ana.page.getByRole('dialog', { name: 'Edit claim' }).getByRole('button', { name: 'Save' }).click();
  await expect(card).toContainText('edited live', { timeout: 3000 });

  ana.page.once('dialog', (dialog) => dialog.accept());
  await mine.getByRole('button', { name: 'Delete' }).click();
  await expect(card).toHaveCount(0, { timeout: 3000 });

  await ben.page.close();
  await expect(ana.page.locator('.doc-head')).not.toContainText('Live Ben');
});
