// Two analysts on the same document, one of them on a second app instance: each sees who else
// is reading, and the other's highlight appear, change and go without reloading. Ana marks a
// paragraph nobody else has (`unmarked`), so what Ben's reader shows there is hers alone.
import { expect, phrase, selectWithMouse, test } from './fixtures';

const SECOND = process.env.E2E_SECOND_URL!;

test('a highlight made on one instance appears live on another, and so do edits and deletion', async ({ analystPage, unmarked }) => {
  const paragraph = await unmarked.paragraph();
  const QUOTE = phrase(paragraph.text, 0, 8);
  const ana = await analystPage('Live Ana');
  const ben = await analystPage('Live Ben');
  await ana.page.goto('/');
  await ana.page.getByRole('link', { name: paragraph.title }).click();
  await ana.page.waitForURL(/\/documents\//);
  await expect(ana.page.locator('.reader-text')).toContainText(QUOTE);
  // Ben reads through the second app instance (cookies are per host, not per port): the event
  // has to cross instances through PostgreSQL.
  await ben.page.goto(`${SECOND}${new URL(ana.page.url()).pathname}`);
  await expect(ben.page.locator('.reader-text')).toContainText(QUOTE);
  // (Readers of tests running alongside are really there too.)
  await expect(ben.page.getByLabel('Also reading')).toContainText(ana.analyst.name);
  await expect(ana.page.getByLabel('Also reading')).toContainText(ben.analyst.name);

  await selectWithMouse(ana.page, QUOTE);
  // The key acts on the selection the reader has registered, which the toolbar shows.
  await expect(ana.page.getByRole('toolbar', { name: 'Tag selection' })).toBeVisible();
  await ana.page.keyboard.press('1');
  await ana.page.getByRole('dialog', { name: 'New claim' }).getByLabel('Who makes the claim').fill('The author');
  await ana.page.getByRole('dialog', { name: 'New claim' }).getByRole('button', { name: 'Save' }).click();

  const card = ben.page.locator('.card', { hasText: QUOTE });
  await expect(card).toContainText(ana.analyst.name, { timeout: 3000 });
  await expect(ben.page.locator('.hl-claim', { hasText: QUOTE })).toHaveCount(1);

  const mine = ana.page.locator('.card', { hasText: QUOTE });
  await mine.getByRole('button', { name: 'Edit' }).click();
  await ana.page.getByRole('dialog', { name: 'Edit claim' }).getByLabel('Note').fill('edited live');
  await ana.page.getByRole('dialog', { name: 'Edit claim' }).getByRole('button', { name: 'Save' }).click();
  await expect(card).toContainText('edited live', { timeout: 3000 });

  ana.page.once('dialog', (dialog) => dialog.accept());
  await mine.getByRole('button', { name: 'Delete' }).click();
  await expect(card).toHaveCount(0, { timeout: 3000 });

  await ben.page.close();
  await expect(ana.page.locator('.doc-head')).not.toContainText(ben.analyst.name);
});
