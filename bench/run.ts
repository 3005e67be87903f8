// `npm run bench`: speed figures for the annotate loop, never part of `npm test`.
// Prints a table and writes bench/results/<timestamp>.json. Targets (issue #2): create-annotation
// throughput ≥ 0.5 × raw INSERT with p95 < 50 ms at 50 concurrent clients; 5,000 annotations by 25
// analysts painted < 1 s after navigation; issue 13: the reader on busy documents (bench/paint.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startStack } from '../scripts/stack';
import { liveLatency } from './live';
import { agreementRows, benchAgreement, forecastRows } from './agreement';
import { benchIngest, benchSearch } from './documents';
import { benchPaint } from './paint';
import { serverParts } from './server';
import { createAnalysts, type Doc, round, rssMb, seedExportSet, sessionCookie, targets } from './accounts';

const root = path.resolve(import.meta.dirname, '..');
const CLIENTS = 50;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function createThroughput(baseUrl: string, doc: Doc) {
  const analysts = await createAnalysts(baseUrl, CLIENTS, 'writer');
  const cookies = await Promise.all(analysts.map((a) => sessionCookie(baseUrl, a.email)));
  const pool = targets(doc, 500);
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    cookies.map(async (cookie) => {
      while (next < REQUESTS) {
        const i = next++;
        const body = JSON.stringify({
          document: doc.slug,
          kind: 'FORECAST',
          target: pool[i % pool.length],
          forecast: { probability: (i % 100) / 100, confidence: 'MODERATE', resolveBy: '2024-12-31' },
          sources: [{ url: 'https://example.org/source', relation: 'SUPPORTS', reliability: 'B' }],
        });
        const t0 = performance.now();
        const response = await fetch(`${baseUrl}/api/annotations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body,
        });
        await response.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (response.status !== 201) failures++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, failures, perSecond: latencies.length / seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}

/** The same rows written by plain single-row INSERTs over 50 connections: the database's ceiling. */
async function rawInsertThroughput(databaseUrl: string, doc: Doc, authorId: string) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: CLIENTS });
  const spans = targets(doc, 500);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const client = await pool.connect();
      try {
        while (next < REQUESTS) {
          const t = spans[next++ % spans.length];
          await client.query(
            `INSERT INTO "Annotation" (id, "documentId", "authorId", kind, start, "end", exact, prefix, suffix, "textHash", probability, confidence, "resolveBy", "updatedAt")
             VALUES (gen_random_uuid(), $1, $2, 'FORECAST', $3, $4, $5, '', '', $6, 0.5, 'MODERATE', '2024-12-31', now())`,
            [doc.id, authorId, t.start, t.end, t.exact, doc.textHash],
          );
        }
      } finally {
        client.release();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await pool.end();
  return { perSecond: REQUESTS / seconds };
}

const EXPORT_ANNOTATIONS = Number(process.env.BENCH_EXPORT ?? 100_000);
const EXPORT_REPEAT = Number(process.env.BENCH_EXPORT_REPEAT ?? 3);

/** Streams the export of 100,000 annotations in each format, sampling the server's memory meanwhile. */
async function exportThroughput(baseUrl: string, databaseUrl: string, appPid: number, doc: Doc) {
  const [analyst] = await createAnalysts(baseUrl, 1, 'exporter');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await seedExportSet(client, doc, analyst.id, EXPORT_ANNOTATIONS);
  await client.end();
  const cookie = await sessionCookie(baseUrl, analyst.email);
  /** One export read to the end; `encoding` is the Accept-Encoding sent (fetch asks for gzip unless told otherwise). */
  async function once(format: string, encoding?: string) {
    const baselineRssMb = rssMb(appPid);
    let peakRssMb = baselineRssMb;
    const sampler = setInterval(() => (peakRssMb = Math.max(peakRssMb, rssMb(appPid))), 50);
    const started = performance.now();
    const response = await fetch(`${baseUrl}/api/export?format=${format}`, { headers: { cookie, ...(encoding ? { 'accept-encoding': encoding } : {}) } });
    let bytes = 0;
    const reader = response.body!.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) bytes += chunk.value.length;
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    return { perSecond: EXPORT_ANNOTATIONS / seconds, megabytes: bytes / 1e6, peakRssMb, baselineRssMb, contentEncoding: response.headers.get('content-encoding') ?? 'identity' };
  }
  const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
  // Other work shares this machine: each figure is the median of several runs, formats interleaved.
  const runs: Record<string, Awaited<ReturnType<typeof once>>[]> = {};
  const identity: Record<string, Awaited<ReturnType<typeof once>>[]> = {};
  for (let i = 0; i < EXPORT_REPEAT; i++) {
    for (const format of ['w3c', 'csv', 'jsonl']) {
      (runs[format] ??= []).push(await once(format));
      // What a script that does not ask for compression (curl) gets: the server's own speed.
      (identity[format] ??= []).push(await once(format, 'identity'));
    }
  }
  const results: Record<string, { perSecond: number; megabytes: number; peakRssMb: number; baselineRssMb: number; contentEncoding: string; runs: number[]; uncompressedPerSecond: number }> = {};
  for (const [format, list] of Object.entries(runs)) {
    results[format] = {
      perSecond: median(list.map((r) => r.perSecond)),
      megabytes: list[0].megabytes,
      peakRssMb: Math.max(...[...list, ...identity[format]].map((r) => r.peakRssMb)),
      baselineRssMb: list[0].baselineRssMb,
      contentEncoding: list[0].contentEncoding,
      runs: list.map((r) => Math.round(r.perSecond)),
      uncompressedPerSecond: median(identity[format].map((r) => r.perSecond)),
    };
    console.log(`export ${format}: ${list[0].contentEncoding} ${results[format].runs.join(', ')}/s; uncompressed ${identity[format].map((r) => Math.round(r.perSecond)).join(', ')}/s; RSS ${[...list, ...identity[format]].map((r) => `${Math.round(r.baselineRssMb)}→${Math.round(r.peakRssMb)}`).join(', ')} MB`);
  }
  return results;
}

/** `BENCH_ONLY=live,export` runs just those parts (create, paint, export, live, stats, documents; bench/server.ts: load, board, memory). */
const only = new Set((process.env.BENCH_ONLY ?? 'load,create,paint,export,live,stats,board,memory,documents').split(',').map((s) => s.trim()));

async function main() {
  const stack = await startStack({ instances: 2 });
  try {
    const client = new pg.Client({ connectionString: stack.databaseUrl });
    await client.connect();
    const { rows } = await client.query<Doc>(`SELECT id, slug, text, "textHash" FROM "Document" ORDER BY length(text) DESC LIMIT 1`);
    await client.end();
    const doc = rows[0];

    const at = new Date().toISOString();
    const results: Record<string, unknown> = {
      at,
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
    };
    const table: Record<string, { value: string | number; detail: string; target: string }> = {};
    // The server-side parts (issue #13): load against the floor first, then the rest below.
    const server = serverParts(only, stack, doc, results, table);
    await server.before();
    if (only.has('create')) {
      const api = await createThroughput(stack.baseUrl, doc);
      const raw = await rawInsertThroughput(stack.databaseUrl, doc, (await createAnalysts(stack.baseUrl, 1, 'raw'))[0].id);
      results.createAnnotation = { clients: CLIENTS, ...api, rawInsertPerSecond: raw.perSecond, ratio: api.perSecond / raw.perSecond };
      table['POST /api/annotations'] = { value: `${round(api.perSecond)}/s`, detail: `p50 ${round(api.p50)} ms, p95 ${round(api.p95)} ms, ${api.failures} failed`, target: 'p95 < 50 ms' };
      table['raw INSERT (same DB)'] = { value: `${round(raw.perSecond)}/s`, detail: `${CLIENTS} connections`, target: '' };
      table['API / raw ratio'] = { value: round(api.perSecond / raw.perSecond, 3), detail: `${REQUESTS} requests each`, target: '≥ 0.5' };
    }
    if (only.has('paint')) {
      const paint = await benchPaint({ ...stack, doc, createAnalysts, sessionCookie, resultsDir: path.join(root, 'bench', 'results') });
      results.paint = paint.results;
      Object.assign(table, paint.rows);
    }
    if (only.has('export')) {
      const exports = await exportThroughput(stack.baseUrl, stack.databaseUrl, stack.appPid, doc);
      results.exports = { annotations: EXPORT_ANNOTATIONS, ...exports };
      for (const [format, e] of Object.entries(exports)) {
        table[`export ${format}`] = {
          value: `${round(e.perSecond, 0)}/s`,
          detail: `${EXPORT_ANNOTATIONS} annotations, ${round(e.megabytes)} MB; server RSS peak ${round(e.peakRssMb)} MB (before ${round(e.baselineRssMb)} MB)`,
          target: '≥ 20000/s, < 150 MB',
        };
      }
    }
    if (only.has('live')) {
      const [writer] = await createAnalysts(stack.baseUrl, 1, 'live');
      const live = await liveLatency(stack.baseUrls[0], stack.baseUrls[1], await sessionCookie(stack.baseUrl, writer.email), doc);
      results.live = live;
      table['live update, write → browser on another instance'] = { value: `p50 ${live.p50} ms`, detail: `p95 ${live.p95} ms, max ${live.max} ms, ${live.writes} writes, ${live.missed} missed`, target: 'within 1 s' };
    }
    if (only.has('stats')) {
      // On the corpus alone: the earlier parts leave 100,000 annotations on the largest document.
      const cleanup = new pg.Client({ connectionString: stack.databaseUrl });
      await cleanup.connect();
      await cleanup.query('TRUNCATE "Annotation" CASCADE');
      await cleanup.end();
      // 1,000 annotations per analyst and document: 25 × 5 × 1,000 = 125,000 (BENCH_AGREEMENT_PER_DOC).
      process.env.BENCH_AGREEMENT_PER_DOC ??= '25000';
      const agreement = await benchAgreement(stack.databaseUrl);
      results.agreement = agreement;
      Object.assign(table, agreementRows(agreement));
      Object.assign(table, forecastRows(agreement.forecasts));
    }
    if (only.has('documents')) {
      // Issue #9: ingest (2 MB Markdown, 200-page PDF) and search (1,000 documents, 200,000 annotations).
      const analysts = await createAnalysts(stack.baseUrl, 5, 'reader');
      const session = { baseUrl: stack.baseUrl, cookie: await sessionCookie(stack.baseUrl, analysts[0].email), appPid: stack.appPid };
      const ingest = await benchIngest(session);
      results.ingest = ingest;
      for (const [name, f] of Object.entries(ingest)) {
        table[`ingest ${name === 'pdf' ? '200-page PDF' : '2 MB Markdown'}`] = {
          value: `${f.seconds} s`,
          detail: `server RSS +${f.rssGrowthMb} MB; read + render ${f.readAndRenderSeconds} s (ingest ÷ read+render = ${f.ratio})`,
          target: 'RSS growth < 200 MB',
        };
      }
      const search = await benchSearch(stack.databaseUrl, session, analysts.map((a) => a.id));
      results.search = search;
      table['GET /api/search (server time)'] = {
        value: `p95 ${search.serverP95Ms} ms`,
        detail: `p50 ${search.serverP50Ms} ms (Server-Timing); round trip p50 ${search.p50Ms} ms, p95 ${search.p95Ms} ms, max ${search.maxMs} ms; ${search.queries} queries over ${search.documents} documents, ${search.annotations} annotations; SELECT count(*) over the same tables ${search.countStarP50Ms} ms`,
        target: 'p95 < 100 ms',
      };
    }
    await server.after();
    console.table(table);
    const dir = path.join(root, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${at.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify(results, null, 2));
    console.log(`written ${path.relative(root, file)}`);
  } finally {
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
