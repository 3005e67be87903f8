// Issue 14: no axe violations (WCAG 2.0/2.1, A and AA) on any page, signed out, as an analyst and as
// an admin, in the light and the dark theme — including the reader with many overlapping
// highlights of several analysts, its annotation form and key help, compare and the forecast board.
import AxeBuilder from '@axe-core/playwright';
import { type Page, expect, test } from '@playwright/test';
import { ADMIN_EMAIL, annotate, type Doc, type Person, personContext, signIn, signUp, theDocument } from './people';

// A document of its own, so that the keyboard spec's j / k order on the other one is not disturbed.
const DOC_TITLE = 'The integration deal in Russia’s strategy towards Belarus';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function audit(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const found = violations.map((v) => `${v.id} ×${v.nodes.length}: ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n')[1] ?? ''}`).join(' | ')}`);
  console.log(`axe ${what}: ${violations.reduce((n, v) => n + v.nodes.length, 0)} elements in ${violations.length} rules`);
  expect.soft(found, `axe on ${what}`).toEqual([]);
}

/** The reader is ready when its highlights are drawn. */
async function openReader(page: Page, slug: string) {
  await page.goto(`/documents/${slug}`);
  await expect(page.locator('.reader-body')).toHaveAttribute('data-highlights', /[1-9]/);
}

// Several analysts mark overlapping passages of one document with every kind; one forecast has a
// reply. Made once per worker.
let doc: Doc;
let analyst: Person;
test.beforeAll(async ({ playwright, baseURL }) => {
  const people = await Promise.all(['Axe Ana', 'Axe Boris', 'Axe Chen'].map(async (name) => {
    const request = await playwright.request.newContext({ baseURL });
    const person = await signUp(request, name);
    await signIn(request, person.email);
    return { request, person };
  }));
  doc = await theDocument(people[0].request, DOC_TITLE);
  analyst = people[0].person;
  const passages = [
    'The Belarus–Russia talks on “deepening the integration” have been controversial',
    'deepening the integration',
    'As the negotiated documents are classified, the information on the scope, content, and details of the deal remained undisclosed.',
    'the information on the scope',
    'It finds that the integration deal is a multi-purpose tool',
    'multi-purpose tool',
    'The Russian media is leaking information that emphasizes the political aspects of the integration',
    'Belarusian officials underline the economic nature of the deal',
  ];
  const kinds = ['CLAIM', 'FACT', 'FORECAST'] as const;
  const questions: string[] = [];
  for (const [i, { request }] of people.entries()) {
    for (const [j, quote] of passages.entries()) {
      const made = await annotate(request, doc, kinds[(i + j) % 3], quote, { note: `Note ${i}.${j}` });
      if (made.forecast?.questionId) questions.push(made.forecast.questionId);
    }
  }
  // One question resolved, so the leaderboard and the analyst's calibration chart have content.
  const admin = await playwright.request.newContext({ baseURL });
  await signIn(admin, ADMIN_EMAIL);
  const resolved = await admin.post(`/api/forecasts/${questions[0]}/resolution`, { data: { outcome: 'YES', note: 'Happened.' } });
  expect(resolved.status(), await resolved.text()).toBeLessThan(300);
  await admin.dispose();
  const reply = await people[1].request.post(`/api/annotations/${(await annotate(people[1].request, doc, 'CLAIM', 'The Kremlin countered that strategy of the Belarusian leadership')).id}/replies`, { data: { body: 'Agreed, see the 2021 doctrine.' } });
  expect(reply.status()).toBe(201);
  for (const { request } of people) await request.dispose();
});

const appPages = (id: () => string, slug: () => string) => [
  ['library', '/'],
  ['compare (document)', `/documents/${slug()}/compare`],
  ['compare (corpus)', '/compare'],
  ['forecast board', '/forecasts'],
  ['leaderboard', '/leaderboard'],
  ['disagreement queue', '/disagreements'],
  ['search', '/search?q=integration'],
  ['analyst page', `/analysts/${id()}`],
  ['export and import', '/export'],
  ['settings', '/settings'],
];

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test('signed out: sign-in and sign-up', async ({ page }) => {
      for (const path of ['/signin', '/signup']) {
        await page.goto(path);
        await expect(page.getByRole('main')).toBeVisible();
        await audit(page, `${path} (${colorScheme})`);
      }
    });

    for (const role of ['analyst', 'admin'] as const) {
      test(`${role}: every page`, async ({ browser }) => {
        // Many pages in one test, on a machine that may be busy: a generous limit, no timed assertion.
        test.slow();
        const { context } = await personContext(browser, role === 'analyst' ? 'Axe Reader' : null, { colorScheme });
        const page = await context.newPage();
        for (const [name, path] of [...appPages(() => analyst.id, () => doc.slug), ...(role === 'admin' ? [['users', '/admin/users'], ['security', '/admin/security']] : [])]) {
          await page.goto(path);
          await expect(page.locator('h1').first()).toBeVisible();
          await audit(page, `${name} as ${role} (${colorScheme})`);
        }
        await context.close();
      });

      test(`${role}: the reader, its card, form and key help`, async ({ browser }) => {
        test.slow();
        const { context, person } = await personContext(browser, role === 'analyst' ? 'Axe Reader' : null, { colorScheme });
        const page = await context.newPage();
        // The reader with many overlapping highlights, then with the annotation form open.
        await openReader(page, doc.slug);
        await audit(page, `reader as ${role} (${colorScheme})`);
        // Each highlight names its kind to screen readers: Chromium's accessibility tree has the words.
        const cdp = await context.newCDPSession(page);
        const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: { name?: { value?: unknown } }[] };
        const names = new Set(nodes.map((n) => String(n.name?.value ?? '')));
        expect([...['claim:', 'forecast:', 'fact:']].filter((k) => !names.has(k)), 'kinds not announced').toEqual([]);
        await cdp.detach();
        await page.locator(`[data-annotation-card] .card-main`).first().focus();
        await page.keyboard.press('Enter');
        await audit(page, `reader with a card open as ${role} (${colorScheme})`);
        await page.locator('.reader-text').focus();
        await page.keyboard.press('Control+Home');
        await page.keyboard.press('Shift+ArrowRight');
        await page.keyboard.press('Shift+ArrowRight');
        await expect(page.getByRole('toolbar', { name: 'Tag selection' })).toBeVisible();
        await page.keyboard.press('1');
        await expect(page.getByRole('dialog', { name: 'New claim' })).toBeVisible();
        await audit(page, `annotation form as ${role} (${colorScheme})`);
        await page.keyboard.press('Escape');
        await page.locator('.reader-text').focus();
        await page.keyboard.press('?');
        await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
        await audit(page, `key help as ${role} (${colorScheme})`);
        expect(person?.id ?? 'admin').toBeTruthy();
        await context.close();
      });
    }
  });
}
