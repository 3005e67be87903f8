// The forecast board and the leaderboard at scale (issue #13, item 3; issue #11's < 300 ms): the
// board's first page with 10 questions, then with 8,335 (each with five analysts' entries, a third
// resolved), over HTTP as a signed-in analyst, in the same run. The first page should cost about
// what the small board costs (target ≤ 1.5 ×): it is chosen, sorted and paged in SQL. A board of
// exactly one page (50 questions) is timed too: the large board's first page holds the same number
// of questions, so that ratio shows what the board's size costs apart from the page's content.
import pg from 'pg';
import { createAnalysts, round, type Row, sessionCookie } from './accounts';

const SMALL = 10;
const ONE_PAGE = 50;
const LARGE = Number(process.env.BENCH_BOARD_QUESTIONS ?? 8335);
const RUNS = Number(process.env.BENCH_BOARD_RUNS ?? 41);
const ENTRIES_PER_QUESTION = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median ms of GET `path` (a warm-up first), answered 200. */
async function timed(url: string, cookie: string, runs = RUNS): Promise<{ medianMs: number; firstMs: number; bytes: number }> {
  const once = async () => {
    const t0 = performance.now();
    const response = await fetch(url, { headers: { cookie } });
    const body = await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${url}: ${response.status} ${Buffer.from(body).toString().slice(0, 200)}`);
    return { ms: performance.now() - t0, bytes: body.byteLength };
  };
  const first = await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await once()).ms);
  return { medianMs: round(median(times)), firstMs: round(first.ms), bytes: first.bytes };
}

/** `count` questions spread over the documents, five analysts' entries each, every third resolved YES or NO. */
async function seed(client: pg.Client, count: number, analysts: string[], offset: number) {
  await client.query(
    `WITH docs AS (SELECT id, row_number() OVER (ORDER BY title) - 1 AS n, count(*) OVER () AS total FROM "Document"),
     made AS (
       INSERT INTO "ForecastQuestion" (id, "documentId", start, "end", exact, statement, "createdById", "createdAt", "resolveBy", "authorProbability")
       SELECT gen_random_uuid(), d.id, (i * 13) % 5000, (i * 13) % 5000 + 40, 'a passage', 'Will it happen? #' || i, $1::uuid,
         now() - interval '200 days' + i * interval '1 second', (DATE '2030-01-01' + (i % 400)), CASE WHEN i % 4 = 0 THEN 0.7 END
       FROM generate_series($2::int, $3::int) AS i JOIN docs d ON d.n = i % d.total
       RETURNING id, "createdAt"
     )
     INSERT INTO "ForecastEntry" ("questionId", "analystId", probability, confidence, "createdAt")
     SELECT m.id, ($4::uuid[])[1 + ((abs(hashtext(m.id::text)) + k) % array_length($4::uuid[], 1))], round(random()::numeric, 2)::float8, 'MODERATE',
       m."createdAt" + k * interval '1 day'
     FROM made m, generate_series(0, $5::int - 1) AS k`,
    [analysts[0], offset, offset + count - 1, analysts, ENTRIES_PER_QUESTION],
  );
  await client.query(
    `UPDATE "ForecastQuestion" SET outcome = (CASE WHEN random() < 0.5 THEN 'YES' ELSE 'NO' END)::"ForecastOutcome",
       "resolvedAt" = "createdAt" + interval '100 days', "closeAt" = "createdAt" + interval '90 days'
     WHERE outcome IS NULL AND statement LIKE 'Will it happen? #%' AND (substring(statement from '#(\\d+)')::int % 3) = 0`,
  );
  await client.query('ANALYZE "ForecastQuestion"; ANALYZE "ForecastEntry"');
}

export type BoardFigure = { medianMs: number; firstMs: number; bytes: number };
export type BoardBench = {
  small: { questions: number; firstPage: BoardFigure };
  onePage: { questions: number; firstPage: BoardFigure };
  large: {
    questions: number;
    entries: number;
    firstPage: BoardFigure;
    byDisagreement: BoardFigure;
    lastPage: BoardFigure;
    page: BoardFigure;
    leaderboard: BoardFigure;
    leaderboardPage: BoardFigure;
  };
  ratio: number;
  /** The large board's first page ÷ the one-page board's (the same 50 questions' worth of content). */
  ratioOnePage: number;
};

export async function boardBench(baseUrl: string, databaseUrl: string): Promise<BoardBench> {
  const analysts = await createAnalysts(baseUrl, 25, 'board');
  const cookie = await sessionCookie(baseUrl, analysts[1].email);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('DELETE FROM "ForecastQuestion"');
    const ids = analysts.map((a) => a.id);
    await seed(client, SMALL, ids, 0);
    const small = await timed(`${baseUrl}/api/forecasts?page=1`, cookie);
    console.log(`board: first page of ${SMALL} questions ${small.medianMs} ms`);
    await seed(client, ONE_PAGE - SMALL, ids, SMALL);
    const onePage = await timed(`${baseUrl}/api/forecasts?page=1`, cookie);
    console.log(`board: first page of ${ONE_PAGE} questions ${onePage.medianMs} ms`);
    await seed(client, LARGE - ONE_PAGE, ids, ONE_PAGE);
    const { rows } = await client.query<{ q: number; e: number }>(`SELECT (SELECT count(*) FROM "ForecastQuestion")::int AS q, (SELECT count(*) FROM "ForecastEntry")::int AS e`);
    const firstPage = await timed(`${baseUrl}/api/forecasts?page=1`, cookie);
    console.log(`board: first page of ${rows[0].q} questions ${firstPage.medianMs} ms`);
    const byDisagreement = await timed(`${baseUrl}/api/forecasts?page=1&sort=disagreement`, cookie);
    const lastPage = await timed(`${baseUrl}/api/forecasts?page=${Math.ceil(rows[0].q / 50)}&sort=resolveBy`, cookie);
    const page = await timed(`${baseUrl}/forecasts`, cookie, 7);
    const leaderboard = await timed(`${baseUrl}/api/leaderboard`, cookie);
    const leaderboardPage = await timed(`${baseUrl}/leaderboard`, cookie, 7);
    console.log(`board: leaderboard ${leaderboard.medianMs} ms (first call ${leaderboard.firstMs} ms)`);
    return {
      small: { questions: SMALL, firstPage: small },
      onePage: { questions: ONE_PAGE, firstPage: onePage },
      large: { questions: rows[0].q, entries: rows[0].e, firstPage, byDisagreement, lastPage, page, leaderboard, leaderboardPage },
      ratio: round(firstPage.medianMs / small.medianMs, 2),
      ratioOnePage: round(firstPage.medianMs / onePage.medianMs, 2),
    };
  } finally {
    await client.query('DELETE FROM "ForecastQuestion"').catch(() => undefined);
    await client.end();
  }
}

export function boardRows(b: BoardBench): Record<string, Row> {
  const ms = (f: BoardFigure) => `${f.medianMs} ms`;
  return {
    [`forecast board, first page, ${b.small.questions} questions`]: { value: ms(b.small.firstPage), detail: `GET /api/forecasts?page=1, median of ${RUNS}`, target: '' },
    [`forecast board, first page, ${b.onePage.questions} questions`]: {
      value: ms(b.onePage.firstPage),
      detail: `one full page: the same content as the large board's first page`,
      target: '',
    },
    [`forecast board, first page, ${b.large.questions} questions`]: {
      value: `${ms(b.large.firstPage)} (× ${b.ratio})`,
      detail: `${b.large.entries} entries; × ${b.ratioOnePage} the ${b.onePage.questions}-question board (same page content); by disagreement ${ms(b.large.byDisagreement)}, last page by resolve-by ${ms(b.large.lastPage)}; /forecasts page ${ms(b.large.page)}; ${Math.round(b.large.firstPage.bytes / 1000)} KB vs ${Math.round(b.small.firstPage.bytes / 1000)} KB`,
      target: '≤ 1.5 × the 10-question board',
    },
    leaderboard: {
      value: ms(b.large.leaderboard),
      detail: `GET /api/leaderboard over ${b.large.questions} questions (a third resolved); first call ${b.large.leaderboard.firstMs} ms (scores the questions resolved by hand in SQL); /leaderboard page ${ms(b.large.leaderboardPage)}`,
      target: '< 300 ms',
    },
  };
}
