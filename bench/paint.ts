// The reader on busy documents (issue 13, item 1), part `paint` of `npm run bench`:
//
// - navigation → every highlight painted, on copies of one document (the corpus's largest) holding
//   no annotations, 5,000 and 20,000 by 25 analysts, and ~6,000 by the reader alone; the loads of
//   the copies are interleaved, so load from elsewhere on the machine falls on all of them alike.
//   Targets: 5,000 ≤ 4 × none; 20,000 ≤ 3 × 5,000.
// - responsiveness on the 5,000: a Chrome trace (bench/results/paint-trace-<time>.json) recorded
//   while the side panel is scrolled end to end (wheel and jumps) and highlights are hovered; the
//   longest frame and the longest main-thread task come from that trace. Target: no frame over 50 ms.
//
// BENCH_PAINT_PROFILE=1 also writes a CPU profile of one load of each copy beside the results, and
// samples the page's JavaScript into the trace.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Browser, type BrowserContext, chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/browser';
import { describeRange } from '../lib/anchoring/selectors';
import { CodePointIndex } from '../lib/anchoring/codepoints';

type Doc = { id: string; slug: string; text: string; textHash: string };
type Analyst = { id: string; email: string };
export type PaintOptions = {
  baseUrl: string;
  databaseUrl: string;
  /** The document whose copies are read. */
  doc: Doc;
  createAnalysts(baseUrl: string, count: number, prefix: string): Promise<Analyst[]>;
  sessionCookie(baseUrl: string, email: string): Promise<string>;
  /** Where the trace (and profiles) go. */
  resultsDir: string;
};
type Row = { value: string | number; detail: string; target: string };

const ANALYSTS = 25;
const RUNS = Number(process.env.BENCH_PAINT_RUNS ?? 5);
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];

/** Sentence-sized passages spread over the text, trimmed of spaces at either end. */
function passages(text: string, count: number) {
  const index = new CodePointIndex(text);
  const out: { start: number; end: number }[] = [];
  for (let i = 0; out.length < count; i++) {
    const start = Math.floor((i * 7919) % Math.max(1, index.length - 80));
    const end = start + 20 + (i % 60);
    const exact = index.slice(start, end);
    if (exact.trim() === exact && exact.length > 0) out.push({ start, end });
  }
  return out.map(({ start, end }) => describeRange(index, start, end));
}

/**
 * A copy of the document (same text, same title) holding `count` annotations by `authors`, round
 * robin. A document's text hash is unique, so the copy's (and its annotations') is the original's
 * marked with the copy's name: nothing the reader draws depends on it.
 */
async function copyWith(client: pg.Client, doc: Doc, name: string, count: number, authors: Analyst[]) {
  const slug = `${doc.slug}-paint-${name}`;
  const hash = `${doc.textHash}-paint-${name}`;
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO "Document" (id, slug, title, byline, "publishedAt", "sourceFile", content, text, "textHash", blind, "updatedAt")
     SELECT gen_random_uuid(), $2, title, byline, "publishedAt", "sourceFile", content, text, $3, false, now() FROM "Document" WHERE id = $1
     RETURNING id`,
    [doc.id, slug, hash],
  );
  const id = rows[0].id;
  const targets = passages(doc.text, count);
  for (let i = 0; i < targets.length; i += 2000) {
    const batch = targets.slice(i, i + 2000);
    const n = (j: number) => i + j;
    // What analysts write: a note on every third, the fields of each kind, a source on every fifth.
    await client.query(
      `INSERT INTO "Annotation" (id, "documentId", "authorId", kind, start, "end", exact, prefix, suffix, "textHash", note,
         "attributedTo", credibility, "factStatus", statement, probability, confidence, "resolveBy", "updatedAt")
       SELECT gen_random_uuid(), $1, t.author, t.kind::"AnnotationKind", t.start, t."end", t.exact, t.prefix, t.suffix, $2,
         CASE WHEN t.n % 3 = 0 THEN 'Why this passage matters, in a sentence or two of the analyst''s own words (' || t.n || ').' ELSE '' END,
         CASE WHEN t.kind = 'CLAIM' THEN 'A named official' END, CASE WHEN t.kind = 'CLAIM' THEN 1 + t.n % 5 END,
         CASE WHEN t.kind = 'FACT' THEN (ARRAY['VERIFIED','DISPUTED','FALSE','UNVERIFIED'])[1 + t.n % 4]::"FactStatus" END,
         CASE WHEN t.kind = 'FORECAST' THEN 'The event this passage predicts happens before the date given' END,
         CASE WHEN t.kind = 'FORECAST' THEN (t.n % 100) / 100.0 END,
         CASE WHEN t.kind = 'FORECAST' THEN 'MODERATE'::"Confidence" END,
         CASE WHEN t.kind = 'FORECAST' THEN DATE '2030-12-31' END,
         now()
       FROM unnest($3::uuid[], $4::text[], $5::int[], $6::int[], $7::text[], $8::text[], $9::text[], $10::int[])
         AS t(author, kind, start, "end", exact, prefix, suffix, n)`,
      [
        id,
        hash,
        batch.map((_, j) => authors[n(j) % authors.length].id),
        batch.map((_, j) => ['CLAIM', 'FORECAST', 'FACT'][n(j) % 3]),
        batch.map((t) => t.start),
        batch.map((t) => t.end),
        batch.map((t) => t.exact),
        batch.map((t) => t.prefix),
        batch.map((t) => t.suffix),
        batch.map((_, j) => n(j)),
      ],
    );
  }
  await client.query(
    `INSERT INTO "Source" (id, "annotationId", position, url, title, relation, reliability)
     SELECT gen_random_uuid(), id, 0, 'https://example.org/evidence/' || start, 'A report on the matter', 'SUPPORTS', 'B'
     FROM "Annotation" WHERE "documentId" = $1 AND start % 5 = 0`,
    [id],
  );
  await client.query(`ANALYZE "Annotation"`);
  return { id, slug, count: targets.length };
}

// Installed before any page script: long tasks as the page sees them.
const LONG_TASKS = `window.__longTasks = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]); })
  .observe({ type: 'longtask', buffered: true });`;

/**
 * One load: time since navigation start at the first frame after the reader has drawn `expected`
 * highlights (a string, not a function: tsx would wrap a function's inner helpers in `__name`),
 * then, a second later, the end of the last long task (main thread quiet).
 */
async function load(page: Page, url: string, expected: number) {
  await page.goto(url, { waitUntil: 'commit' });
  const m = (await page.evaluate(`new Promise((resolve) => {
    const check = () => {
      const drawn = document.querySelector('[data-highlights]')?.getAttribute('data-highlights');
      if (drawn !== null && drawn !== undefined && Number(drawn) >= ${expected}) requestAnimationFrame(() => setTimeout(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        resolve({ painted: performance.now(), firstByte: nav.responseStart, received: nav.responseEnd, domReady: nav.domContentLoadedEventEnd, bytes: nav.decodedBodySize });
      }));
      else requestAnimationFrame(check);
    };
    check();
  })`)) as { painted: number; firstByte: number; received: number; domReady: number; bytes: number };
  await page.waitForTimeout(1000);
  const tasks = (await page.evaluate('window.__longTasks')) as [number, number][];
  const quiet = Math.max(m.painted, ...tasks.map(([start, duration]) => start + duration));
  const longest = Math.max(0, ...tasks.map(([, duration]) => duration));
  return { ...m, quiet, longestTask: longest };
}

type TraceEvent = { name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; id?: string; id2?: { local?: string }; cat: string; args?: Record<string, unknown> };

/** The longest frame (PipelineReporter: begin frame → presented or dropped) and main-thread task in a window of the trace. */
function traceFigures(events: TraceEvent[], from: number | undefined, to: number | undefined) {
  // A trace that filled Chrome's buffer stops recording before the end mark: with no window there
  // are no frames, which would read as "longest frame 0 ms", a pass. Refuse it instead.
  if (from === undefined || to === undefined) throw new Error('The trace lacks its start or end mark (Chrome\'s trace buffer filled?): no figures from it');
  const names = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && (e.args as { name?: string })?.name === 'CrRendererMain');
  // The page's renderer: the main thread that ran the most.
  const busy = (pid: number, tid: number) => events.reduce((sum, e) => sum + (e.pid === pid && e.tid === tid && e.name === 'RunTask' ? (e.dur ?? 0) : 0), 0);
  const main = names.map((n) => ({ pid: n.pid, tid: n.tid, busy: busy(n.pid, n.tid) })).sort((a, b) => b.busy - a.busy)[0];
  const inWindow = (e: TraceEvent) => e.ts >= from && e.ts <= to;
  const tasks = events.filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.name === 'RunTask' && inWindow(e));
  const begins = new Map<string, number>();
  const frames: number[] = [];
  for (const e of events) {
    if (e.name !== 'PipelineReporter' || !inWindow(e)) continue;
    const key = `${e.pid}:${e.id ?? e.id2?.local}`;
    if (e.ph === 'b') begins.set(key, e.ts);
    else if (e.ph === 'e' && begins.has(key)) {
      frames.push(e.ts - begins.get(key)!);
      begins.delete(key);
    }
  }
  const longestTask = Math.max(0, ...tasks.map((t) => t.dur ?? 0)) / 1000;
  // The work done, beside the frames: on a loaded machine a frame can be long because its thread
  // was not running, and these sums say whether the page itself did less.
  const sum = (list: TraceEvent[]) => round(list.reduce((total, e) => total + (e.dur ?? 0), 0) / 1000, 0);
  const onMain = (name: string) => events.filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.name === name && inWindow(e));
  return {
    frames: frames.length,
    longestFrameMs: round(Math.max(0, ...frames) / 1000),
    framesOver50: frames.filter((f) => f > 50_000).length,
    longestTaskMs: round(longestTask),
    tasksOver50: tasks.filter((t) => (t.dur ?? 0) > 50_000).length,
    windowMs: round((to - from) / 1000, 0),
    mainThreadBusyMs: sum(tasks),
    scriptMs: sum(onMain('FunctionCall')),
    rasterMs: sum(events.filter((e) => main && e.pid === main.pid && e.ph === 'X' && e.name === 'RasterTask' && inWindow(e))),
    loadAverage: round(loadavg()[0], 2),
  };
}

/** Scrolls the side panel end to end (wheel, then jumps as a dragged scroll bar makes) and hovers highlights, in a trace. */
async function responsiveness(browser: Browser, page: Page, url: string, expected: number, file: string) {
  await load(page, url, expected);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.waitForTimeout(500);
  // BENCH_PAINT_PROFILE: also the page's JavaScript, sampled, and what invalidated style, layout and
  // paint (it slows the page: figures from such a run are for reading, not for comparing).
  const profiled = Boolean(process.env.BENCH_PAINT_PROFILE);
  // Playwright's own set-up in the page happens before the trace: its first locator in a page
  // evaluates its injected script (a 330 KB DevTools message, ~10 ms of script in each of two
  // worlds), which was the longest frame of the scroll window (50.6 ms) before any scrolling began.
  const panel = page.locator('.reader-side');
  const box = (await panel.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.evaluate(`document.querySelector('.reader-side').scrollTop`);
  await page.waitForTimeout(500);
  await browser.startTracing(page, {
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame', 'toplevel', 'benchmark', 'cc', 'blink.user_timing', 'input', 'latencyInfo', ...(profiled ? ['disabled-by-default-v8.cpu_profiler', 'disabled-by-default-devtools.timeline.invalidationTracking'] : [])],
  });
  const mark = (name: string) => page.evaluate(`performance.mark(${JSON.stringify(name)})`);
  await mark('scroll-start');
  // After each run of scrolling the panel rests a moment inside the window, so that the cards then
  // in view reading their details (and growing) are in the figures too.
  const rest = () => page.waitForTimeout(500);
  for (let i = 0; i < 60; i++) {
    await page.mouse.wheel(0, 800);
    await page.waitForTimeout(16);
  }
  await rest();
  for (let i = 0; i <= 20; i++) {
    await page.evaluate(`(() => { const side = document.querySelector('.reader-side'); side.scrollTop = (side.scrollHeight - side.clientHeight) * ${(i * 7) % 21} / 20; })()`);
    await page.waitForTimeout(50);
    if (i % 5 === 4) await rest();
  }
  await rest();
  const scrollHeight = (await page.evaluate(`document.querySelector('.reader-side').scrollHeight`)) as number;
  await mark('scroll-end');
  await mark('hover-start');
  const spots = (await page.evaluate(`[...document.querySelectorAll('.reader-text .hl')].map((e) => e.getBoundingClientRect())
    .filter((r) => r.top > 100 && r.bottom < innerHeight - 20 && r.width > 4).filter((_, i) => i % 7 === 0).slice(0, 30)
    .map((r) => [r.left + Math.min(4, r.width / 2), r.top + r.height / 2])`)) as [number, number][];
  let hovered = 0;
  for (const [x, y] of spots) {
    await page.mouse.move(x, y);
    if (await page.getByRole('tooltip').isVisible()) hovered++;
    await page.waitForTimeout(30);
  }
  await mark('hover-end');
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
  writeFileSync(file, JSON.stringify(trace));
  const marks = new Map(trace.traceEvents.filter((e) => e.cat.includes('blink.user_timing') && /-(start|end)$/.test(e.name)).map((e) => [e.name, e.ts]));
  return {
    scrollHeight,
    scroll: traceFigures(trace.traceEvents, marks.get('scroll-start'), marks.get('scroll-end')),
    hover: { spots: spots.length, tooltips: hovered, ...traceFigures(trace.traceEvents, marks.get('hover-start'), marks.get('hover-end')) },
  };
}

export async function benchPaint(options: PaintOptions) {
  const { baseUrl, databaseUrl, doc } = options;
  const analysts = await options.createAnalysts(baseUrl, ANALYSTS, 'reader');
  const [me] = analysts;
  const client = new pg.Client({ connectionString: databaseUrl });
  // Once the stack stops, the server's goodbye must not crash the run and hide why it failed.
  client.on('error', (error) => console.error(`paint: database connection: ${error.message}`));
  await client.connect();
  const copies = [
    { name: 'none', ...(await copyWith(client, doc, 'none', 0, analysts)) },
    { name: '5000', ...(await copyWith(client, doc, '5000', 5000, analysts)) },
    { name: '20000', ...(await copyWith(client, doc, '20000', 20000, analysts)) },
    { name: 'solo', ...(await copyWith(client, doc, 'solo', 6000, [me])) },
  ];
  let browser: Browser | undefined;
  mkdirSync(options.resultsDir, { recursive: true });
  try {
    browser = await chromium.launch(chromiumLaunchOptions());
    const context: BrowserContext = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const [name, value] = (await options.sessionCookie(baseUrl, me.email)).split('=');
    await context.addCookies([{ name, value, url: baseUrl }]);
    await context.addInitScript(LONG_TASKS);
    const page = await context.newPage();
    const url = (slug: string) => `${baseUrl}/documents/${slug}`;
    // A first load of each warms the server and the browser's caches; then the copies take turns.
    for (const copy of copies) await load(page, url(copy.slug), copy.count);
    const loads: Record<string, Awaited<ReturnType<typeof load>>[]> = {};
    for (let run = 0; run < RUNS; run++) {
      for (const copy of copies) {
        const one = await load(page, url(copy.slug), copy.count);
        (loads[copy.name] ??= []).push(one);
        console.log(`paint ${copy.name}: ${round(one.painted)} ms (quiet ${round(one.quiet)} ms, first byte ${round(one.firstByte)} ms, DOM ready ${round(one.domReady)} ms, ${round(one.bytes / 1024, 0)} KB)`);
      }
    }
    if (process.env.BENCH_PAINT_PROFILE) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Profiler.enable');
      for (const copy of copies) {
        await cdp.send('Profiler.start');
        await load(page, url(copy.slug), copy.count);
        const { profile } = await cdp.send('Profiler.stop');
        writeFileSync(path.join(options.resultsDir, `paint-${copy.name}.cpuprofile`), JSON.stringify(profile));
      }
      await cdp.detach();
    }
    const traceFile = path.join(options.resultsDir, `paint-trace-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    const busy = copies[1];
    const trace = await responsiveness(browser, page, url(busy.slug), busy.count, traceFile);

    const figures = Object.fromEntries(
      copies.map((copy) => {
        const list = loads[copy.name];
        const pick = (key: keyof (typeof list)[number]) => round(median(list.map((l) => l[key])));
        return [
          copy.name,
          {
            annotations: copy.count,
            paintedMs: pick('painted'),
            runsMs: list.map((l) => round(l.painted)),
            quietMs: pick('quiet'),
            longestTaskMs: pick('longestTask'),
            firstByteMs: pick('firstByte'),
            receivedMs: pick('received'),
            domReadyMs: pick('domReady'),
            htmlKB: round(median(list.map((l) => l.bytes)) / 1024, 0),
          },
        ];
      }),
    );
    const none = figures.none;
    const five = figures['5000'];
    const twenty = figures['20000'];
    const solo = figures.solo;
    const results = {
      document: doc.slug,
      analysts: ANALYSTS,
      runs: RUNS,
      loads: figures,
      ratios: { fiveThousandToNone: round(five.paintedMs / none.paintedMs, 2), twentyToFiveThousand: round(twenty.paintedMs / five.paintedMs, 2) },
      panel: trace,
      trace: path.basename(traceFile),
    };
    const detail = (f: (typeof figures)[string]) =>
      `${f.annotations} annotations; quiet ${f.quietMs} ms; first byte ${f.firstByteMs} ms, received ${f.receivedMs} ms (${f.htmlKB} KB), DOM ready ${f.domReadyMs} ms; runs ${f.runsMs.join(', ')}`;
    const rows: Record<string, Row> = {
      'paint: no annotations': { value: `${none.paintedMs} ms`, detail: detail(none), target: '(the base)' },
      'paint: 5,000 by 25 analysts': { value: `${five.paintedMs} ms`, detail: detail(five), target: '' },
      'paint: 5,000 ÷ none': { value: results.ratios.fiveThousandToNone, detail: 'same document, same run', target: '≤ 4' },
      'paint: 20,000 by 25 analysts': { value: `${twenty.paintedMs} ms`, detail: detail(twenty), target: '' },
      'paint: 20,000 ÷ 5,000': { value: results.ratios.twentyToFiveThousand, detail: 'cost grows no faster than the work', target: '≤ 3' },
      'paint: ~6,000 by the reader alone': { value: `${solo.paintedMs} ms`, detail: detail(solo), target: 'was ~2,600 ms (issue 13)' },
      'panel scroll, 5,000 cards: longest frame': {
        value: `${trace.scroll.longestFrameMs} ms`,
        detail: `${trace.scroll.frames} frames, ${trace.scroll.framesOver50} over 50 ms; longest main-thread task ${trace.scroll.longestTaskMs} ms; in ${trace.scroll.windowMs} ms the main thread was busy ${trace.scroll.mainThreadBusyMs} ms (script ${trace.scroll.scriptMs} ms), raster ${trace.scroll.rasterMs} ms; machine load ${trace.scroll.loadAverage}; panel ${trace.scrollHeight} px; trace ${results.trace}`,
        target: '≤ 50 ms',
      },
      'hover highlights, 5,000: longest frame': {
        value: `${trace.hover.longestFrameMs} ms`,
        detail: `${trace.hover.tooltips} of ${trace.hover.spots} hovers showed a tooltip; ${trace.hover.framesOver50} frames over 50 ms; longest task ${trace.hover.longestTaskMs} ms`,
        target: '≤ 50 ms',
      },
    };
    for (const [label, row] of Object.entries(rows)) console.log(`${label}: ${row.value}${row.target ? ` (target ${row.target})` : ''} — ${row.detail}`);
    return { results, rows };
  } finally {
    await browser?.close();
    // The copies go: later parts of the bench see the corpus as it was.
    const ids = copies.map((c) => c.id);
    await client.query(`DELETE FROM "Source" WHERE "annotationId" IN (SELECT id FROM "Annotation" WHERE "documentId" = ANY($1::uuid[]))`, [ids]);
    await client.query(`DELETE FROM "AnnotationEvent" WHERE "annotationId" IN (SELECT id FROM "Annotation" WHERE "documentId" = ANY($1::uuid[]))`, [ids]);
    await client.query(`DELETE FROM "Annotation" WHERE "documentId" = ANY($1::uuid[])`, [ids]);
    await client.query(`DELETE FROM "Presence" WHERE "documentId" = ANY($1::uuid[])`, [ids]);
    await client.query(`DELETE FROM "Document" WHERE id = ANY($1::uuid[])`, [ids]);
    await client.end();
  }
}
