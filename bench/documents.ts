// Bring your own documents (issue #9): ingest and search figures for `npm run bench` (part
// `documents`). Never timed assertions: figures and ratios.
// - Ingest: a 2 MB Markdown text (JSON) and a 200-page PDF made by pdf-lib (multipart), each
//   POSTed to /api/documents: seconds, and the growth of the server's resident memory meanwhile
//   (target < 200 MB); beside the time to read the same document back from the database
//   (GET /api/documents/:slug) and render its page (GET /documents/:slug).
// - Search: 1,000 documents and 200,000 annotations (BENCH_SEARCH_ANNOTATIONS) written straight
//   into the database, then GET /api/search for a bounded set of queries (BENCH_SEARCH_QUERIES,
//   default 200) as an analyst: p50/p95 server time (the route's Server-Timing header: the search
//   in the server, sign-in check included; target p95 < 100 ms) and round trip on this machine,
//   beside a plain SELECT count(*) over the same tables in the same run.
import pg from 'pg';
import { makePdf } from '../test/documents';
import { rssMb } from './accounts';

const MiB = 1024 * 1024;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

const WORDS = (
  'integration treaty border customs union gas oil price subsidy pipeline transit army exercise sanctions ' +
  'election protest opposition parliament ministry president budget loan credit rouble currency inflation ' +
  'export import potash fertiliser railway port grain harvest nuclear plant energy grid tariff quota market ' +
  'agreement negotiation summit delegation programme chapter reform privatisation enterprise factory worker ' +
  'wage pension health school university church language culture identity memory history archive media ' +
  'newspaper television internet censorship security intelligence police court judge prison lawyer rights ' +
  'refugee migration diaspora europe lithuania poland ukraine china kazakhstan armenia georgia moldova ' +
  'strategy doctrine deterrence missile airfield brigade garrison command logistics corridor supply demand ' +
  'forecast probability scenario risk uncertainty estimate trend indicator signal evidence claim source'
).split(' ');

/** A deterministic pseudo-random sequence (mulberry32). */
function random(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sentence(next: () => number, words: number) {
  const list = Array.from({ length: words }, () => WORDS[Math.floor(next() * WORDS.length)]);
  list[0] = list[0][0].toUpperCase() + list[0].slice(1);
  return `${list.join(' ')}.`;
}

/** About `bytes` of Markdown: headings, paragraphs with emphasis, lists. */
export function bigMarkdown(bytes: number, seed = 1): string {
  const next = random(seed);
  const parts: string[] = ['# A Long Report on Integration'];
  let size = parts[0].length;
  for (let i = 0; size < bytes; i++) {
    let block: string;
    if (i % 25 === 0) block = `## Section ${i / 25 + 1}: ${sentence(next, 4).slice(0, -1)}`;
    else if (i % 11 === 0) block = Array.from({ length: 4 }, () => `- ${sentence(next, 8)}`).join('\n');
    else block = Array.from({ length: 6 }, (_, k) => (k === 2 ? `*${sentence(next, 6)}*` : sentence(next, 14))).join(' ');
    parts.push(block);
    size += block.length + 2;
  }
  return parts.join('\n\n');
}

/** A `pages`-page PDF: a heading on each tenth page, paragraphs of lines, hyphenated ends. */
export async function bigPdf(pages: number, seed = 2): Promise<Uint8Array> {
  const next = random(seed);
  return makePdf(
    Array.from({ length: pages }, (_, p) => ({
      heading: p % 10 === 0 ? `Chapter ${p / 10 + 1}` : undefined,
      paragraphs: Array.from({ length: 6 }, () => Array.from({ length: 7 }, () => sentence(next, 11).slice(0, 80))),
    })),
    { header: 'Bench Report — Working Paper', title: 'A Two-Hundred-Page Report' },
  );
}

type Session = { baseUrl: string; cookie: string; appPid: number };

async function timed<T>(session: Session, work: () => Promise<T>) {
  const baseline = rssMb(session.appPid);
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(session.appPid))), 20);
  const started = performance.now();
  try {
    const result = await work();
    return { result, seconds: (performance.now() - started) / 1000, rssGrowthMb: Math.max(0, peak - baseline), baselineMb: baseline };
  } finally {
    clearInterval(sampler);
  }
}

async function readAndRender(session: Session, slug: string) {
  const started = performance.now();
  const api = await fetch(`${session.baseUrl}/api/documents/${slug}`, { headers: { cookie: session.cookie } });
  await api.arrayBuffer();
  const page = await fetch(`${session.baseUrl}/documents/${slug}`, { headers: { cookie: session.cookie } });
  const html = await page.text();
  if (!page.ok || !html.includes('reader')) throw new Error(`document page ${page.status}`);
  return (performance.now() - started) / 1000;
}

export async function benchIngest(session: Session) {
  const post = async (body: BodyInit, headers: Record<string, string> = {}) => {
    const response = await fetch(`${session.baseUrl}/api/documents`, { method: 'POST', headers: { cookie: session.cookie, ...headers }, body });
    const answer = (await response.json()) as { slug?: string; error?: unknown };
    if (response.status !== 201) throw new Error(`ingest failed: ${response.status} ${JSON.stringify(answer)}`);
    return answer.slug!;
  };
  const markdown = bigMarkdown(2 * MiB);
  const md = await timed(session, () => post(JSON.stringify({ format: 'markdown', content: markdown }), { 'content-type': 'application/json' }));
  const mdRead = await readAndRender(session, md.result);
  const pdfBytes = await bigPdf(200);
  const form = () => {
    const data = new FormData();
    data.append('file', new Blob([Buffer.from(pdfBytes)], { type: 'application/pdf' }), 'report.pdf');
    return data;
  };
  const pdf = await timed(session, () => post(form()));
  const pdfRead = await readAndRender(session, pdf.result);
  const figures = {
    markdown: { megabytes: round(Buffer.byteLength(markdown) / 1e6, 2), seconds: round(md.seconds, 2), rssGrowthMb: round(md.rssGrowthMb), readAndRenderSeconds: round(mdRead, 3), ratio: round(md.seconds / mdRead, 1) },
    pdf: { pages: 200, megabytes: round(pdfBytes.length / 1e6, 2), seconds: round(pdf.seconds, 2), rssGrowthMb: round(pdf.rssGrowthMb), readAndRenderSeconds: round(pdfRead, 3), ratio: round(pdf.seconds / pdfRead, 1) },
  };
  console.log(`ingest: ${JSON.stringify(figures)}`);
  return figures;
}

const SEARCH_DOCUMENTS = Number(process.env.BENCH_SEARCH_DOCUMENTS ?? 1000);
const SEARCH_ANNOTATIONS = Number(process.env.BENCH_SEARCH_ANNOTATIONS ?? 200_000);
const SEARCH_QUERIES = Number(process.env.BENCH_SEARCH_QUERIES ?? 200);

/** Fills the database: documents with their passages, annotations with notes, written by `authorIds`. */
export async function fill(databaseUrl: string, authorIds: string[]) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const next = random(3);
    const started = performance.now();
    for (let d = 0; d < SEARCH_DOCUMENTS; d += 100) {
      const batch = Array.from({ length: Math.min(100, SEARCH_DOCUMENTS - d) }, (_, k) => {
        const paragraphs = Array.from({ length: 8 }, () => Array.from({ length: 4 }, () => sentence(next, 12)).join(' '));
        return { title: `Bench document ${d + k}: ${sentence(next, 4).slice(0, -1)}`, text: paragraphs.join('\n\n'), paragraphs };
      });
      const { rows } = await client.query<{ id: string; text: string }>(
        `INSERT INTO "Document" (id, slug, title, "sourceFile", content, text, "textHash", format, "updatedAt")
         SELECT gen_random_uuid(), 'bench-' || md5(t), title, 'bench', '{"type":"doc"}'::jsonb, t, md5(t) || md5(title), 'text', now()
         FROM unnest($1::text[], $2::text[]) AS x(title, t) RETURNING id, text`,
        [batch.map((b) => b.title), batch.map((b) => b.text)],
      );
      for (const row of rows) {
        let at = 0;
        const passages = row.text.split('\n\n').map((p, i) => {
          const passage = { position: i, start: at, end: at + p.length, text: p };
          at += p.length + 2;
          return passage;
        });
        await client.query(
          `INSERT INTO "DocumentPassage" ("documentId", position, start, "end", text) SELECT $1, p, s, e, t FROM unnest($2::int[], $3::int[], $4::int[], $5::text[]) AS x(p, s, e, t)`,
          [row.id, passages.map((p) => p.position), passages.map((p) => p.start), passages.map((p) => p.end), passages.map((p) => p.text)],
        );
      }
    }
    // Notes are 6–14 words from the vocabulary; the quote is a stretch of the document's text.
    await client.query(`CREATE TEMP TABLE bench_docs AS SELECT (row_number() OVER (ORDER BY id) - 1)::int AS n, id, text, "textHash" FROM "Document" WHERE slug LIKE 'bench-%'`);
    await client.query(`CREATE INDEX ON bench_docs (n)`);
    await client.query(
      `INSERT INTO "Annotation" (id, "documentId", "authorId", kind, start, "end", exact, prefix, suffix, "textHash", note, "updatedAt")
       SELECT gen_random_uuid(), d.id, ($3::uuid[])[1 + i % array_length($3::uuid[], 1)], (ARRAY['CLAIM','FACT','FORECAST']::"AnnotationKind"[])[1 + i % 3],
              (i * 37) % 400, (i * 37) % 400 + 40, substr(d.text, (i * 37) % 400 + 1, 40), '', '', d."textHash",
              array_to_string(ARRAY(SELECT ($2::text[])[1 + ((i * 7919 + k * 104729) % array_length($2::text[], 1))] FROM generate_series(1, 6 + i % 9) AS k), ' '),
              now()
       FROM generate_series(1, $1::int) AS i JOIN bench_docs d ON d.n = i % $4::int`,
      [SEARCH_ANNOTATIONS, WORDS, authorIds, SEARCH_DOCUMENTS],
    );
    // As autovacuum would within a minute of the load: statistics, hint bits and the visibility map
    // set, the GIN indexes' pending lists merged. Without it the first minute of queries pays for the
    // bulk load (and autovacuum may start in the middle of the figures).
    await client.query('VACUUM ANALYZE');
    return (performance.now() - started) / 1000;
  } finally {
    await client.end();
  }
}

export async function benchSearch(databaseUrl: string, session: Session, authorIds: string[]) {
  const fillSeconds = await fill(databaseUrl, authorIds);
  const next = random(4);
  const word = () => WORDS[Math.floor(next() * WORDS.length)];
  const queries = Array.from({ length: SEARCH_QUERIES }, (_, i) =>
    i % 4 === 0 ? `${word()} ${word()}` : i % 4 === 1 ? `"${word()} ${word()}"` : i % 4 === 2 ? `${word()} -${word()}` : word(),
  );
  const kinds = ['', '', 'annotation', 'document'];
  // Warm up: the first queries load the indexes.
  for (const q of queries.slice(0, 10)) await fetch(`${session.baseUrl}/api/search?q=${encodeURIComponent(q)}`, { headers: { cookie: session.cookie } });
  const times: number[] = [];
  const serverTimes: number[] = [];
  let results = 0;
  for (const [i, q] of queries.entries()) {
    const kind = kinds[i % kinds.length];
    const started = performance.now();
    const response = await fetch(`${session.baseUrl}/api/search?q=${encodeURIComponent(q)}${kind ? `&kind=${kind}` : ''}`, { headers: { cookie: session.cookie } });
    const body = (await response.json()) as { total: number };
    times.push(performance.now() - started);
    if (response.status !== 200) throw new Error(`search ${response.status}`);
    const server = /search;dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '');
    if (!server) throw new Error('search: no Server-Timing header');
    serverTimes.push(Number(server[1]));
    results += body.total;
  }
  times.sort((a, b) => a - b);
  serverTimes.sort((a, b) => a - b);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const counts: number[] = [];
  for (let i = 0; i < 20; i++) {
    const started = performance.now();
    await client.query(`SELECT (SELECT count(*) FROM "Annotation") + (SELECT count(*) FROM "DocumentPassage") + (SELECT count(*) FROM "Reply") + (SELECT count(*) FROM "Source") + (SELECT count(*) FROM "Document") AS n`);
    counts.push(performance.now() - started);
  }
  const { rows } = await client.query<{ annotations: string; documents: string }>(`SELECT (SELECT count(*) FROM "Annotation") AS annotations, (SELECT count(*) FROM "Document") AS documents`);
  await client.end();
  counts.sort((a, b) => a - b);
  const figures = {
    documents: Number(rows[0].documents),
    annotations: Number(rows[0].annotations),
    queries: SEARCH_QUERIES,
    serverP50Ms: round(percentile(serverTimes, 50)),
    serverP95Ms: round(percentile(serverTimes, 95)),
    p50Ms: round(percentile(times, 50)),
    p95Ms: round(percentile(times, 95)),
    maxMs: round(times.at(-1)!),
    meanResults: round(results / SEARCH_QUERIES, 0),
    countStarP50Ms: round(percentile(counts, 50)),
    fillSeconds: round(fillSeconds, 1),
  };
  console.log(`search: ${JSON.stringify(figures)}`);
  return figures;
}
