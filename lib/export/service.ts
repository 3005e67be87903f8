// Exporting an annotated set: validated filters, then the matching annotations streamed in pages
// (keyset pagination), so memory stays flat however large the set.
import 'server-only';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { prisma, readPool } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { type Actor, requireActor } from '@/lib/actor';
import { invalid } from '@/lib/errors';
import { calendarDate } from '@/lib/dates';
import { KINDS } from '@/lib/annotations/schemas';
import { toReplyView, toView } from '@/lib/annotations/records';
import { csvHeader, csvRow } from './csv';
import { inOpenDocumentSql, maskForecasts, openDocuments, visibleTo, visibleToSql } from '@/lib/visibility';
import { CONTEXT, type ExportReply, type ExportRevision, type ExportRow, MEDIA_TYPE, replyToW3C, toW3C } from './w3c';

export const FORMATS = ['w3c', 'csv', 'jsonl'] as const;
export type Format = (typeof FORMATS)[number];

// Pages of 200 rows, each written out as bytes as soon as it arrives (see `pages`): a page's rows
// must die before the young generation's next collection or two, else they are promoted and the
// old generation grows by the export's size. A cold 100,000-row export promoted ~15 MB at 100 or
// 200 rows a page, 68 MB at 500 (V8's --trace-gc-nvp, outside Next); 200 makes half the queries of 100.
const PAGE = 200;
/** Bytes a stream chunk holds, at most (a row larger than that gets a chunk of its own). */
const CHUNK = 64 * 1024;

/** The filters exports and the annotation container share. */
export const setFiltersSchema = z.strictObject({
  document: z.string().min(1).optional(),
  analyst: z.union([z.uuid(), z.email()], 'analyst is a user id or email').optional(),
  kind: z.enum(KINDS, 'kind is CLAIM, FORECAST or FACT').optional(),
  from: calendarDate('from is a date (YYYY-MM-DD)').optional(),
  to: calendarDate('to is a date (YYYY-MM-DD)').optional(),
  // Issue #10: `consensus` is the team's consensus alone (a gold set); `analysts` leaves it out; `all` (default) both.
  set: z.enum(['all', 'analysts', 'consensus'], 'set is all, analysts or consensus').optional(),
});

export type SetFilters = z.output<typeof setFiltersSchema>;

const filtersSchema = setFiltersSchema.extend({ format: z.enum(FORMATS, 'format is w3c, csv or jsonl') });

export type ExportFilters = z.output<typeof filtersSchema>;

export const include = {
  author: { select: { id: true, name: true, email: true } },
  sources: { orderBy: { position: 'asc' } },
  document: { select: { slug: true, title: true } },
} as const satisfies Prisma.AnnotationInclude;

/**
 * The live annotations in the set that `actor` may see (blind mode). `deleted: true` keeps the
 * deleted ones too, for callers that must notice a deletion (the container's ETag).
 */
export function setWhere(actor: Actor, f: SetFilters, options: { deleted?: boolean } = {}): Prisma.AnnotationWhereInput {
  // An archived document is absent to all but admins.
  const document = { ...openDocuments(actor), ...(f.document ? { slug: f.document } : {}) };
  return {
    AND: [visibleTo(actor)],
    ...(options.deleted ? {} : { deletedAt: null }),
    kind: f.kind,
    document: Object.keys(document).length > 0 ? document : undefined,
    author: f.analyst ? (f.analyst.includes('@') ? { email: f.analyst.toLowerCase() } : { id: f.analyst }) : undefined,
    createdAt: createdRange(f),
    ...(f.set === 'consensus' ? { consensus: true } : f.set === 'analysts' ? { consensus: false } : {}),
  };
}

/** The filters' creation times; `to` is inclusive: the whole day. */
function createdRange(f: SetFilters): { gte?: Date; lt?: Date } {
  return {
    gte: f.from ? new Date(`${f.from}T00:00:00Z`) : undefined,
    lt: f.to ? new Date(new Date(`${f.to}T00:00:00Z`).getTime() + 86_400_000) : undefined,
  };
}

const replyInclude = { author: { select: { id: true, name: true, email: true } } } as const satisfies Prisma.ReplyInclude;

/** The live replies of these annotations, by annotation, oldest first. */
export async function repliesOf(annotationIds: string[]): Promise<Map<string, ExportReply[]>> {
  const byAnnotation = new Map<string, ExportReply[]>();
  if (annotationIds.length === 0) return byAnnotation;
  const replies = await prisma.reply.findMany({
    where: { annotationId: { in: annotationIds }, deletedAt: null },
    include: replyInclude,
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  for (const r of replies) {
    const list = byAnnotation.get(r.annotationId) ?? [];
    // The reply's view, with its author's email (exports name people by email) and without the annotation it sits under.
    const { annotationId, ...reply } = toReplyView(r);
    list.push({ ...reply, author: r.author });
    byAnnotation.set(annotationId, list);
  }
  return byAnnotation;
}

export type ExportRowSource = Prisma.AnnotationGetPayload<{ include: typeof include }>;

/**
 * The kept revisions of the documents (all of them without `documentIds`), by document and text
 * hash: the revision an annotation's selectors refer to is the first one with its text. A small
 * table (documents × revisions), read once per export rather than once per row.
 */
async function revisionsByText(documentIds?: string[]): Promise<(documentId: string, textHash: string) => ExportRevision | null> {
  const rows = await prisma.$queryRaw<{ documentId: string; textHash: string; revision: number; createdAt: Date }[]>`
    SELECT DISTINCT ON ("documentId", "textHash") "documentId", "textHash", revision, "createdAt"
    FROM "DocumentRevision"
    ${documentIds ? Prisma.sql`WHERE "documentId" = ANY(${documentIds}::uuid[])` : Prisma.empty}
    ORDER BY "documentId", "textHash", revision`;
  const byKey = new Map(rows.map((r) => [`${r.documentId} ${r.textHash}`, { number: r.revision, at: r.createdAt.toISOString() }]));
  return (documentId, textHash) => byKey.get(`${documentId} ${textHash}`) ?? null;
}

/** Rows as `actor` may see them: others' probabilities masked until they forecast too. */
export async function toExportRows(actor: Actor, rows: ExportRowSource[]): Promise<ExportRow[]> {
  const [replies, views, revision] = await Promise.all([
    repliesOf(rows.map((row) => row.id)),
    maskForecasts(actor, rows.map(toView)),
    revisionsByText([...new Set(rows.map((row) => row.documentId))]),
  ]);
  return rows.map((row, i) => ({
    ...views[i],
    document: row.document,
    author: row.author,
    textHash: row.textHash,
    revision: revision(row.documentId, row.textHash),
    replies: replies.get(row.id) ?? [],
  }));
}

/**
 * The export's set in SQL: `setWhere` as a condition on "Annotation" a (service.int.test.ts holds
 * the two in step), and whether its page statement may be prepared. A prepared statement is
 * planned once for the values it will get, after five executions: without dates the plan does not
 * depend on them (a document or an analyst is an equality, paged in order from the (documentId,
 * start) or (authorId, documentId, start, id) index), and planning the query anew for each page
 * was half of the database's time in a 100,000-row export. A date range may select 10 rows or 90%
 * of them, which calls for different plans: those pages are planned for their values each time.
 */
export type SetQuery = { where: Prisma.Sql; prepared: boolean };

export function setQuery(actor: Actor, f: SetFilters): SetQuery {
  const { gte, lt } = createdRange(f);
  const conditions = [
    Prisma.sql`a."deletedAt" IS NULL`,
    visibleToSql(actor, 'a'),
    inOpenDocumentSql(actor, 'a'),
    f.kind ? Prisma.sql`a.kind = ${f.kind}::"AnnotationKind"` : null,
    // The document by id, not by a join on its slug: with the id an equality, PostgreSQL pages
    // through the document in order (its (documentId, start) index) whatever else is filtered;
    // joined by slug, a kind filter made it read and sort the rest of the document for every page.
    f.document ? Prisma.sql`a."documentId" = (SELECT id FROM "Document" WHERE slug = ${f.document})` : null,
    // The analyst likewise as an equality on the author, never a join: their pages then come in
    // order from the (authorId, documentId, start, id) index. Joined to "User", an analyst with half
    // of a large set had all their remaining annotations read and sorted for every page.
    f.analyst
      ? f.analyst.includes('@')
        ? Prisma.sql`a."authorId" = (SELECT id FROM "User" WHERE email = ${f.analyst.toLowerCase()})`
        : Prisma.sql`a."authorId" = ${f.analyst}::uuid`
      : null,
    gte ? Prisma.sql`a."createdAt" >= ${gte.toISOString()}::timestamptz` : null,
    lt ? Prisma.sql`a."createdAt" < ${lt.toISOString()}::timestamptz` : null,
    f.set === 'consensus' ? Prisma.sql`a.consensus` : f.set === 'analysts' ? Prisma.sql`NOT a.consensus` : null,
  ];
  return {
    where: Prisma.join(
      conditions.filter((c) => c !== null),
      ' AND ',
    ),
    prepared: !f.from && !f.to,
  };
}

/** Where a page ends: the export's order (and the container's) is (documentId, start, id). */
export type Key = { documentId: string; start: number; id: string };

/**
 * `AND` the rows after `key` in that order, for a page's WHERE. The key as a sub-select:
 * PostgreSQL estimates a row comparison by its first column alone, which within the last document
 * means "no rows", and then sorts the whole set for every page.
 */
export const afterKey = (key: Key | undefined) =>
  key ? Prisma.sql`AND (a."documentId", a.start, a.id) > (SELECT ${key.documentId}::uuid, ${key.start}::int, ${key.id}::uuid)` : Prisma.empty;

/** That order, for a page's statement (the (documentId, start) index gives it). */
export const PAGE_ORDER = Prisma.sql`ORDER BY a."documentId", a.start, a.id`;

/** A page being read: the key of its last row when another page may follow, and its bytes. */
type Loading = { last: Promise<Key | undefined>; written: Promise<Uint8Array[]> };

/**
 * An annotation as a page query reads it: author and document by id alone (`Known`), sources and
 * the live thread gathered by the database (`THREADS_QUERY`), the replies' times already written
 * as toISOString writes them.
 */
type PageRow = Omit<ExportRowSource, 'author' | 'document' | 'sources' | 'createdAt' | 'updatedAt' | 'resolveBy'> & {
  /** Written by the database as toISOString writes them (YYYY-MM-DD for the date): no Date made per row. */
  createdAt: string;
  updatedAt: string;
  resolveBy: string | null;
  /** Read as null, a column only so that setting it does not add a property (see `pages`). */
  author: ExportRow['author'] | null;
  sources: ExportRowSource['sources'];
  replies: ExportReply[];
};

const ISO = 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"';

/** Times as text in toISOString's form (and the date as YYYY-MM-DD), as the views write them. */
const AS_TEXT: Record<string, string> = {
  createdAt: `to_char(a."createdAt" AT TIME ZONE 'UTC', '${ISO}') AS "createdAt"`,
  updatedAt: `to_char(a."updatedAt" AT TIME ZONE 'UTC', '${ISO}') AS "updatedAt"`,
  resolveBy: `to_char(a."resolveBy", 'YYYY-MM-DD') AS "resolveBy"`,
};

/** The annotation's columns as the client knows them: not the generated search vector (issue #9), which would only cost. */
const ANNOTATION_COLUMNS = Prisma.raw(Object.values(Prisma.AnnotationScalarFieldEnum).map((c) => AS_TEXT[c] ?? `a."${c}"`).join(', '));

/**
 * The sources (the columns toView reads) and live replies of a page's annotations, aggregated as
 * the page's rows carry them: one statement for the page, by the annotations' ids. Aggregated in the page query (a subquery per
 * row) they were 40% of the database's time with none to aggregate; guarded there by EXISTS, the
 * planner hashed the whole Source table for every page once it had some 50,000 rows.
 */
const THREADS_QUERY = `
  SELECT s."annotationId" AS id, true AS source, json_agg(json_build_object(
      'id', s.id, 'url', s.url, 'title', s.title, 'publisher', s.publisher, 'excerpt', s.excerpt, 'relation', s.relation,
      'reliability', s.reliability, 'linkedAnnotationId', s."linkedAnnotationId") ORDER BY s.position) AS list
  FROM "Source" s WHERE s."annotationId" = ANY($1::uuid[]) GROUP BY s."annotationId"
  UNION ALL
  SELECT r."annotationId", false, json_agg(json_build_object(
      'id', r.id, 'author', json_build_object('id', ru.id, 'name', ru.name, 'email', ru.email), 'body', r.body, 'version', r.version,
      'createdAt', to_char(r."createdAt" AT TIME ZONE 'UTC', '${ISO}'), 'updatedAt', to_char(r."updatedAt" AT TIME ZONE 'UTC', '${ISO}'))
    ORDER BY r."createdAt", r.id)
  FROM "Reply" r JOIN "User" ru ON ru.id = r."authorId" WHERE r."annotationId" = ANY($1::uuid[]) AND r."deletedAt" IS NULL GROUP BY r."annotationId"`;

/**
 * The authors and documents an export has met, by id: a few objects shared by all their rows. The
 * page query reads ids alone (joining the author and document of every row, and reading their
 * names, emails, slugs and titles again for every row, was a tenth of the database's time and of
 * the rows' parsing); those not met yet are read with the page (`PEOPLE_QUERY`).
 */
type Known = { authors: Map<string, ExportRow['author']>; documents: Map<string, ExportRow['document']> };

const PEOPLE_QUERY = `
  SELECT true AS author, id, name, email, NULL AS slug, NULL AS title FROM "User" WHERE id = ANY($1::uuid[])
  UNION ALL
  SELECT false, id, NULL, NULL, slug, title FROM "Document" WHERE id = ANY($2::uuid[])`;

async function pageRows({ where, prepared }: SetQuery, after: Key | undefined, known: Known): Promise<PageRow[]> {
  const keyset = afterKey(after);
  // sources and replies: columns, filled in below (see `author`).
  const query = Prisma.sql`
    SELECT ${ANNOTATION_COLUMNS}, NULL AS author, NULL AS sources, NULL AS replies
    FROM "Annotation" a
    WHERE ${where} ${keyset}
    ${PAGE_ORDER}
    LIMIT ${Prisma.raw(String(PAGE))}`;
  // node-postgres rather than $queryRaw: the same values (text, numbers, parsed JSON, arrays of ids), made at half the cost.
  const pool = readPool();
  // A prepared statement's name is its text's hash: node-postgres refuses one name given two texts.
  const name = prepared ? `export-${createHash('sha1').update(query.text).digest('base64url')}` : undefined;
  const rows = (await pool.query<PageRow>({ name, text: query.text, values: query.values })).rows;
  const threads = rows.length
    ? (await pool.query<{ id: string; source: boolean; list: unknown[] }>({ name: 'export-threads', text: THREADS_QUERY, values: [rows.map((row) => row.id)] })).rows
    : [];
  const sources = new Map<string, ExportRowSource['sources']>();
  const replies = new Map<string, ExportReply[]>();
  for (const t of threads) {
    if (t.source) sources.set(t.id, t.list as ExportRowSource['sources']);
    else replies.set(t.id, t.list as ExportReply[]);
  }
  for (const row of rows) {
    row.sources = sources.get(row.id) ?? [];
    row.replies = replies.get(row.id) ?? [];
  }
  const authors = [...new Set(rows.filter((row) => !known.authors.has(row.authorId)).map((row) => row.authorId))];
  const documents = [...new Set(rows.filter((row) => !known.documents.has(row.documentId)).map((row) => row.documentId))];
  if (authors.length || documents.length) {
    type Met = { author: boolean; id: string; name: string; email: string; slug: string; title: string };
    for (const m of (await pool.query<Met>({ name: 'export-people', text: PEOPLE_QUERY, values: [authors, documents] })).rows) {
      if (m.author) known.authors.set(m.id, { id: m.id, name: m.name, email: m.email });
      else known.documents.set(m.id, { slug: m.slug, title: m.title });
    }
  }
  return rows;
}

/**
 * Text written straight into buffers of about CHUNK bytes: no joined string per chunk, and what
 * waits for the socket is bytes outside V8's heap rather than strings in it.
 */
class ChunkWriter {
  private buffer: Buffer | null = null;
  private used = 0;
  private readonly chunks: Uint8Array[] = [];

  write(text: string) {
    // A UTF-16 code unit is at most 3 bytes of UTF-8: room for that, and the text is never split.
    const most = text.length * 3;
    if (!this.buffer || this.used + most > this.buffer.length) {
      this.flush();
      this.buffer = Buffer.allocUnsafe(Math.max(CHUNK, most));
    }
    this.used += this.buffer.write(text, this.used);
  }

  /** The chunks written so far. */
  end(): Uint8Array[] {
    this.flush();
    return this.chunks;
  }

  private flush() {
    if (this.buffer && this.used > 0) this.chunks.push(this.buffer.subarray(0, this.used));
    this.buffer = null;
    this.used = 0;
  }
}

/**
 * The annotations matching the filters, in document order, as the bytes `item` writes for them, a
 * page at a time: one SQL statement a page, keyset on the order's columns, the next page read
 * (and written) while this one goes out. Rows go through toView, the one mapping from rows to
 * views, then forecast masking, as everywhere else.
 *
 * A page is written out as soon as it arrives and its rows are dropped. Rows kept while their page
 * trickled out to the socket (and the next page's rows, read ahead, kept meanwhile) outlived two
 * young-generation collections and were promoted, so the old generation grew by the export's rows
 * before its first full GC: +150 MB RSS on a cold server for 100,000 annotations (issue #13).
 */
async function* pages(actor: Actor, set: SetQuery, item: (row: ExportRow) => string): AsyncGenerator<Uint8Array[]> {
  const known: Known = { authors: new Map(), documents: new Map() };
  const revision = await revisionsByText();
  async function write(rows: PageRow[]): Promise<Uint8Array[]> {
    const views = rows.map((row) => {
      const author = known.authors.get(row.authorId)!;
      // The row itself becomes toView's input, and the view the export row: copying every
      // column of every row twice was a tenth of the time. `author` is one of the row's columns
      // already: adding a property to node-postgres's row grew its property store, and those
      // stores outlived the page (~80 MB of a cold server's old generation in a heap profile of
      // a 100,000-row export).
      row.author = author;
      return toView(row as PageRow & { author: ExportRow['author'] });
    });
    const masked = await maskForecasts(actor, views);
    const out = new ChunkWriter();
    for (let i = 0; i < masked.length; i++) {
      const row = rows[i];
      const document = known.documents.get(row.documentId)!;
      // view.author is the whole author already: toView passes the row's object on.
      const exportRow = Object.assign(masked[i] as Omit<ExportRow, 'document' | 'textHash' | 'revision' | 'replies'>, {
        document,
        textHash: row.textHash,
        revision: revision(row.documentId, row.textHash),
        replies: row.replies,
      });
      out.write(item(exportRow));
    }
    return out.end();
  }
  /**
   * A page read: the key its last row gives the next page as soon as its rows arrive, and the
   * page written, once they have and the page before it is written (`item` counts in order).
   */
  function load(after: Key | undefined, previous?: Promise<unknown>): Loading {
    const rows = pageRows(set, after, known);
    const loading = {
      last: rows.then((r) => (r.length === PAGE ? { documentId: r[PAGE - 1].documentId, start: r[PAGE - 1].start, id: r[PAGE - 1].id } : undefined)),
      written: Promise.all([rows, previous]).then(([r]) => write(r)),
    };
    // A page read ahead may fail while the client still holds the one before: its error is thrown
    // where the page is awaited (or dropped with the export), never left as an unhandled rejection.
    loading.last.catch(() => undefined);
    loading.written.catch(() => undefined);
    return loading;
  }
  // The next page is read while this one is written (the database and this process work side by
  // side: reading only after writing left each waiting for the other), and the one after only once
  // the client has taken this one: at most two pages' bytes wait, whatever the client's speed.
  // A client that goes away leaves the pages read ahead to be dropped (see `load`).
  let current: Loading | undefined = load(undefined);
  while (current) {
    const last: Key | undefined = await current.last;
    const next: Loading | undefined = last ? load(last, current.written) : undefined;
    yield await current.written;
    current = next;
  }
}

/** `chunks`: the export's UTF-8 bytes, a chunk at a time. */
export type Export = { contentType: string; fileName: string; total: number; chunks: AsyncGenerator<Uint8Array> };

type FormatSpec = {
  contentType: string;
  extension: string;
  head(total: number, base: string): string;
  /** `index` counts across the whole export. */
  item(row: ExportRow, index: number, base: string): string;
  tail: string;
};

const SPECS: Record<Format, FormatSpec> = {
  csv: {
    contentType: 'text/csv; charset=utf-8',
    extension: 'csv',
    head: () => `\uFEFF${csvHeader()}`, // the BOM makes spreadsheets read UTF-8
    item: (row) => csvRow(row),
    tail: '',
  },
  jsonl: {
    contentType: 'application/x-ndjson; charset=utf-8',
    extension: 'jsonl',
    head: () => '',
    item: (row) => `${JSON.stringify(row)}\n`,
    tail: '',
  },
  // One AnnotationCollection holding the whole set as its single page (the Web Annotation
  // Protocol's shape), written item by item; each reply follows its annotation as an annotation of
  // its own ("replying"). JSONL carries replies inside their annotation; CSV leaves them out.
  w3c: {
    contentType: MEDIA_TYPE,
    extension: 'jsonld',
    head: (total, base) =>
      `${JSON.stringify({ '@context': CONTEXT, id: `${base}/api/export`, type: 'AnnotationCollection', label: 'Assay annotations', total }).slice(0, -1)},"first":{"id":${JSON.stringify(`${base}/api/export#page-0`)},"type":"AnnotationPage","partOf":${JSON.stringify(`${base}/api/export`)},"startIndex":0,"items":[`,
    item: (row, index, base) => {
      let text = `${index ? ',' : ''}\n${JSON.stringify(toW3C(row, base, { context: false }))}`;
      for (const reply of row.replies) text += `,\n${JSON.stringify(replyToW3C(reply, row.id, base, { context: false }))}`;
      return text;
    },
    tail: '\n]}}\n',
  },
};

export async function exportAnnotations(actor: Actor | null, query: Record<string, string | undefined>, base: string): Promise<Export> {
  const user = requireActor(actor);
  const parsed = filtersSchema.safeParse(query);
  if (!parsed.success) throw invalid(parsed.error.issues);
  const filters = parsed.data;
  const spec = SPECS[filters.format];
  const set = setQuery(user, filters);
  const { where } = set;
  // In W3C every reply is an annotation of the collection too: counted by a join rather than a
  // count per annotation (half a second of the database's time per 100,000 rows, before the first byte).
  const replies =
    filters.format === 'w3c'
      ? Prisma.sql`(SELECT count(*) FROM "Reply" r JOIN "Annotation" a ON a.id = r."annotationId" WHERE r."deletedAt" IS NULL AND ${where})`
      : Prisma.sql`0`;
  const [{ total }] = await prisma.$queryRaw<{ total: number }[]>`SELECT ((SELECT count(*) FROM "Annotation" a WHERE ${where}) + ${replies})::int AS total`;
  return {
    contentType: spec.contentType,
    fileName: `assay-annotations${filters.document ? `-${filters.document}` : ''}.${spec.extension}`,
    total,
    chunks: (async function* () {
      const encoder = new TextEncoder();
      yield encoder.encode(spec.head(total, base));
      let index = 0;
      for await (const chunks of pages(user, set, (row) => spec.item(row, index++, base))) {
        // Handed on one by one and let go of: a chunk lives only until the socket has it.
        for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) yield chunk;
      }
      if (spec.tail) yield encoder.encode(spec.tail);
    })(),
  };
}
