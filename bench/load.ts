// The write path and the signed-in reads against the framework's floor (issue #13, item 2), with a
// lean load generator (undici's Pool, in this process, 50 keep-alive connections, a bounded
// duration, 127.0.0.1 only). First the generator itself against a bare Node HTTP server (a 401, and
// the annotations read's answer), so a reader sees it is not what limits the figures; then the
// floor (a route answering 401 to an anonymous caller), then each route, all on the same build in
// the same run. Every answer's status is counted: under load the write path answers 2xx or a JSON
// 429/503, never 500.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { type Dispatcher, Pool } from 'undici';
import pg from 'pg';
import { createAnalysts, type Doc, round, type Row, sessionCookie, targets } from './accounts';

const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
// Long enough for the write path's code to be optimised: after 2 s a POST still ran at about
// half its steady rate (JIT), so the figure said more about warm-up than about the route.
const WARMUP_SECONDS = Number(process.env.BENCH_LOAD_WARMUP ?? 5);

export type LoadFigure = {
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  statuses: Record<string, number>;
  errors: number;
  /** CPU time per answered request, in ms, of the app process, the database's processes and this client. */
  cpu?: { app: number; postgres: number; client: number };
  /** This client's CPU time per answered request, in ms (the generator's own cost). */
  clientCpu: number;
};

/** Process `pid`'s parent and CPU time (user + system) in ms, from one read of /proc; null once it has gone. */
function procStat(pid: number): { parent: number; cpuMs: number } | null {
  try {
    // After the command name (which may hold spaces): ppid is field 4, utime and stime 14 and 15.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return { parent: Number(fields[1]), cpuMs: ((Number(fields[11]) + Number(fields[12])) * 1000) / 100 }; // 100 clock ticks a second on Linux
  } catch {
    return null;
  }
}

/**
 * Where a run's CPU went (Linux): the app process, the database server (its postmaster, found by
 * the port on its command line, and every child of it) and this process. Taken before and after a
 * run; backends that exit during it are missed, so the database's figure is a lower bound.
 */
function cpuSnapshot(appPid: number, databasePort: string) {
  const processes = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
  const postmaster = processes.find((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').includes(` -p ${databasePort}`);
    } catch {
      return false;
    }
  });
  const database = new Map<number, number>();
  for (const pid of processes) {
    const stat = procStat(pid); // null: gone meanwhile
    if (stat && (pid === postmaster || stat.parent === postmaster)) database.set(pid, stat.cpuMs);
  }
  const own = process.cpuUsage();
  return { app: procStat(appPid)?.cpuMs ?? 0, database, client: (own.user + own.system) / 1000 };
}

function cpuPerRequest(before: ReturnType<typeof cpuSnapshot>, after: ReturnType<typeof cpuSnapshot>, requests: number) {
  let postgres = 0;
  for (const [pid, ms] of after.database) postgres += ms - (before.database.get(pid) ?? 0);
  const per = (ms: number) => round(ms / Math.max(1, requests), 2);
  return { app: per(after.app - before.app), postgres: per(postgres), client: per(after.client - before.client) };
}

/** The app and database whose CPU a run reports (set by loadBench). */
let watched: { appPid: number; databasePort: string } | undefined;

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0);

type Run = { url: string; method?: string; headers?: Record<string, string>; body?: string; setup?: (i: number) => { headers?: Record<string, string>; body?: string; path?: string } };

/**
 * `run` for `seconds`, CONNECTIONS requests in flight at a time over as many keep-alive connections
 * (undici's Pool: its parser is llhttp, and each answer's body is read as bytes and dropped). The
 * generator was autocannon before: it decodes every answer's body into a string, which cost it
 * 0.9–1.2 ms of CPU per 75 KB answer holding a few non-ASCII characters (a document's annotations)
 * against undici's 0.1 ms, on the two cores the app shares with it.
 */
async function measure(run: Run, seconds = SECONDS): Promise<LoadFigure> {
  const url = new URL(run.url);
  const pool = new Pool(url.origin, { connections: CONNECTIONS, pipelining: 1, headersTimeout: 30_000, bodyTimeout: 30_000 });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let i = 0;
  const before = watched && cpuSnapshot(watched.appPid, watched.databasePort);
  const own = process.cpuUsage();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < deadline) {
        const extra = run.setup?.(i++) ?? {};
        const sent = performance.now();
        try {
          const response = await pool.request({
            origin: url.origin,
            path: extra.path ?? url.pathname + url.search,
            method: (run.method ?? 'GET') as Dispatcher.HttpMethod,
            headers: { ...run.headers, ...extra.headers },
            body: extra.body ?? run.body,
          });
          for await (const _chunk of response.body); // read to the end, kept nowhere
          latencies.push(performance.now() - sent);
          statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const ownUsed = process.cpuUsage(own);
  const cpu = before && cpuPerRequest(before, cpuSnapshot(watched!.appPid, watched!.databasePort), latencies.length);
  await pool.close();
  latencies.sort((a, b) => a - b);
  return {
    ...(cpu ? { cpu } : {}),
    clientCpu: round((ownUsed.user + ownUsed.system) / 1000 / Math.max(1, latencies.length), 3),
    perSecond: round(latencies.length / elapsed),
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    requests: latencies.length,
    statuses,
    errors,
  };
}

/** A warm-up run (discarded), then the measured one. */
async function warmThenMeasure(run: Run): Promise<LoadFigure> {
  await measure(run, WARMUP_SECONDS);
  return measure(run);
}

/**
 * The generator's own ceiling: a bare Node HTTP server in a child process answering `body` (by
 * default a 401's JSON) as the app does, in one chunk. Run with the annotations answer's own bytes
 * too, so a reader sees what a large answer costs the generator.
 */
async function generatorCeiling(body = '{"error":{"code":"UNAUTHENTICATED"}}', status = 401): Promise<LoadFigure> {
  const child = spawn(
    process.execPath,
    ['-e', `let body = Buffer.alloc(0); process.stdin.on('data', (chunk) => { body = Buffer.concat([body, chunk]); }).on('end', () => require('node:http').createServer((q, s) => { s.writeHead(${status}, { 'content-type': 'application/json' }); s.end(body); }).listen(0, '127.0.0.1', function () { console.log(this.address().port); }))`],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  child.stdin!.end(body);
  try {
    const port = await new Promise<string>((resolve) => child.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())));
    return await warmThenMeasure({ url: `http://127.0.0.1:${port}/` });
  } finally {
    child.kill();
  }
}

export type LoadBench = {
  connections: number;
  seconds: number;
  generatorCeiling: LoadFigure;
  /** The same against the bytes of the annotations read's answer. */
  generatorCeilingLarge?: LoadFigure & { bytes: number };
  floor: LoadFigure;
  documents: LoadFigure;
  /** The same reads, each with a URL of its own (`?fresh=<n>`, which the routes ignore), so none is answered from memory. */
  documentsFresh: LoadFigure;
  annotations: LoadFigure & { annotationsOnDocument: number };
  annotationsFresh: LoadFigure;
  create: LoadFigure & { analysts: number; kind: string };
  createClaims?: LoadFigure & { analysts: number; kind: string };
  floorAfter: LoadFigure;
  /** The floor measured before each route (documents, annotations, forecasts, claims) and after the last. */
  floors: number[];
};

/**
 * `baseUrl` is one app instance; the document `small` gets ANNOTATIONS_ON_READ annotations by
 * several analysts for the read, and the create figure writes forecasts on `doc` (every one joins
 * or opens a question: the slowest kind to create).
 */
export async function loadBench(baseUrl: string, databaseUrl: string, appPid: number, doc: Doc, small: Doc): Promise<LoadBench> {
  const base = baseUrl.replace('localhost', '127.0.0.1');
  const analysts = await createAnalysts(base, 25, 'load');
  const cookies = await Promise.all(analysts.map((a) => sessionCookie(base, a.email)));

  // A document as analysts leave it: 100 annotations by 5 analysts (written over HTTP, as usual).
  const ANNOTATIONS_ON_READ = 100;
  const spans = targets(small, ANNOTATIONS_ON_READ * 2).slice(0, ANNOTATIONS_ON_READ);
  const kinds = ['CLAIM', 'FACT', 'FORECAST'] as const;
  for (let i = 0; i < spans.length; i++) {
    const kind = kinds[i % 3];
    const response = await fetch(`${base}/api/annotations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: cookies[i % 5] },
      body: JSON.stringify({
        document: small.slug,
        kind,
        target: spans[i],
        note: 'a note',
        ...(kind === 'CLAIM' ? { claim: { attributedTo: 'someone', credibility: 3 } } : {}),
        ...(kind === 'FACT' ? { fact: { status: 'VERIFIED' } } : {}),
        ...(kind === 'FORECAST' ? { forecast: { probability: 0.4, confidence: 'MODERATE', resolveBy: '2030-12-31' } } : {}),
        sources: [{ url: 'https://example.org/source', relation: 'SUPPORTS', reliability: 'B' }],
      }),
    });
    if (response.status !== 201) throw new Error(`seeding the read document failed: ${response.status} ${await response.text()}`);
  }

  const generator = await generatorCeiling();
  const answer = await (await fetch(`${base}/api/documents/${small.slug}/annotations`, { headers: { cookie: cookies[0] } })).text();
  const generatorLarge = { ...(await generatorCeiling(answer, 200)), bytes: Buffer.byteLength(answer) };
  console.log(`load: generator ceiling ${generator.perSecond}/s, with the annotations answer (${generatorLarge.bytes} bytes) ${generatorLarge.perSecond}/s`);
  // From here each figure also says where its CPU went: the app, PostgreSQL, this client.
  watched = { appPid, databasePort: new URL(databaseUrl).port };
  const floor = await warmThenMeasure({ url: `${base}/api/documents` });
  console.log(`load: floor (401) ${floor.perSecond}/s`);
  // Other work on the machine comes and goes: each route is measured right after a floor run, and
  // its ratio is taken against that floor (`floors`).
  const floors: number[] = [floor.perSecond];
  const documents = await warmThenMeasure({ url: `${base}/api/documents`, setup: (i) => ({ headers: { cookie: cookies[i % cookies.length] } }) });
  // Repeated reads are answered from memory until anything is written (lib/realtime/reads.ts); the
  // same reads with a URL each, never repeated, show what reading afresh costs.
  const fresh = (path: string) => (i: number) => ({ headers: { cookie: cookies[i % cookies.length] }, path: `${path}?fresh=${i}` });
  const documentsFresh = await warmThenMeasure({ url: `${base}/api/documents`, setup: fresh('/api/documents') });
  console.log(`load: GET /api/documents ${documents.perSecond}/s, read afresh ${documentsFresh.perSecond}/s`);
  floors.push((await measure({ url: `${base}/api/documents` })).perSecond);
  const annotationsPath = `/api/documents/${small.slug}/annotations`;
  const annotations = await warmThenMeasure({ url: `${base}${annotationsPath}`, setup: (i) => ({ headers: { cookie: cookies[i % cookies.length] } }) });
  const annotationsFresh = await warmThenMeasure({ url: `${base}${annotationsPath}`, setup: fresh(annotationsPath) });
  console.log(`load: GET annotations ${annotations.perSecond}/s, read afresh ${annotationsFresh.perSecond}/s`);
  floors.push((await measure({ url: `${base}/api/documents` })).perSecond);
  // Writes: forecasts (each joins or opens a question, the slowest kind to create), then claims.
  const pool = targets(doc, 500);
  const createRun = (kind: 'FORECAST' | 'CLAIM'): Run => ({
    url: `${base}/api/annotations`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    setup: (i) => ({
      headers: { cookie: cookies[i % cookies.length] },
      body: JSON.stringify({
        document: doc.slug,
        kind,
        target: pool[i % pool.length],
        ...(kind === 'FORECAST'
          ? { forecast: { probability: (i % 100) / 100, confidence: 'MODERATE', resolveBy: '2030-12-31' } }
          : { claim: { attributedTo: 'a spokesperson', credibility: (i % 6) + 1 } }),
        sources: [{ url: 'https://example.org/source', relation: 'SUPPORTS', reliability: 'B' }],
      }),
    }),
  });
  const create = await warmThenMeasure(createRun('FORECAST'));
  console.log(`load: POST /api/annotations (forecasts) ${create.perSecond}/s ${JSON.stringify(create.statuses)}`);
  floors.push((await measure({ url: `${base}/api/documents` })).perSecond);
  const createClaims = await warmThenMeasure(createRun('CLAIM'));
  console.log(`load: POST /api/annotations (claims) ${createClaims.perSecond}/s ${JSON.stringify(createClaims.statuses)}`);
  const floorAfter = await measure({ url: `${base}/api/documents` });

  // Leave the database as the later parts expect it: they clear annotations themselves; the questions go too.
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`DELETE FROM "ForecastQuestion" WHERE "documentId" = ANY($1::uuid[])`, [[doc.id, small.id]]);
  await client.end();

  return {
    connections: CONNECTIONS,
    seconds: SECONDS,
    generatorCeiling: generator,
    generatorCeilingLarge: generatorLarge,
    floor,
    documents,
    documentsFresh,
    annotations: { ...annotations, annotationsOnDocument: ANNOTATIONS_ON_READ },
    annotationsFresh,
    create: { ...create, analysts: cookies.length, kind: 'FORECAST' },
    createClaims: { ...createClaims, analysts: cookies.length, kind: 'CLAIM' },
    floorAfter,
    floors: [...floors, floorAfter.perSecond],
  };
}

const statusText = (f: LoadFigure) =>
  Object.entries(f.statuses)
    .map(([status, n]) => `${n}×${status}`)
    .join(' ') + (f.errors ? `, ${f.errors} errors` : '');

/** The table rows bench/run.ts prints. */
export function loadRows(load: LoadBench): Record<string, Row> {
  const floor = load.floor.perSecond;
  const cpu = (f: LoadFigure) =>
    f.cpu ? `; CPU per request: app ${f.cpu.app} ms, PostgreSQL ${f.cpu.postgres} ms, client ${f.cpu.client} ms` : `; the generator's CPU per request: ${f.clientCpu} ms`;
  const figure = (f: LoadFigure) => `p50 ${f.p50} ms, p95 ${f.p95} ms; ${statusText(f)}${cpu(f)}`;
  // Against the floor measured just before the route (the same run, seconds apart).
  const ratio = (f: LoadFigure, i: number) => round(f.perSecond / (load.floors?.[i] ?? floor), 2);
  return {
    'load generator alone (bare Node 401)': { value: `${load.generatorCeiling.perSecond}/s`, detail: `${round(load.generatorCeiling.perSecond / floor, 1)} × the floor; ${figure(load.generatorCeiling)}`, target: '≫ floor' },
    'load generator alone, the annotations answer': load.generatorCeilingLarge
      ? {
          value: `${load.generatorCeilingLarge.perSecond}/s`,
          detail: `${load.generatorCeilingLarge.bytes} bytes an answer from a bare Node server; ${round(load.generatorCeilingLarge.perSecond / floor, 1)} × the floor; ${figure(load.generatorCeilingLarge)}`,
          target: '≫ floor',
        }
      : { value: '', detail: '', target: '' },
    'floor: anonymous GET /api/documents (401)': {
      value: `${floor}/s`,
      detail: `${figure(load.floor)}; before each route and after: ${(load.floors ?? []).join(', ')}/s`,
      target: `${load.connections} connections, ${load.seconds} s`,
    },
    'GET /api/documents signed in': {
      value: `${load.documents.perSecond}/s (× ${ratio(load.documents, 0)})`,
      detail: `repeated, so from memory (25 readers); ${figure(load.documents)}`,
      target: '≥ 0.8 × floor',
    },
    'GET /api/documents, read afresh': load.documentsFresh
      ? { value: `${load.documentsFresh.perSecond}/s (× ${ratio(load.documentsFresh, 0)})`, detail: `a URL each, never from memory; ${figure(load.documentsFresh)}`, target: '' }
      : { value: '', detail: '', target: '' },
    'GET a document’s annotations': {
      value: `${load.annotations.perSecond}/s (× ${ratio(load.annotations, 1)})`,
      detail: `${load.annotations.annotationsOnDocument} annotations, repeated, so from memory; ${figure(load.annotations)}`,
      target: '≥ 0.8 × floor',
    },
    'GET a document’s annotations, read afresh': load.annotationsFresh
      ? { value: `${load.annotationsFresh.perSecond}/s (× ${ratio(load.annotationsFresh, 1)})`, detail: `a URL each, never from memory; ${figure(load.annotationsFresh)}`, target: '' }
      : { value: '', detail: '', target: '' },
    'POST /api/annotations (forecasts)': { value: `${load.create.perSecond}/s (× ${ratio(load.create, 2)})`, detail: `${load.create.analysts} analysts' cookies; ${figure(load.create)}`, target: '≥ 0.6 × floor, no 500' },
    'POST /api/annotations (claims)': load.createClaims
      ? { value: `${load.createClaims.perSecond}/s (× ${ratio(load.createClaims, 3)})`, detail: `${load.createClaims.analysts} analysts' cookies; ${figure(load.createClaims)}`, target: '≥ 0.6 × floor, no 500' }
      : { value: '', detail: '', target: '' },
  };
}
