// Agreement statistics at scale (issue #3): 25 analysts × 5 documents × 1,000 annotations per
// document, timed server-side (the service call, database read included) for each document and for
// the corpus, and the forecast statistics (board, leaderboard, analyst page). Target < 300 ms. `benchAgreement(databaseUrl)` needs a migrated database with the
// corpus loaded (bench/run.ts's stack has one); `npx tsx --conditions=react-server bench/agreement.ts`
// makes its own. BENCH_AGREEMENT_PER_DOC changes the annotations per document (e.g. 25000 = 1,000
// per analyst). Comparing keeps a document's annotations, rows and judgment statistics while their
// database fingerprint stays the same (lib/compare/load.ts): the figures are "warm" (a repeat
// request, unchanged annotations, as a running server mostly sees), "cold" (those caches emptied
// before each timed run: a fresh instance, which finds the results an instance computed kept in
// the database, lib/compare/results.ts), "uncomputed" (caches emptied and one annotation of the
// document changed before each run: a fresh instance after a change no instance has computed, so
// the kept results name the old annotations and it computes) and "after one change" (one
// annotation of the document changed by raw SQL before each timed run, caches held: the held
// annotations are patched, the rows matched and the statistics computed afresh).
// The kind-only report (the baseline of issue #10's "≤ 1.5 × kind-only") is timed in each state
// (it keeps nothing: its cold is its uncomputed), so each ratio divides like by like.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

const ANALYSTS = 25;
const RUNS = 7;
const KINDS = ['CLAIM', 'FORECAST', 'FACT'] as const;

export type AgreementBench = {
  analysts: number;
  documents: number;
  annotationsPerDocument: number;
  /** Median ms of documentAgreement per document, by slug (kinds and judgments, as the API answers), warm. */
  documentMs: Record<string, number>;
  /** The same, cold: compare caches emptied before each run (a fresh instance; results kept in the database). */
  documentColdMs: Record<string, number>;
  /** The same, uncomputed: compare caches emptied and one annotation of the document changed before each run (kept results stale). */
  documentUncomputedMs: Record<string, number>;
  /** The same, the first read after one annotation of the document changed (raw SQL, untimed) before each run, caches held. */
  documentChangedMs: Record<string, number>;
  corpusMs: number;
  corpusColdMs: number;
  corpusUncomputedMs: number;
  /** corpusAgreement after one annotation of one document changed. */
  corpusChangedMs: number;
  /** The same without the judgment statistics (kind-only, the report before issue #10), in the same run: warm, */
  documentKindOnlyMs: Record<string, number>;
  /** cold (compare caches emptied before each run), */
  documentKindOnlyColdMs: Record<string, number>;
  /** and after one change (one annotation of the document changed before each run). */
  documentKindOnlyChangedMs: Record<string, number>;
  corpusKindOnlyMs: number;
  corpusKindOnlyColdMs: number;
  corpusKindOnlyChangedMs: number;
  /** Median ms of the disagreement queue's first page over the corpus, and the rows it ranked. */
  queueMs: number;
  queueColdMs: number;
  queueUncomputedMs: number;
  /** The queue's first page after one annotation of one document changed. */
  queueChangedMs: number;
  queueRows: number;
  /** Median ms of compareDocument (rows + statistics) on the largest document, warm and cold. */
  compareMs: number;
  compareColdMs: number;
  /**
   * Median ms of the forecast board (every question with aggregates, spread and scores, sorted by
   * disagreement), its first page (50 questions in document order), the leaderboard under each score
   * (`leaderboardMs` is "at close", the score of before issue #11) and one analyst's page.
   */
  forecasts: {
    questions: number;
    entries: number;
    boardMs: number;
    firstPageMs: number;
    leaderboardMs: number;
    leaderboardByScoreMs: Record<string, number>;
    analystMs: number;
  };
  seedMs: number;
};

const round = (n: number) => Math.round(n * 10) / 10;

async function median(runs: number, work: () => Promise<unknown>, before?: () => unknown): Promise<number> {
  await work(); // warms the connection pool and the sentence cache, as a running server has
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    await before?.(); // untimed
    const t0 = performance.now();
    await work();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return round(times[Math.floor(times.length / 2)]);
}

/**
 * The medians of two works timed in turns (A, B, A, B, …, `before` untimed ahead of each), so both
 * figures of a ratio see the same machine load: on two shared cores, load drifts more between two
 * blocks of runs than the ratios' margins.
 */
async function pairedMedians(runs: number, a: () => Promise<unknown>, b: () => Promise<unknown>, before?: () => unknown): Promise<[number, number]> {
  await a();
  await b();
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < runs; i++) {
    for (const [w, work] of [a, b].entries()) {
      await before?.();
      const t0 = performance.now();
      await work();
      times[w].push(performance.now() - t0);
    }
  }
  const mid = (list: number[]) => round(list.sort((x, y) => x - y)[Math.floor(list.length / 2)]);
  return [mid(times[0]), mid(times[1])];
}

/**
 * Deterministic pseudo-random numbers (mulberry32), so every run times the same data. (The linear
 * congruential generator used before cycled after ~10,000 draws in double arithmetic, so dense
 * runs repeated the same passages over and over.)
 */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Analysts mark the same passages with jittered boundaries and mostly the same kind, so the
 * statistics see realistic agreement rather than noise: each passage is marked by a few analysts.
 */
function spansFor(length: number, count: number, rand: () => number) {
  const out: { analyst: number; kind: string; start: number; end: number }[] = [];
  const perPassage = 5;
  for (let i = 0; out.length < count; i++) {
    const base = Math.floor(rand() * Math.max(1, length - 300));
    const size = 40 + Math.floor(rand() * 200);
    const kind = KINDS[Math.floor(rand() * 3)];
    const first = Math.floor(rand() * ANALYSTS);
    for (let k = 0; k < perPassage && out.length < count; k++) {
      const start = Math.max(0, base + Math.floor(rand() * 20) - 10);
      const end = Math.min(length, start + size + Math.floor(rand() * 20) - 10);
      if (end <= start) continue;
      out.push({ analyst: (first + k) % ANALYSTS, kind: rand() < 0.2 ? KINDS[Math.floor(rand() * 3)] : kind, start, end });
    }
  }
  return out;
}

export type Seeded = {
  users: { id: string }[];
  docs: { id: string; slug: string; text: string; textHash: string }[];
  tag: number;
  questionsPerDocument: number;
};

/** The bench's analysts, annotations and forecast questions, added to the corpus in `client`'s database. */
export async function seedAgreement(client: pg.Client, perDocument: number): Promise<Seeded> {
  const tag = Date.now();
  const { rows: users } = await client.query<{ id: string }>(
    `INSERT INTO "User" (id, email, name, role, "passwordHash")
     SELECT gen_random_uuid(), 'agreement' || i || '-' || $1 || '@bench.test', 'Agreement ' || i, 'ANALYST', 'not a hash'
     FROM generate_series(1, $2) AS i RETURNING id`,
    [tag, ANALYSTS],
  );
  const { rows: docs } = await client.query<{ id: string; slug: string; text: string; textHash: string }>(
    `SELECT id, slug, text, "textHash" FROM "Document" ORDER BY slug`,
  );
  if (docs.length === 0) throw new Error('benchAgreement: the database has no documents (load the corpus first)');
  const rand = random(42);
  for (const doc of docs) {
    const codePoints = [...doc.text];
    const spans = spansFor(codePoints.length, perDocument, rand);
    for (let i = 0; i < spans.length; i += 2000) {
      const batch = spans.slice(i, i + 2000);
      // Arrays unnested server-side: one statement per 2,000 rows, no parameter-count limit.
      await client.query(
        `INSERT INTO "Annotation" (id, "documentId", "authorId", kind, start, "end", exact, prefix, suffix, "textHash", "updatedAt", "createdAt",
           credibility, "factStatus", probability)
         SELECT gen_random_uuid(), $1, a, k::"AnnotationKind", s, e, substr($2, s + 1, e - s), '', '', $3, now(), now() - (n || ' ms')::interval,
           -- Judgments for the field-level statistics (issue #10).
           CASE WHEN k = 'CLAIM' THEN 1 + floor(random() * 6)::int END,
           CASE WHEN k = 'FACT' THEN (ARRAY['VERIFIED', 'DISPUTED', 'FALSE', 'UNVERIFIED'])[1 + floor(random() * 4)::int]::"FactStatus" END,
           CASE WHEN k = 'FORECAST' THEN round(random()::numeric, 2)::float8 END
         FROM unnest($4::uuid[], $5::text[], $6::int[], $7::int[], $8::int[]) AS t(a, k, s, e, n)`,
        [
          doc.id,
          doc.text,
          doc.textHash,
          batch.map((s) => users[s.analyst].id),
          batch.map((s) => s.kind),
          batch.map((s) => s.start),
          batch.map((s) => s.end),
          batch.map((_, j) => i + j),
        ],
      );
    }
  }
  // Forecast questions as the same analysts would make them: a third of the passages are
  // forecasts, each passage marked by five analysts, so a question has five analysts' entries
  // (two each: a first probability and one update) spread over its 30-day life; a third carry the
  // document author's wording; half the questions are resolved, a day after they closed.
  const questionsPerDocument = Math.round(perDocument / 5 / 3);
  for (const doc of docs) {
    await client.query(
      `WITH q AS (
         INSERT INTO "ForecastQuestion" (id, "documentId", start, "end", exact, statement, "createdById", "createdAt", "closeAt", "authorProbability")
         SELECT gen_random_uuid(), $1, i % 1000, i % 1000 + 40, 'bench', 'Bench question ' || i, ($2::uuid[])[1 + i % 25],
           now() - interval '60 days' + (i || ' minutes')::interval, now() - interval '30 days' + (i || ' minutes')::interval,
           CASE WHEN i % 3 = 0 THEN 0.05 + (i % 90) / 100.0 END
         FROM generate_series(1, $3) AS i RETURNING id, "createdAt"
       )
       INSERT INTO "ForecastEntry" ("questionId", "analystId", probability, confidence, "createdAt")
       SELECT q.id, ($2::uuid[])[1 + (abs(hashtext(q.id::text)) + k * 5) % 25], 0.02 + random() * 0.96, 'MODERATE',
         q."createdAt" + (k * 4 + n * 12 + random() * 4) * interval '1 day'
       FROM q, generate_series(0, 4) AS k, generate_series(0, 1) AS n`,
      [doc.id, users.map((u) => u.id), questionsPerDocument],
    );
  }
  await client.query(
    `UPDATE "ForecastQuestion" SET outcome = (CASE WHEN random() < 0.5 THEN 'YES' ELSE 'NO' END)::"ForecastOutcome",
       "resolvedAt" = "closeAt" + interval '1 day', "resolutionNote" = 'bench'
     WHERE "createdById" = ANY($1::uuid[]) AND random() < 0.5`,
    [users.map((u) => u.id)],
  );
  await client.query('ANALYZE "Annotation"; ANALYZE "ForecastQuestion"; ANALYZE "ForecastEntry"');
  return { users, docs, tag, questionsPerDocument };
}

/** Removes what seedAgreement added. */
export async function unseedAgreement(client: pg.Client, users: { id: string }[]) {
  const ids = users.map((u) => u.id);
  await client.query(`DELETE FROM "ForecastQuestion" WHERE "createdById" = ANY($1::uuid[])`, [ids]);
  await client.query(`DELETE FROM "Annotation" WHERE "authorId" = ANY($1::uuid[])`, [ids]);
  await client.query(`DELETE FROM "User" WHERE id = ANY($1::uuid[])`, [ids]);
}

export async function benchAgreement(databaseUrl: string, perDocument = Number(process.env.BENCH_AGREEMENT_PER_DOC ?? 1000)): Promise<AgreementBench> {
  process.env.DATABASE_URL ??= databaseUrl;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const seeded = performance.now();
  const { users, docs, tag, questionsPerDocument } = await seedAgreement(client, perDocument);
  const seedMs = round(performance.now() - seeded);

  try {
    const { documentAgreement, corpusAgreement, compareDocument, warmUpsSettled } = await import('@/lib/compare/service');
    const { clearCompareCaches } = await import('@/lib/compare/load');
    const { storesSettled } = await import('@/lib/compare/results');
    /**
     * A fresh instance: nothing in memory, the results an instance computed kept in the database
     * (what the last run kept, and read in the background after answering, done first: untimed).
     */
    const cold = async () => {
      await storesSettled();
      await warmUpsSettled();
      clearCompareCaches();
    };
    /** A fresh instance after a change no instance has computed: nothing in memory, the kept results stale. */
    const uncomputed = (documentId: string) => async () => {
      await cold();
      await change(documentId)();
    };
    const actor = { id: users[0].id, email: `agreement1-${tag}@bench.test`, name: 'Agreement 1', role: 'ANALYST' as const };
    const documentMs: Record<string, number> = {};
    const documentColdMs: Record<string, number> = {};
    const documentUncomputedMs: Record<string, number> = {};
    const documentChangedMs: Record<string, number> = {};
    const documentKindOnlyMs: Record<string, number> = {};
    const documentKindOnlyColdMs: Record<string, number> = {};
    const documentKindOnlyChangedMs: Record<string, number> = {};
    // One claim per document, its credibility turned one step before each "changed" run, as an
    // analyst's edit would (raw SQL: the instance learns of it only from the database).
    const { rows: claims } = await client.query<{ documentId: string; id: string }>(
      `SELECT DISTINCT ON ("documentId") "documentId", id FROM "Annotation" WHERE kind = 'CLAIM' AND "authorId" = ANY($1::uuid[]) ORDER BY "documentId", id`,
      [users.map((u) => u.id)],
    );
    const change = (documentId: string) => async () => {
      const claim = claims.find((c) => c.documentId === documentId)!;
      await client.query(`UPDATE "Annotation" SET credibility = 1 + coalesce(credibility, 0) % 6 WHERE id = $1`, [claim.id]);
    };
    // Each state timed for both reports in turns (pairedMedians), so a ratio's two figures see the
    // same machine load.
    const kindOnly = { judgments: false };
    for (const doc of docs) {
      const kinds = () => documentAgreement(actor, doc.slug, null, kindOnly);
      const full = () => documentAgreement(actor, doc.slug);
      [documentKindOnlyColdMs[doc.slug], documentColdMs[doc.slug]] = await pairedMedians(RUNS, kinds, full, cold);
      documentUncomputedMs[doc.slug] = await median(RUNS, full, uncomputed(doc.id));
      [documentKindOnlyMs[doc.slug], documentMs[doc.slug]] = await pairedMedians(RUNS, kinds, full);
      [documentKindOnlyChangedMs[doc.slug], documentChangedMs[doc.slug]] = await pairedMedians(RUNS, kinds, full, change(doc.id));
    }
    const corpusKinds = () => corpusAgreement(actor, null, kindOnly);
    const corpusFull = () => corpusAgreement(actor);
    const [corpusKindOnlyColdMs, corpusColdMs] = await pairedMedians(RUNS, corpusKinds, corpusFull, cold);
    const corpusUncomputedMs = await median(RUNS, corpusFull, uncomputed(docs[0].id));
    const [corpusKindOnlyMs, corpusMs] = await pairedMedians(RUNS, corpusKinds, corpusFull);
    const [corpusKindOnlyChangedMs, corpusChangedMs] = await pairedMedians(RUNS, corpusKinds, corpusFull, change(docs[0].id));
    const { disagreementQueue } = await import('@/lib/compare/queue');
    const queueRows = (await disagreementQueue(actor)).total;
    const queueColdMs = await median(RUNS, () => disagreementQueue(actor), cold);
    const queueUncomputedMs = await median(RUNS, () => disagreementQueue(actor), uncomputed(docs[0].id));
    const queueMs = await median(RUNS, () => disagreementQueue(actor));
    const queueChangedMs = await median(RUNS, () => disagreementQueue(actor), change(docs[0].id));
    const largest = docs.reduce((a, b) => (b.text.length > a.text.length ? b : a));
    const compareColdMs = await median(RUNS, () => compareDocument(actor, largest.slug), cold);
    const compareMs = await median(RUNS, () => compareDocument(actor, largest.slug));
    const { listQuestions } = await import('@/lib/forecasts/board');
    const { analystRecord, leaderboard } = await import('@/lib/forecasts/leaderboard');
    const leaderboardByScoreMs: Record<string, number> = {};
    for (const score of ['at-close', 'peer', 'baseline', 'brier', 'relative']) {
      leaderboardByScoreMs[score] = await median(RUNS, () => leaderboard(actor, { score }));
    }
    const forecasts = {
      questions: questionsPerDocument * docs.length,
      entries: questionsPerDocument * docs.length * 10,
      boardMs: await median(RUNS, () => listQuestions(actor, { sort: 'disagreement' })),
      firstPageMs: await median(RUNS, () => listQuestions(actor, { page: 1 })),
      leaderboardMs: leaderboardByScoreMs['at-close'],
      leaderboardByScoreMs,
      analystMs: await median(RUNS, () => analystRecord(actor, actor.id)),
    };
    return {
      analysts: ANALYSTS,
      documents: docs.length,
      annotationsPerDocument: perDocument,
      documentMs,
      documentColdMs,
      documentUncomputedMs,
      documentChangedMs,
      corpusMs,
      corpusColdMs,
      corpusUncomputedMs,
      corpusChangedMs,
      documentKindOnlyMs,
      documentKindOnlyColdMs,
      documentKindOnlyChangedMs,
      corpusKindOnlyMs,
      corpusKindOnlyColdMs,
      corpusKindOnlyChangedMs,
      queueMs,
      queueColdMs,
      queueUncomputedMs,
      queueChangedMs,
      queueRows,
      compareMs,
      compareColdMs,
      forecasts,
      seedMs,
    };
  } finally {
    await unseedAgreement(client, users);
    await client.end();
  }
}

/** The forecast part's table rows (also printed by bench/run.ts). Targets: issue #11. */
export function forecastRows(f: AgreementBench['forecasts']): Record<string, { value: string; detail: string; target: string }> {
  const atClose = f.leaderboardByScoreMs['at-close'];
  const rows: Record<string, { value: string; detail: string; target: string }> = {
    'forecast board, first page': { value: `${f.firstPageMs} ms`, detail: `50 of ${f.questions} questions, ${f.entries} entries`, target: '< 300 ms' },
    'forecast board, all by disagreement': { value: `${f.boardMs} ms`, detail: `${f.questions} questions with community timelines`, target: '' },
  };
  for (const [score, ms] of Object.entries(f.leaderboardByScoreMs)) {
    rows[`leaderboard, ${score}`] = {
      value: `${ms} ms`,
      detail: score === 'at-close' ? 'the score of before (last forecast)' : `${Math.round((ms / atClose) * 100) / 100} × at close`,
      target: score === 'at-close' ? '< 300 ms' : '< 300 ms, ≤ 1.5 × at close',
    };
  }
  rows['analyst page'] = { value: `${f.analystMs} ms`, detail: 'scores, calibration, decomposition', target: '< 300 ms' };
  return rows;
}

function ratios(withJudgments: Record<string, number>, kindOnly: Record<string, number>): string {
  return Object.keys(withJudgments)
    .map((slug) => (withJudgments[slug] / kindOnly[slug]).toFixed(2))
    .join(', ');
}

/**
 * The agreement part's table rows (also printed by bench/run.ts). Targets: issue #10. Each
 * "judgments ÷ kind-only" ratio divides a figure by the kind-only figure of the same state (warm by
 * warm, cold by cold, after a change by after a change); cold ÷ warm kind-only is shown beside, as
 * the cost of a cold instance over a repeat kind-only request, with no target.
 */
export function agreementRows(result: AgreementBench): Record<string, { value: string; detail: string; target: string }> {
  const slowest = (ms: Record<string, number>) => Math.max(...Object.values(ms));
  const x = (a: number, b: number) => (a / b).toFixed(2);
  const states = [
    ['warm', result.documentMs, result.documentKindOnlyMs, 'a repeat request, caches held'],
    ['cold', result.documentColdMs, result.documentKindOnlyColdMs, 'caches emptied before each run: a fresh instance, results kept in the database'],
    ['uncomputed', result.documentUncomputedMs, result.documentKindOnlyColdMs, 'caches emptied and one annotation changed before each run: a fresh instance after a change no instance has computed'],
    ['after one change', result.documentChangedMs, result.documentKindOnlyChangedMs, 'one annotation of the document changed (raw SQL) before each run, caches held'],
  ] as const;
  const rows: Record<string, { value: string; detail: string; target: string }> = {};
  for (const [state, full, kindOnly, how] of states) {
    rows[`documentAgreement, ${state} (slowest document)`] = { value: `${slowest(full)} ms`, detail: `${how}: ${JSON.stringify(full)}`, target: '< 300 ms' };
    if (state === 'uncomputed') {
      // Kind-only keeps nothing, so its uncomputed is its cold; computing judgments from nothing
      // reads every annotation's fields, which kind-only never does: shown, with no target.
      rows[`  judgments ÷ kind-only, uncomputed ÷ cold, per document`] = { value: ratios(full, kindOnly), detail: 'kind-only keeps nothing: its cold', target: '' };
      continue;
    }
    rows[`  kind-only, ${state} (slowest document)`] = { value: `${slowest(kindOnly)} ms`, detail: JSON.stringify(kindOnly), target: '' };
    rows[`  judgments ÷ kind-only, ${state} ÷ ${state}, per document`] = { value: ratios(full, kindOnly), detail: 'same run, same state', target: '< 1.5' };
  }
  rows['  judgments cold ÷ kind-only warm, per document'] = {
    value: ratios(result.documentColdMs, result.documentKindOnlyMs),
    detail: 'a fresh instance against a repeat kind-only request (not like for like)',
    target: '',
  };
  const corpus = [
    ['warm', result.corpusMs, result.corpusKindOnlyMs, `${result.documents} documents pooled`],
    ['cold', result.corpusColdMs, result.corpusKindOnlyColdMs, 'caches emptied before each run: a fresh instance, results kept in the database'],
    ['uncomputed', result.corpusUncomputedMs, result.corpusKindOnlyColdMs, 'caches emptied and one annotation of one document changed before each run'],
    ['after one change', result.corpusChangedMs, result.corpusKindOnlyChangedMs, 'one annotation of one document changed before each run'],
  ] as const;
  for (const [state, full, kindOnly, how] of corpus) {
    rows[`corpusAgreement, ${state}`] = {
      value: `${full} ms`,
      detail: `${how}; kind-only ${state === 'uncomputed' ? 'cold' : state} ${kindOnly} ms, judgments ÷ kind-only ${x(full, kindOnly)}`,
      target: state === 'uncomputed' ? '< 300 ms' : '< 300 ms, ≤ 1.5 × kind-only',
    };
  }
  rows['disagreement queue, first page, warm'] = { value: `${result.queueMs} ms`, detail: `${result.queueRows} rows ranked over the corpus`, target: '< 300 ms' };
  rows['disagreement queue, first page, cold'] = { value: `${result.queueColdMs} ms`, detail: 'caches emptied before each run: a fresh instance, results kept in the database', target: '< 300 ms' };
  rows['disagreement queue, first page, uncomputed'] = { value: `${result.queueUncomputedMs} ms`, detail: 'caches emptied and one annotation of one document changed before each run', target: '< 300 ms' };
  rows['disagreement queue, first page, after one change'] = { value: `${result.queueChangedMs} ms`, detail: 'one annotation of one document changed before each run', target: '< 300 ms' };
  rows['compareDocument (largest document)'] = { value: `${result.compareMs} ms warm, ${result.compareColdMs} ms cold`, detail: 'rows + statistics', target: '' };
  return rows;
}

/** Standalone: a throw-away embedded PostgreSQL with the corpus, then the bench. */
async function main() {
  const { createDatabaseIfMissing, databaseUrl, freePort, scratchFolder, startEmbedded } = await import('../scripts/db');
  const { applyMigrations } = await import('../scripts/migrate');
  const folder = mkdtempSync(path.join(scratchFolder(), 'bench-agreement-'));
  chmodSync(folder, 0o755); // the postgres user must reach the data folder inside
  const server = await startEmbedded(path.join(folder, 'data'), await freePort(), { throwaway: true });
  try {
    await createDatabaseIfMissing(server.adminUrl, 'assay');
    const url = databaseUrl(server.adminUrl, 'assay');
    await applyMigrations(url);
    process.env.DATABASE_URL = url;
    const { loadCorpus } = await import('@/lib/documents/load');
    await loadCorpus();
    const result = await benchAgreement(url);
    console.table(agreementRows(result));
    console.table({
      ...forecastRows(result.forecasts),
      seed: { value: `${result.seedMs} ms`, detail: `${result.analysts} analysts × ${result.documents} documents × ${result.annotationsPerDocument} annotations`, target: '' },
    });
    const { prisma } = await import('@/lib/db');
    await prisma.$disconnect();
  } finally {
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
