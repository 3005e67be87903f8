// Live-update latency (issue #4): from the moment a client sends a new annotation to one app
// instance until a browser reading the document on ANOTHER instance receives the event. The page
// listens with its own EventSource and stamps each arrival with Date.now(); this process stamps
// the send the same way (same machine, same clock), so the difference is the whole path:
// HTTP write → commit → NOTIFY → the other instance's LISTEN → SSE → browser.
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/browser';

export type LiveLatency = { writes: number; p50: number; p95: number; max: number; missed: number };

type Doc = { slug: string; text: string };

export async function liveLatency(
  writerUrl: string,
  readerUrl: string,
  cookie: string,
  doc: Doc,
  writes = Number(process.env.BENCH_LIVE_WRITES ?? 50),
): Promise<LiveLatency> {
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const context = await browser.newContext();
    const [name, value] = [cookie.slice(0, cookie.indexOf('=')), cookie.slice(cookie.indexOf('=') + 1)];
    await context.addCookies([{ name, value, url: readerUrl }]);
    const page = await context.newPage();
    // A page of the reader instance: its CSP allows connect-src 'self'. (An API answer's CSP is
    // default-src 'none', which blocks the EventSource: the part waited forever for it to open.)
    await page.goto(`${readerUrl}/`, { waitUntil: 'commit' });
    await page.evaluate(`
      window.__arrivals = {};
      window.__source = new EventSource('/api/documents/${doc.slug}/events');
      window.__ready = new Promise((resolve) => { window.__source.onopen = resolve; });
      const stamp = (event) => {
        const data = JSON.parse(event.data);
        const note = data.annotation && data.annotation.note;
        if (note && note.startsWith('latency-')) window.__arrivals[note] = Date.now();
      };
      window.__source.addEventListener('annotation', stamp);
    `);
    await page.evaluate(`Promise.race([window.__ready, new Promise((_, reject) => setTimeout(() => reject(new Error('the event stream did not open within 30 s')), 30000))])`);

    const codePoints = [...doc.text];
    const sent: Record<string, number> = {};
    for (let i = 0; i < writes; i++) {
      const start = (i * 97) % (codePoints.length - 40);
      const exact = codePoints.slice(start, start + 20).join('');
      const note = `latency-${i}`;
      sent[note] = Date.now();
      const response = await fetch(`${writerUrl}/api/annotations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ document: doc.slug, kind: 'CLAIM', target: { start, end: start + 20, exact }, note, claim: { credibility: 3 } }),
      });
      if (response.status !== 201) throw new Error(`create failed: ${response.status} ${await response.text()}`);
      // One write at a time: this measures latency, not throughput.
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const arrivals = (await page.evaluate('window.__arrivals')) as Record<string, number>;
    const latencies = Object.entries(sent)
      .filter(([note]) => arrivals[note] !== undefined)
      .map(([note, at]) => arrivals[note] - at)
      .sort((a, b) => a - b);
    const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
    return { writes, p50: at(0.5), p95: at(0.95), max: latencies[latencies.length - 1] ?? NaN, missed: writes - latencies.length };
  } finally {
    await browser.close();
  }
}
