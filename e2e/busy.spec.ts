// Issue 13: a busy passage. Two analysts lay 120 overlapping annotations over one paragraph nobody
// else uses (`unmarked`). The page carries what drawing needs, not the cards' details; the panel
// draws only the cards in view and reads their details as they come into view (once the list comes
// to rest, when it is scrolled); a link to the last one scrolls to it and selects it; the tooltip
// over an overlap names both analysts.
import { expect, span, test } from './fixtures';

test('a busy passage: compact page, virtual panel, details read as shown, deep link, tooltip over overlaps', async ({ analystPage, unmarked }) => {
  test.slow();
  const paragraph = await unmarked.paragraph();
  const ana = await analystPage('Busy Ana');
  const ben = await analystPage('Busy Ben');
  const { text } = await (await ana.api.get(`/api/documents/${paragraph.slug}`)).json();
  const words = [...paragraph.text.matchAll(/\S+/g)];
  const cp = (utf16: number) => paragraph.start + [...paragraph.text.slice(0, utf16)].length;
  const made: { id: string; start: number; note: string }[] = [];
  for (let i = 0; i < 120; i++) {
    const first = i % (words.length - 4);
    const last = words[first + (i % 4)];
    const target = span(text, cp(words[first].index!), cp(last.index! + last[0].length));
    const note = `Busy note ${i}`;
    const response = await (i % 2 ? ben : ana).api.post('/api/annotations', {
      data: { document: paragraph.slug, kind: i % 2 ? 'FACT' : 'CLAIM', target, note },
    });
    expect(response.status(), await response.text()).toBe(201);
    made.push({ id: (await response.json()).id, start: target.start, note });
  }
  // The page itself carries no card's details.
  expect(await (await ana.api.get(`/documents/${paragraph.slug}`)).text()).not.toContain('Busy note');

  const furthest = made.reduce((a, b) => (b.start > a.start ? b : a));
  const { page } = ana;
  await page.goto(`/documents/${paragraph.slug}#annotation-${furthest.id}`);
  const card = page.locator(`[data-annotation-card="${furthest.id}"]`);
  await expect(card).toHaveClass(/selected/);
  await expect(card.locator('.note')).toHaveText(furthest.note);
  await expect(page.locator('.hl-selected').first()).toBeVisible();
  const total = Number(await page.locator('.panel h2 .count').textContent());
  expect(total).toBeGreaterThanOrEqual(120);
  // Beyond a hundred cards the panel draws those in view (and a few either side), not all.
  expect(await page.locator('[data-annotation-card]').count()).toBeLessThan(total);

  // Scrolled elsewhere (as a dragged scroll bar does), the cards then in view read their details
  // once the list comes to rest: each shows its note, and none stays busy.
  await page.locator('.reader-side').evaluate((side) => {
    side.scrollTop = (side.scrollHeight - side.clientHeight) / 3;
  });
  const inView = page.locator('[data-annotation-card]').filter({ has: page.locator('.note') });
  await expect(inView.first()).toBeVisible();
  await expect(page.locator('[data-annotation-card][aria-busy="true"]')).toHaveCount(0);

  // Where Ana's claims and Ben's facts overlap, the tooltip names both.
  await page.locator('.reader-text .hl-claim .hl-fact, .reader-text .hl-fact .hl-claim').first().hover();
  await expect(page.getByRole('tooltip')).toContainText(`Claim · ${ana.analyst.name}`);
  await expect(page.getByRole('tooltip')).toContainText(`Fact · ${ben.analyst.name}`);
});
