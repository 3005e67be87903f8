// What every spec builds on. Specs run side by side (two workers) and in any order against one
// database, so each makes its own analysts over HTTP (POST /api/users, then the next-auth sign-in a
// script would do) with an email and a name no other test uses, and writes only where no other
// spec looks:
// - the reading room (DOCUMENTS.readingRoom): specs that drive the reader there take passages
//   nobody has annotated yet from `unmarked`, so their highlights, tooltips and cards are theirs alone;
// - the scripted documents (DOCUMENTS.scripted): specs write at fixed passages there and read back
//   only their own data (by id, by analyst); a forecast joins the open question it overlaps, so
//   each spec keeps its forecasts off the other specs' passages;
// - the blind document (DOCUMENTS.blind): blind.spec switches the whole document to blind mode,
//   which would hide others' work from everyone else, so no other spec goes there (and the
//   `blind` project in playwright.config.ts runs that spec one at a time).
// The admin is the one account scripts/e2e.ts makes before the app starts (the first account of a
// database becomes ADMIN); specs use it only for what only an admin may do.
import { type APIRequestContext, type BrowserContext, type Page, expect, test as base } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { span, target } from '@/test/fixtures';

export { expect, span, target };

export const PASSWORD = 'correct horse battery';

/** Created by scripts/e2e.ts before the app starts, so it is the database's first account. */
export const ADMIN_EMAIL = process.env.E2E_ADMIN_EMAIL ?? 'admin@e2e.test';

/** Document titles by who may write on them (see above). */
export const DOCUMENTS = {
  readingRoom: ['Belarus and Russia: Accelerated integration', 'The integration deal in Russia’s strategy towards Belarus'],
  scripted: ['Russia–Belarus: a sham acceleration of integration', 'On Defense, Russia’s Patience With Belarus Is Wearing Thin'],
  blind: 'Belarus And Russia Move to The Next Stage Of Integration',
} as const;

export type Analyst = { email: string; name: string; id: string };

/** A name and an email no other test uses: `Kira` becomes e.g. `Kira 3f9a1c`, kira-3f9a1c@example.test. */
export function newIdentity(name: string): { name: string; email: string } {
  const tag = randomUUID().slice(0, 6);
  return { name: `${name} ${tag}`, email: `${name.toLowerCase().replace(/\W+/g, '-')}-${tag}@example.test` };
}

/** Signs up a new analyst over HTTP (not signed in: see signIn). */
export async function createAnalyst(request: APIRequestContext, name: string): Promise<Analyst> {
  const { name: unique, email } = newIdentity(name);
  const response = await request.post('/api/users', { data: { email, name: unique, password: PASSWORD } });
  expect(response.status(), await response.text()).toBe(201);
  const user = await response.json();
  return { email, name: unique, id: user.id };
}

/** Signs in the way scripts do: a csrf token, then the credentials callback; the cookie stays in `request`. */
export async function signIn(request: APIRequestContext, email: string) {
  const { csrfToken } = await (await request.get('/api/auth/csrf')).json();
  const response = await request.post('/api/auth/callback/credentials', {
    form: { csrfToken, email, password: PASSWORD, json: 'true' },
  });
  expect(response.ok()).toBe(true);
}

/** A document as GET /api/documents/:slug gives it, found by its title. */
export async function documentByTitle(api: APIRequestContext, title: string) {
  const documents: { slug: string; title: string }[] = await (await api.get('/api/documents')).json();
  const found = documents.find((d) => d.title === title);
  if (!found) throw new Error(`No document “${title}”`);
  return (await (await api.get(`/api/documents/${found.slug}`)).json()) as {
    slug: string;
    title: string;
    byline: string | null;
    text: string;
    content: ContentNode;
  };
}

/** A browser context signed in as someone, with a page and its cookie-sharing API client. */
export type SignedIn = { page: Page; api: APIRequestContext; analyst: Analyst };

/** A paragraph or heading of a document, placed in its canonical text in code points. */
export type Block = { slug: string; title: string; type: 'paragraph' | 'heading'; text: string; start: number; end: number };

/** What `unmarked` needs to know of a block to choose it. */
type Candidate = Block & { level?: number; plain: boolean; once: boolean };

type ContentNode = { type?: string; text?: string; attrs?: { level?: number }; marks?: unknown[]; content?: ContentNode[] };

// The canonical text is the text blocks joined by a blank line (lib/corpus/canonical.ts); the
// specs re-derive the blocks here rather than import the app's modules, and check the result.
const TEXT_BLOCKS = new Set(['paragraph', 'heading', 'codeBlock']);
const cpLength = (s: string) => [...s].length;

function blocksOf(document: { slug: string; title: string; text: string; content: ContentNode }): Candidate[] {
  const blocks: Candidate[] = [];
  let start = 0;
  const visit = (node: ContentNode) => {
    if (node.type && TEXT_BLOCKS.has(node.type)) {
      const children = node.content ?? [];
      const text = children.map((child) => child.text ?? '').join('');
      blocks.push({
        slug: document.slug,
        title: document.title,
        type: node.type === 'heading' ? 'heading' : 'paragraph',
        level: node.attrs?.level,
        text,
        start,
        end: start + cpLength(text),
        // One unformatted text node: a highlight over it is one element (italics would split it).
        plain: children.length === 1 && !('marks' in children[0]),
        // selectWithMouse finds a quote by its first occurrence.
        once: document.text.indexOf(text) === document.text.lastIndexOf(text),
      });
      start += cpLength(text) + 2;
      return;
    }
    node.content?.forEach(visit);
  };
  visit(document.content);
  expect(blocks.map((b) => b.text).join('\n\n'), 'blocks re-derived from the content make the canonical text').toBe(document.text);
  return blocks;
}

/** The words `from`..`to` (end excluded) of a block's text as they stand in it, punctuation included. */
export function phrase(text: string, from: number, to: number): string {
  const words = [...text.matchAll(/\S+/g)];
  if (to > words.length) throw new Error(`“${text.slice(0, 40)}…” has only ${words.length} words`);
  return text.slice(words[from].index, words[to - 1].index + words[to - 1][0].length);
}

type Fixtures = {
  /** A new analyst, signed in, in a browser context of their own (closed after the test). */
  analystPage: (name: string) => Promise<SignedIn>;
  /** The admin scripts/e2e.ts made, signed in, in a browser context of its own. */
  admin: { page: Page; api: APIRequestContext };
  /**
   * Blocks of the reading room that nobody has annotated. Each worker draws from its own share
   * (by parallelIndex, which no two workers running at once have in common), and skips blocks
   * annotated by earlier tests of its own, so what a test gets here no other test touches while
   * it runs. A block is handed out once per test; once the test annotates it, it stays taken.
   */
  unmarked: {
    /** A paragraph of at least 200 characters. */
    paragraph(): Promise<Block>;
    /** A section heading short enough to be one line in the reader. */
    heading(): Promise<Block>;
  };
};

export const test = base.extend<Fixtures>({
  analystPage: async ({ browser }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (name) => {
      const context = await browser.newContext();
      contexts.push(context);
      const analyst = await createAnalyst(context.request, name);
      await signIn(context.request, analyst.email);
      return { page: await context.newPage(), api: context.request, analyst };
    });
    // Closing also ends their event streams, so they no longer count as readers of a document.
    for (const context of contexts) await context.close();
  },

  admin: async ({ browser }, use) => {
    const context = await browser.newContext();
    await signIn(context.request, ADMIN_EMAIL);
    await use({ page: await context.newPage(), api: context.request });
    await context.close();
  },

  unmarked: async ({ playwright, baseURL }, use, testInfo) => {
    // Read as the admin, who sees every annotation.
    const api = await playwright.request.newContext({ baseURL });
    await signIn(api, ADMIN_EMAIL);
    const handedOut = new Set<string>();
    // Every worker computes the same candidate list for a kind of block, so their shares never overlap.
    const share = <T>(list: T[]) => list.filter((_, i) => i % testInfo.config.workers === testInfo.parallelIndex);

    async function take(wanted: string, fits: (block: Candidate) => boolean): Promise<Block> {
      const candidates: Block[] = [];
      const marked: { slug: string; start: number; end: number }[] = [];
      for (const title of DOCUMENTS.readingRoom) {
        const document = await documentByTitle(api, title);
        candidates.push(...blocksOf(document).filter(fits));
        const annotations: { target: { start: number; end: number } }[] = await (await api.get(`/api/documents/${document.slug}/annotations`)).json();
        marked.push(...annotations.map((a) => ({ slug: document.slug, ...a.target })));
      }
      const free = share(candidates).find(
        (b) => !handedOut.has(`${b.slug}:${b.start}`) && !marked.some((m) => m.slug === b.slug && m.start < b.end && b.start < m.end),
      );
      if (!free) throw new Error(`No unannotated ${wanted} left in this worker's share of the reading room: fewer repeats, or more documents in DOCUMENTS.readingRoom`);
      handedOut.add(`${free.slug}:${free.start}`);
      return free;
    }

    await use({
      paragraph: () => take('paragraph', (b) => b.type === 'paragraph' && b.plain && b.once && b.text.length >= 200),
      heading: () => take('heading', (b) => b.type === 'heading' && b.plain && b.once && (b.level ?? 1) >= 2 && b.text.length <= 30),
    });
    await api.dispose();
  },
});

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
