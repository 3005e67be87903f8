// Exporting an annotated set: validated filters, then the matching annotations streamed in pages
// of a thousand (keyset pagination), so memory stays flat however large the set.
import { z } from 'zod';
import { prisma } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { type Actor, requireActor } from '@/lib/actor';
import { invalid } from '@/lib/errors';
import { KINDS } from '@/lib/annotations/schemas';
import { toView } from '@/lib/annotations/service';
import { csvHeader, csvRow } from './csv';
import { visibleTo } from '@/lib/visibility';
import { CONTEXT, type ExportReply, type ExportRow, MEDIA_TYPE, replyToW3C, toW3C } from './w3c';

export const FORMATS = ['w3c', 'csv', 'jsonl'] as const;
export type Format = (typeof FORMATS)[number];

const PAGE = 1000;

/** The filters exports and the annotation container share. */
export const setFiltersSchema = z.strictObject({
  document: z.string().min(1).optional(),
  analyst: z.union([z.uuid(), z.email()], 'analyst is a user id or email').optional(),
  kind: z.enum(KINDS, 'kind is CLAIM, FORECAST or FACT').optional(),
  from: z.iso.date('from is a date (YYYY-MM-DD)').optional(),
  to: z.iso.date('to is a date (YYYY-MM-DD)').optional(),
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
  return {
    AND: [visibleTo(actor)],
    ...(options.deleted ? {} : { deletedAt: null }),
    kind: f.kind,
    document: f.document ? { slug: f.document } : undefined,
    author: f.analyst ? (f.analyst.includes('@') ? { email: f.analyst.toLowerCase() } : { id: f.analyst }) : undefined,
    // `to` is inclusive: the whole day.
    createdAt: {
      gte: f.from ? new Date(`${f.from}T00:00:00Z`) : undefined,
      lt: f.to ? new Date(new Date(`${f.to}T00:00:00Z`).getTime() + 86_400_000) : undefined,
    },
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
    list.push({ id: r.id, author: r.author, body: r.body, version: r.version, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() });
    byAnnotation.set(r.annotationId, list);
  }
  return byAnnotation;
}

export type ExportRowSource = Prisma.AnnotationGetPayload<{ include: typeof include }>;

export async function toExportRows(rows: ExportRowSource[]): Promise<ExportRow[]> {
  const replies = await repliesOf(rows.map((row) => row.id));
  return rows.map((row) => ({
    ...toView(row),
    document: row.document,
    author: row.author,
    textHash: row.textHash,
    replies: replies.get(row.id) ?? [],
  }));
}

/**
 * The rows of these annotations with author, document and sources, in the order given. One SQL
 * statement with the sources aggregated in the database: Prisma's include mapped rows at a quarter
 * of the speed exports need (bench/). The shape is Prisma's own payload, so toView stays the one
 * mapping from rows to views.
 */
async function rowsByIds(ids: string[]): Promise<ExportRowSource[]> {
  const rows = await prisma.$queryRaw<ExportRowSource[]>`
    SELECT a.*,
      json_build_object('id', u.id, 'name', u.name, 'email', u.email) AS author,
      json_build_object('slug', d.slug, 'title', d.title) AS document,
      COALESCE((SELECT json_agg(s ORDER BY s.position) FROM "Source" s WHERE s."annotationId" = a.id), '[]'::json) AS sources
    FROM "Annotation" a
    JOIN "User" u ON u.id = a."authorId"
    JOIN "Document" d ON d.id = a."documentId"
    WHERE a.id = ANY(${ids}::uuid[])`;
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id)!);
}

/** The annotations matching the filters, in document order, a page at a time (keyset on the order's columns). */
async function* pages(actor: Actor, filters: ExportFilters): AsyncGenerator<ExportRow[]> {
  let cursor: string | undefined;
  for (;;) {
    // Which rows come next is Prisma's job (it keeps the visibility rule in one place); reading them is rowsByIds'.
    const page = await prisma.annotation.findMany({
      where: setWhere(actor, filters),
      select: { id: true },
      orderBy: [{ documentId: 'asc' }, { start: 'asc' }, { id: 'asc' }],
      take: PAGE,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (page.length) yield await toExportRows(await rowsByIds(page.map((row) => row.id)));
    if (page.length < PAGE) return;
    cursor = page[page.length - 1].id;
  }
}

export type Export = { contentType: string; fileName: string; total: number; chunks: AsyncGenerator<string> };

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
      `${JSON.stringify({ '@context': CONTEXT, id: `${base}/api/export`, type: 'AnnotationCollection', label: 'Assay annotations', total }).slice(0, -1)},"first":{"type":"AnnotationPage","startIndex":0,"items":[`,
    item: (row, index, base) =>
      [toW3C(row, base, { context: false }), ...row.replies.map((r) => replyToW3C(r, row.id, base, { context: false }))]
        .map((item, i) => `${index || i ? ',' : ''}\n${JSON.stringify(item)}`)
        .join(''),
    tail: '\n]}}\n',
  },
};

export async function exportAnnotations(actor: Actor | null, query: Record<string, string | undefined>, base: string): Promise<Export> {
  const user = requireActor(actor);
  const parsed = filtersSchema.safeParse(query);
  if (!parsed.success) throw invalid(parsed.error.issues);
  const filters = parsed.data;
  const spec = SPECS[filters.format];
  const annotations = await prisma.annotation.count({ where: setWhere(user, filters) });
  // In W3C every reply is an annotation of the collection too.
  const replies =
    filters.format === 'w3c' ? await prisma.reply.count({ where: { deletedAt: null, annotation: setWhere(user, filters) } }) : 0;
  const total = annotations + replies;
  return {
    contentType: spec.contentType,
    fileName: `assay-annotations${filters.document ? `-${filters.document}` : ''}.${spec.extension}`,
    total,
    chunks: (async function* () {
      yield spec.head(total, base);
      let index = 0;
      // One chunk per page: a chunk per row made the stream itself the bottleneck.
      for await (const page of pages(user, filters)) yield page.map((row) => spec.item(row, index++, base)).join('');
      yield spec.tail;
    })(),
  };
}
