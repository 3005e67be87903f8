// Full-text search (issue #9) over document text (by passage), titles and bylines, annotated
// passages and notes (forecast statements, criteria and attributions included), replies, and
// sources' titles and excerpts: PostgreSQL's generated tsvector columns (GIN-indexed, see the
// migration 20261201100000_documents_revisions_search) matched by websearch_to_tsquery — which
// reads any text as words, quotes and -exclusions and never fails on syntax — ranked by ts_rank_cd,
// paged, snippets by ts_headline for the page's rows only. Search reads what every read reads:
// annotations through visibleToSql (blind mode), forecast probabilities through hiddenProbabilities,
// archived documents not at all.
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
  total: bigint;
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

  // Conditions every branch shares: the document, the analyst, the dates.
  const common = (at: Prisma.Sql, who: Prisma.Sql) =>
    Prisma.join(
      [
        Prisma.sql`d."archivedAt" IS NULL`,
        document ? Prisma.sql`d.slug = ${document}` : null,
        analyst ? Prisma.sql`${who} = ${analyst}::uuid` : null,
        from ? Prisma.sql`${at} >= ${from}::date` : null,
        to ? Prisma.sql`${at} < ${to}::date + 1` : null,
      ].filter((c): c is Prisma.Sql => c !== null),
      ' AND ',
    );
  const visible = visibleToSql(reader, 'a');
  const kindCondition = annotationKind ? Prisma.sql`AND a.kind = ${annotationKind}::"AnnotationKind"` : Prisma.empty;
  const columns = (type: SearchType, part: Row['part']) => Prisma.sql`${type}::text AS type, ${part}::text AS part, d.id AS "documentId"`;

  const branches: Prisma.Sql[] = [];
  if (wants('document')) {
    branches.push(Prisma.sql`
      SELECT ${columns('document', 'title')}, NULL::uuid AS "annotationId", NULL::uuid AS "itemId", NULL::int AS position, NULL::int AS start, NULL::int AS "end",
        ts_rank_cd(d.search, q.query) * 2 AS rank, d."createdAt" AS at
      FROM "Document" d, q WHERE d.search @@ q.query AND ${common(Prisma.sql`d."createdAt"`, Prisma.sql`d."createdById"`)}`);
    branches.push(Prisma.sql`
      SELECT ${columns('document', 'passage')}, NULL::uuid AS "annotationId", NULL::uuid AS "itemId", p.position AS position, p.start AS start, p."end" AS "end", ts_rank_cd(p.search, q.query) AS rank, d."createdAt" AS at
      FROM "DocumentPassage" p JOIN "Document" d ON d.id = p."documentId", q
      WHERE p.search @@ q.query AND ${common(Prisma.sql`d."createdAt"`, Prisma.sql`d."createdById"`)}`);
  }
  if (wants('annotation')) {
    branches.push(Prisma.sql`
      SELECT ${columns('annotation', 'annotation')}, a.id AS "annotationId", a.id AS "itemId", NULL::int AS position, a.start AS start, a."end" AS "end", ts_rank_cd(a.search, q.query) AS rank, a."createdAt" AS at
      FROM "Annotation" a JOIN "Document" d ON d.id = a."documentId", q
      WHERE a.search @@ q.query AND a."deletedAt" IS NULL ${kindCondition} AND ${visible}
        AND ${common(Prisma.sql`a."createdAt"`, Prisma.sql`a."authorId"`)}`);
  }
  if (wants('reply') && !annotationKind) {
    branches.push(Prisma.sql`
      SELECT ${columns('reply', 'reply')}, a.id AS "annotationId", r.id AS "itemId", NULL::int AS position, a.start AS start, a."end" AS "end", ts_rank_cd(r.search, q.query) AS rank, r."createdAt" AS at
      FROM "Reply" r JOIN "Annotation" a ON a.id = r."annotationId" JOIN "Document" d ON d.id = a."documentId", q
      WHERE r.search @@ q.query AND r."deletedAt" IS NULL AND a."deletedAt" IS NULL AND ${visible}
        AND ${common(Prisma.sql`r."createdAt"`, Prisma.sql`r."authorId"`)}`);
  }
  if (wants('source') && !annotationKind) {
    branches.push(Prisma.sql`
      SELECT ${columns('source', 'source')}, a.id AS "annotationId", s.id AS "itemId", NULL::int AS position, a.start AS start, a."end" AS "end", ts_rank_cd(s.search, q.query) AS rank, a."createdAt" AS at
      FROM "Source" s JOIN "Annotation" a ON a.id = s."annotationId" JOIN "Document" d ON d.id = a."documentId", q
      WHERE s.search @@ q.query AND a."deletedAt" IS NULL AND ${visible}
        AND ${common(Prisma.sql`a."createdAt"`, Prisma.sql`a."authorId"`)}`);
  }

  const run = (toQuery: Prisma.Sql) => prisma.$queryRaw<Row[]>`
    WITH q AS (SELECT ${toQuery} AS query),
    hits AS (${Prisma.join(branches, ' UNION ALL ')}),
    ranked AS (
      SELECT hits.*, count(*) OVER () AS total FROM hits
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

  let rows: Row[];
  if (branches.length === 0) rows = [];
  else {
    try {
      rows = await run(Prisma.sql`websearch_to_tsquery(${CONFIG}, ${q})`);
    } catch {
      // websearch_to_tsquery reads any text; should PostgreSQL still refuse it, the words alone are searched.
      rows = await run(Prisma.sql`plainto_tsquery(${CONFIG}, ${q.replace(/[^\p{L}\p{N}\s]/gu, ' ')})`);
    }
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
  return { total: rows.length ? Number(rows[0].total) : 0, page, pageSize: SEARCH_PAGE_SIZE, query: q, results };
}
