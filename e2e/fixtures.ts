// Each test makes its own analysts over HTTP (POST /api/users) and signs them in the way scripts
// do (csrf token, then the credentials callback), so tests never depend on one another.
import { type APIRequestContext, type Browser, type Page, expect } from '@playwright/test';
import { randomUUID } from 'node:crypto';

export const PASSWORD = 'correct horse battery';

/** Created by scripts/e2e.ts before the app starts, so it is the database's first account. */
export const ADMIN_EMAIL = process.env.E2E_ADMIN_EMAIL ?? 'admin@e2e.test';

export type Analyst = { email: string; name: string; id: string };

export async function createAnalyst(request: APIRequestContext, name: string): Promise<Analyst> {
  const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${randomUUID().slice(0, 8)}@example.test`;
  const response = await request.post('/api/users', { data: { email, name, password: PASSWORD } });
  expect(response.status(), await response.text()).toBe(201);
  const user = await response.json();
  return { email, name, id: user.id };
}

export async function signIn(request: APIRequestContext, email: string) {
  const { csrfToken } = await (await request.get('/api/auth/csrf')).json();
  const response = await request.post('/api/auth/callback/credentials', {
    form: { csrfToken, email, password: PASSWORD, json: 'true' },
  });
  expect(response.ok()).toBe(true);
}

/** A new browser context signed in as a new analyst. */
export async function analystPage(browser: Browser, name: string): Promise<{ page: Page; analyst: Analyst }> {
  const context = await browser.newContext();
  const analyst = await createAnalyst(context.request, name);
  await signIn(context.request, analyst.email);
  return { page: await context.newPage(), analyst };
}

/** Drags the mouse across the first occurrence of `quote` in one block of the reader, as a person would. */
export async function selectWithMouse(page: Page, quote: string) {
  const box = await page.locator('.reader-text').evaluate((root, quote) => {
    // Highlights split the text into many nodes: find the quote in a block's text, then the nodes.
    for (const block of root.querySelectorAll('p, h1, h2, h3, li > p')) {
      const at = block.textContent!.indexOf(quote);
      if (at < 0) continue;
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      const range = document.createRange();
      let seen = 0;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const length = node.textContent!.length;
        if (seen <= at && at < seen + length) range.setStart(node, at - seen);
        if (seen < at + quote.length && at + quote.length <= seen + length) range.setEnd(node, at + quote.length - seen);
        seen += length;
      }
      block.scrollIntoView({ block: 'center' });
      // Viewport coordinates, which is what page.mouse takes.
      const rects = [...range.getClientRects()].filter((r) => r.width > 0);
      const first = rects[0];
      const last = rects[rects.length - 1];
      return { x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2 };
    }
    throw new Error(`"${quote}" is not in one block of the reader`);
  }, quote);
  await page.mouse.move(box.x1, box.y1);
  await page.mouse.down();
  await page.mouse.move((box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2, { steps: 5 });
  await page.mouse.move(box.x2, box.y2, { steps: 5 });
  await page.mouse.up();
}
