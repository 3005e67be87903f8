// Full-text search (issue #9) over document text (by passage), titles and bylines, annotated
// passages and notes (forecast statements, criteria and attributions included), replies, and
// sources' titles and excerpts: PostgreSQL's generated tsvector columns (GIN-indexed, see the
// migration 20261201100000_documents_revisions_search) matched by websearch_to_tsquery — which
// reads any text as words, quotes and -exclusions and never fails on syntax — ranked by ts_rank
// (the query's words by weight and frequency), paged, snippets by ts_headline for the page's rows
// only. Search reads what every read reads: annotations through visibleToSql (blind mode), forecast
// probabilities through hiddenProbabilities, archived documents not at all.
import 'server-only';
import { prisma } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { type Actor, requireActor } from '@/lib/actor';
import { invalid } from '@/lib/errors';
import { hiddenProbabilities, visibleToSql } from '@/lib/visibility';
import { SEARCH_PAGE_SIZE, type SearchAnswer, type SearchQuery, searchQuerySchema, type SearchResult, type SearchType } from './schemas';

const CONFIG = Prisma.sql`'english'::regconfig`;
const HEADLINE = `StartSel=\u0001, StopSel=\u0002, MaxWords=30, MinWords=12, ShortWord=3, MaxFragments=2, FragmentDelimiter=" … "`;

type Row = {
  type: SearchType;
  part: 'title' | 'passage' | 'annotation' | 'reply' | 'source';
  documentId: string;
  slug: string;
  title: string;
  annotationId: string | null;
  itemId: string | null;
  position: number | null;
  start: number | null;
  end: number | null;
  rank: number;
  at: Date;
  kind: 'CLAIM' | 'FORECAST' | 'FACT' | null;
  authorId: string | null;
  authorName: string | null;
  questionId: string | null;
  probability: number | null;
  orphan: boolean | null;
  headline: string | null;
};

/** ts_headline's output (matches between \u0001 and \u0002) → plain text and the matches' ranges. */
export function parseHeadline(headline: string): { snippet: string; highlights: [number, number][] } {
  let snippet = '';
  const highlights: [number, number][] = [];
  let open = -1;
  for (const ch of headline) {
    if (ch === '\u0001') open = snippet.length;
    else if (ch === '\u0002') {
      if (open >= 0 && snippet.length > open) highlights.push([open, snippet.length]);
      open = -1;
    } else snippet += ch;
  }
  return { snippet, highlights };
}

export async function search(actor: Actor | null, query: SearchQuery): Promise<SearchAnswer> {
  const reader = requireActor(actor);
  const parsed = searchQuerySchema.safeParse(query);
  if (!parsed.success) throw invalid(parsed.error.issues);
  const { q, kind, document, analyst, from, to } = parsed.data;
  const page = parsed.data.page ?? 1;
  const annotationKind = kind === 'claim' || kind === 'forecast' || kind === 'fact' ? kind.toUpperCase() : null;
  const wants = (type: SearchType) => !kind || kind === type || (annotationKind !== null && type === 'annotation');

  // Where the time goes (issue #9, EXPLAIN (ANALYZE, BUFFERS) on the bench's data set): a common
  // word matches tens of thousands of annotations, and every match is read from the heap for the
  // exact total. Per match the query does as little as it can: the annotation, reply and source
  // branches take the document from their own row (no join to "Document" per match: archived
  // documents are one hashed subquery, the `document` filter one lookup), visibility is
  // visibleToSql (a hashed subplan), and the rank is ts_rank — weights and frequency, about a third
  // of the cost of ts_rank_cd, which walks every cover of the query in every match. Snippets and
  // names are made for the page's rows only.
  const archived = Prisma.sql`(SELECT id FROM "Document" WHERE "archivedAt" IS NOT NULL)`;
  const asked = document ? Prisma.sql`(SELECT id FROM "Document" WHERE slug = ${document})` : null;
  /** Conditions every branch shares: the document (not archived; the one asked for), the analyst, the dates. */
  const common = (doc: Prisma.Sql, at: Prisma.Sql, who: Prisma.Sql, joined: boolean) =>
    Prisma.join(
      [
        joined ? Prisma.sql`d."archivedAt" IS NULL` : Prisma.sql`${doc} NOT IN ${archived}`,
        asked ? Prisma.sql`${doc} = ${asked}` : null,
        analyst ? Prisma.sql`${who} = ${analyst}::uuid` : null,
        from ? Prisma.sql`${at} >= ${from}::date` : null,
        to ? Prisma.sql`${at} < ${to}::date + 1` : null,
      ].filter((c): c is Prisma.Sql => c !== null),
      ' AND ',
    );
  const visible = visibleToSql(reader, 'a');
  const kindCondition = annotationKind ? Prisma.sql`AND a.kind = ${annotationKind}::"AnnotationKind"` : Prisma.empty;
  const columns = (type: SearchType, part: Row['part'], doc: Prisma.Sql) => Prisma.sql`${type}::text AS type, ${part}::text AS part, ${doc} AS "documentId"`;
  const rank = (vector: Prisma.Sql) => Prisma.sql`ts_rank(${vector}, q.query)`;

  /** Each kind of hit: what a page shows of it, and where it is found (the count reads only the latter). */
  const branches: { columns: Prisma.Sql; body: Prisma.Sql }[] = [];
  if (wants('document')) {
    branches.push({
      columns: Prisma.sql`${columns('document', 'title', Prisma.sql`d.id`)}, NULL::uuid AS "annotationId", NULL::uuid AS "itemId", NULL::int AS position, NULL::int AS start, NULL::int AS "end",
        ${rank(Prisma.sql`d.search`)} * 2 AS rank, d."createdAt" AS at`,
      body: Prisma.sql`FROM "Document" d, q WHERE d.search @@ q.query AND ${common(Prisma.sql`d.id`, Prisma.sql`d."createdAt"`, Prisma.sql`d."createdById"`, true)}`,
    });
    branches.push({
      columns: Prisma.sql`${columns('document', 'passage', Prisma.sql`d.id`)}, NULL::uuid AS "annotationId", NULL::uuid AS "itemId", p.position AS position, p.start AS start, p."end" AS "end", ${rank(Prisma.sql`p.search`)} AS rank, d."createdAt" AS at`,
      body: Prisma.sql`FROM "DocumentPassage" p JOIN "Document" d ON d.id = p."documentId", q
      WHERE p.search @@ q.query AND ${common(Prisma.sql`d.id`, Prisma.sql`d."createdAt"`, Prisma.sql`d."createdById"`, true)}`,
    });
  }
  if (wants('annotation')) {
    branches.push({
      columns: Prisma.sql`${columns('annotation', 'annotation', Prisma.sql`a."documentId"`)}, a.id AS "annotationId", a.id AS "itemId", NULL::int AS position, a.start AS start, a."end" AS "end", ${rank(Prisma.sql`a.search`)} AS rank, a."createdAt" AS at`,
      body: Prisma.sql`FROM "Annotation" a, q
      WHERE a.search @@ q.query AND a."deletedAt" IS NULL ${kindCondition} AND ${visible}
        AND ${common(Prisma.sql`a."documentId"`, Prisma.sql`a."createdAt"`, Prisma.sql`a."authorId"`, false)}`,
    });
  }
  if (wants('reply') && !annotationKind) {
    branches.push({
      columns: Prisma.sql`${columns('reply', 'reply', Prisma.sql`a."documentId"`)}, a.id AS "annotationId", r.id AS "itemId", NULL::int AS position, a.start AS start, a."end" AS "end", ${rank(Prisma.sql`r.search`)} AS rank, r."createdAt" AS at`,
      body: Prisma.sql`FROM "Reply" r JOIN "Annotation" a ON a.id = r."annotationId", q
      WHERE r.search @@ q.query AND r."deletedAt" IS NULL AND a."deletedAt" IS NULL AND ${visible}
        AND ${common(Prisma.sql`a."documentId"`, Prisma.sql`r."createdAt"`, Prisma.sql`r."authorId"`, false)}`,
    });
  }
  if (wants('source') && !annotationKind) {
    branches.push({
      columns: Prisma.sql`${columns('source', 'source', Prisma.sql`a."documentId"`)}, a.id AS "annotationId", s.id AS "itemId", NULL::int AS position, a.start AS start, a."end" AS "end", ${rank(Prisma.sql`s.search`)} AS rank, a."createdAt" AS at`,
      body: Prisma.sql`FROM "Source" s JOIN "Annotation" a ON a.id = s."annotationId", q
      WHERE s.search @@ q.query AND a."deletedAt" IS NULL AND ${visible}
        AND ${common(Prisma.sql`a."documentId"`, Prisma.sql`a."createdAt"`, Prisma.sql`a."authorId"`, false)}`,
    });
  }

  // The total and the page are two statements, run at once on two connections: a count(*) OVER ()
  // beside the page would hold every match in memory before the first row (on a common word that
  // was a third of the time), while the count alone reads no more of each match than its filters.
  // Two statements see two snapshots: a write landing between them can put the total one off.
  const count = (toQuery: Prisma.Sql) => prisma.$queryRaw<{ total: bigint }[]>`
    WITH q AS (SELECT ${toQuery} AS query)
    SELECT count(*) AS total FROM (${Prisma.join(
      branches.map((b) => Prisma.sql`SELECT 1 ${b.body}`),
      ' UNION ALL ',
    )}) AS hits`;
  const run = (toQuery: Prisma.Sql) => prisma.$queryRaw<Row[]>`
    WITH q AS (SELECT ${toQuery} AS query),
    hits AS (${Prisma.join(
      branches.map((b) => Prisma.sql`SELECT ${b.columns} ${b.body}`),
      ' UNION ALL ',
    )}),
    ranked AS (
      SELECT hits.* FROM hits
      ORDER BY rank DESC, at DESC, "documentId", position NULLS FIRST, "itemId"
      LIMIT ${SEARCH_PAGE_SIZE} OFFSET ${(page - 1) * SEARCH_PAGE_SIZE}
    )
    SELECT ranked.*, d.slug, d.title, a.kind, a."questionId", a.probability, a.orphan,
      coalesce(ra."authorId", a."authorId") AS "authorId", u.name AS "authorName",
      ts_headline(${CONFIG}, translate(CASE ranked.part
          WHEN 'title' THEN d.title || coalesce(' — ' || d.byline, '')
          WHEN 'passage' THEN p.text
          WHEN 'annotation' THEN concat_ws(' — ', nullif(a.note, ''), a.statement, a.criteria, a."attributedTo", '“' || a.exact || '”')
          WHEN 'reply' THEN ra.body
          ELSE concat_ws(' — ', s.title, s.publisher, s.excerpt) END, E'\\x01\\x02', ''),
        q.query, ${HEADLINE}) AS headline
    FROM ranked CROSS JOIN q
    JOIN "Document" d ON d.id = ranked."documentId"
    LEFT JOIN "DocumentPassage" p ON ranked.part = 'passage' AND p."documentId" = ranked."documentId" AND p.position = ranked.position
    LEFT JOIN "Annotation" a ON a.id = ranked."annotationId"
    LEFT JOIN "Reply" ra ON ranked.part = 'reply' AND ra.id = ranked."itemId"
    LEFT JOIN "Source" s ON ranked.part = 'source' AND s.id = ranked."itemId"
    LEFT JOIN "User" u ON u.id = coalesce(ra."authorId", a."authorId")
    ORDER BY ranked.rank DESC, ranked.at DESC, ranked."documentId", ranked.position NULLS FIRST, ranked."itemId"`;

  let rows: Row[] = [];
  let total = 0;
  if (branches.length > 0) {
    const both = async (toQuery: Prisma.Sql) => {
      const [page, counted] = await Promise.all([run(toQuery), count(toQuery)]);
      return { page, total: Number(counted[0].total) };
    };
    let answer: { page: Row[]; total: number };
    try {
      answer = await both(Prisma.sql`websearch_to_tsquery(${CONFIG}, ${q})`);
    } catch {
      // websearch_to_tsquery reads any text; should PostgreSQL still refuse it, the words alone are searched.
      answer = await both(Prisma.sql`plainto_tsquery(${CONFIG}, ${q.replace(/[^\p{L}\p{N}\s]/gu, ' ')})`);
    }
    rows = answer.page;
    total = answer.total;
  }

  const hidden = await hiddenProbabilities(
    reader,
    rows.map((r) => ({ authorId: r.authorId ?? '', questionId: r.kind === 'FORECAST' ? r.questionId : null, probability: r.probability })),
  );
  const results: SearchResult[] = rows.map((r, i) => {
    const { snippet, highlights } = parseHeadline(r.headline ?? '');
    const base = `/documents/${encodeURIComponent(r.slug)}`;
    const href = r.annotationId ? `${base}#annotation-${r.annotationId}` : r.start !== null ? `${base}#passage-${r.start}-${r.end}` : base;
    return {
      type: r.type,
      document: { slug: r.slug, title: r.title },
      ...(r.annotationId ? { annotationId: r.annotationId } : {}),
      ...(r.start !== null && !r.orphan ? { start: r.start, end: r.end! } : {}),
      snippet,
      highlights,
      rank: Number(r.rank),
      href,
      ...(r.kind ? { kind: r.kind, author: { id: r.authorId!, name: r.authorName ?? '' } } : {}),
      ...(r.kind === 'FORECAST' && r.type === 'annotation' ? { probability: hidden[i] ? null : r.probability } : {}),
      at: r.at.toISOString(),
    };
  });
  return { total, page, pageSize: SEARCH_PAGE_SIZE, query: q, results };
}
