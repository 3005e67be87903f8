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
import { CONTEXT, type ExportRow, MEDIA_TYPE, toW3C } from './w3c';

export const FORMATS = ['w3c', 'csv', 'jsonl'] as const;
export type Format = (typeof FORMATS)[number];

const PAGE = 1000;

const filtersSchema = z.strictObject({
  format: z.enum(FORMATS, 'format is w3c, csv or jsonl'),
  document: z.string().min(1).optional(),
  analyst: z.union([z.uuid(), z.email()], 'analyst is a user id or email').optional(),
  kind: z.enum(KINDS, 'kind is CLAIM, FORECAST or FACT').optional(),
  from: z.iso.date('from is a date (YYYY-MM-DD)').optional(),
  to: z.iso.date('to is a date (YYYY-MM-DD)').optional(),
});

export type ExportFilters = z.output<typeof filtersSchema>;

const include = {
  author: { select: { id: true, name: true, email: true } },
  sources: { orderBy: { position: 'asc' } },
  document: { select: { slug: true, title: true } },
} as const satisfies Prisma.AnnotationInclude;

function where(f: ExportFilters): Prisma.AnnotationWhereInput {
  return {
    deletedAt: null,
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

/** The annotations matching the filters, in document order, a page at a time. */
async function* pages(filters: ExportFilters): AsyncGenerator<ExportRow[]> {
  let cursor: string | undefined;
  for (;;) {
    const page = await prisma.annotation.findMany({
      where: where(filters),
      include,
      orderBy: [{ documentId: 'asc' }, { start: 'asc' }, { id: 'asc' }],
      take: PAGE,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    yield page.map((row) => ({ ...toView(row), document: row.document, author: row.author, textHash: row.textHash }));
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
  // Protocol's shape), written item by item.
  w3c: {
    contentType: MEDIA_TYPE,
    extension: 'jsonld',
    head: (total, base) =>
      `${JSON.stringify({ '@context': CONTEXT, id: `${base}/api/export`, type: 'AnnotationCollection', label: 'Assay annotations', total }).slice(0, -1)},"first":{"type":"AnnotationPage","startIndex":0,"items":[`,
    item: (row, index, base) => `${index ? ',' : ''}\n${JSON.stringify(toW3C(row, base, { context: false }))}`,
    tail: '\n]}}\n',
  },
};

export async function exportAnnotations(actor: Actor | null, query: Record<string, string | undefined>, base: string): Promise<Export> {
  requireActor(actor);
  const parsed = filtersSchema.safeParse(query);
  if (!parsed.success) throw invalid(parsed.error.issues);
  const filters = parsed.data;
  const spec = SPECS[filters.format];
  const total = await prisma.annotation.count({ where: where(filters) });
  return {
    contentType: spec.contentType,
    fileName: `assay-annotations${filters.document ? `-${filters.document}` : ''}.${spec.extension}`,
    total,
    chunks: (async function* () {
      yield spec.head(total, base);
      let index = 0;
      // One chunk per page: a chunk per row made the stream itself the bottleneck.
      for await (const page of pages(filters)) yield page.map((row) => spec.item(row, index++, base)).join('');
      yield spec.tail;
    })(),
  };
}
