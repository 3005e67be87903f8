// The Web Annotation Protocol's container (https://www.w3.org/TR/annotation-protocol/): GET on
// /api/annotations gives the set as a paged AnnotationCollection, with the same filters as exports
// and the same blind-mode rule. Its ETag changes whenever what a page would show changes, so
// clients can poll cheaply with If-None-Match.
//
// Pages follow the order (documentId, start, id). The `next` links carry the page's last key
// (`after`), so a client walking them reads each page from the index where the last one ended
// rather than skipping every row before it; `?page=n` alone still pages by offset. The total and
// the ETag's state are held per reader and filters while nothing is written (lib/realtime/reads.ts).
import 'server-only';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { prisma, readPool } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import { type Actor, requireActor } from '@/lib/actor';
import { AppError, invalid } from '@/lib/errors';
import { heldWhileUnwritten } from '@/lib/realtime/reads';
import { afterKey, include, PAGE_ORDER, type Key, type SetFilters, setFiltersSchema, setQuery, setWhere, toExportRows } from './service';
import { getAnnotation } from '@/lib/annotations/service';
import { annotationIri, CONTEXT, MEDIA_TYPE, toW3C } from './w3c';

export const CONTAINER_PAGE_SIZE = 100;

const PREFER_IRIS = 'http://www.w3.org/ns/oa#PreferContainedIRIs';
const PREFER_MINIMAL = 'http://www.w3.org/ns/ldp#PreferMinimalContainer';

/**
 * A position in the container's order as a `next` link carries it: the key of the row before the
 * page (document id, start, annotation id: 16 + 4 + 16 bytes), base64url. Only a position, not a
 * row: any well-formed cursor gives the reader's own set from that place on, whatever it names.
 */
export function encodeCursor(key: Key): string {
  const bytes = Buffer.alloc(36);
  bytes.write(key.documentId.replaceAll('-', ''), 0, 'hex');
  bytes.writeInt32BE(key.start, 16);
  bytes.write(key.id.replaceAll('-', ''), 20, 'hex');
  return bytes.toString('base64url');
}

const uuidAt = (bytes: Buffer, offset: number) => bytes.toString('hex', offset, offset + 16).replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');

/** The key a cursor holds, or null when it is not one (edited, cut short, made up). */
export function decodeCursor(token: string): Key | null {
  if (!/^[A-Za-z0-9_-]{48}$/.test(token)) return null;
  const bytes = Buffer.from(token, 'base64url');
  const start = bytes.readInt32BE(16);
  return start < 0 ? null : { documentId: uuidAt(bytes, 0), start, id: uuidAt(bytes, 20) };
}

const querySchema = setFiltersSchema.extend({
  page: z.coerce.number('page is a number').int('page is a whole number').min(0, 'page starts at 0').optional(),
  after: z
    .string()
    .transform((token, ctx) => decodeCursor(token) ?? (ctx.addIssue({ code: 'custom', message: 'after is a cursor from a next link' }), z.NEVER))
    .optional(),
  // The IRIs-only preference, carried in page links since a link cannot carry a Prefer header.
  iris: z.enum(['1'], 'iris is 1 when given').optional(),
});

type Representation = 'descriptions' | 'iris' | 'minimal';

/** Which of the protocol's container representations `Prefer: return=representation; include="…"` asks for. */
function preferred(prefer: string | null): Representation | null {
  if (!prefer || !/return\s*=\s*representation/i.test(prefer)) return null;
  const include = /include\s*=\s*"([^"]*)"/i.exec(prefer)?.[1].split(/\s+/) ?? [];
  if (include.includes(PREFER_MINIMAL)) return 'minimal';
  if (include.includes(PREFER_IRIS)) return 'iris';
  return null;
}

export type ContainerResponse = { status: 200 | 304; headers: Record<string, string>; body: unknown };

/** Whether an If-None-Match header names this ETag (weak comparison, as RFC 9110 asks for GET). */
function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

/** What the total and the ETag are made of: the set's count, and its changes (deleted rows counted). */
type SetState = { total: number; changes: string };

// Per reader and filters, while nothing is written: a client walking the pages counts the set once.
const heldStates = heldWhileUnwritten<SetState>(500);

function setState(user: Actor, filters: SetFilters): Promise<SetState> {
  return heldStates(`${user.id} ${user.role} ${JSON.stringify(filters)}`, async () => {
    // Deleted rows count too: a deletion must change the tag even when the newest change is older.
    const [total, changed] = await Promise.all([
      prisma.annotation.count({ where: setWhere(user, filters) }),
      prisma.annotation.aggregate({ where: setWhere(user, filters, { deleted: true }), _max: { updatedAt: true, deletedAt: true }, _count: true }),
    ]);
    return { total, changes: [changed._count, changed._max.updatedAt?.toISOString(), changed._max.deletedAt?.toISOString()].join('|') };
  });
}

/**
 * Page `n`'s rows: those after the cursor `after` (the keyset, from the (documentId, start) index),
 * else by offset. `next` is the key of its last row when a row follows it.
 */
async function readPage(user: Actor, filters: SetFilters, n: number, after: Key | undefined) {
  const set = setQuery(user, filters);
  const query = Prisma.sql`
    SELECT a.id, a."documentId", a.start FROM "Annotation" a
    WHERE ${set.where} ${afterKey(after)}
    ${PAGE_ORDER}
    LIMIT ${CONTAINER_PAGE_SIZE + 1} ${after ? Prisma.empty : Prisma.sql`OFFSET ${n * CONTAINER_PAGE_SIZE}`}`;
  const keys = (await readPool().query<Key>({ text: query.text, values: query.values })).rows;
  const next = keys.length > CONTAINER_PAGE_SIZE ? keys[CONTAINER_PAGE_SIZE - 1] : undefined;
  const ids = keys.slice(0, CONTAINER_PAGE_SIZE).map((key) => key.id);
  const rows = await prisma.annotation.findMany({ where: { id: { in: ids } }, include, orderBy: [{ documentId: 'asc' }, { start: 'asc' }, { id: 'asc' }] });
  return { rows, next };
}

export async function annotationContainer(
  actor: Actor | null,
  query: Record<string, string | undefined>,
  base: string,
  headers: { prefer?: string | null; ifNoneMatch?: string | null } = {},
): Promise<ContainerResponse> {
  const user = requireActor(actor);
  const parsed = querySchema.safeParse(query);
  if (!parsed.success) throw invalid(parsed.error.issues);
  const { page, after, iris, ...filters } = parsed.data;
  if (after && page === undefined) throw new AppError('INVALID', 'after needs page: follow a next link as it is', { fields: { after: 'Only with page, as next links give it' } });
  const preference = preferred(headers.prefer ?? null);
  const representation: Representation = iris ? 'iris' : (preference ?? 'descriptions');

  const { total, changes } = await setState(user, filters);
  const lastPage = Math.max(0, Math.ceil(total / CONTAINER_PAGE_SIZE) - 1);
  // With a cursor the number only names the page (its startIndex): writes since may have moved it.
  if (page !== undefined && !after && page > lastPage) throw new AppError('NOT_FOUND', `There are ${lastPage + 1} pages`);

  const state = [total, changes, JSON.stringify(parsed.data), representation];
  const etag = `W/"${createHash('sha256').update(state.join('|')).digest('base64url').slice(0, 27)}"`;
  const responseHeaders: Record<string, string> = {
    'Content-Type': MEDIA_TYPE,
    ETag: etag,
    Vary: 'Accept, Prefer',
    Allow: 'GET, HEAD, POST, OPTIONS',
    Link: '<http://www.w3.org/ns/ldp#BasicContainer>; rel="type", <http://www.w3.org/TR/annotation-protocol/>; rel="http://www.w3.org/ns/ldp#constrainedBy"',
    ...(preference && !iris ? { 'Preference-Applied': 'return=representation' } : {}),
  };
  if (matches(headers.ifNoneMatch ?? null, etag)) return { status: 304, headers: responseHeaders, body: null };

  const filterParams = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => e[1] !== undefined));
  // The protocol's container IRI ends in a slash (both forms are served: proxy.ts).
  const containerId = `${base}${CONTAINER_PATH}${filterParams.size ? `?${filterParams}` : ''}`;
  const pageIri = (n: number, from?: Key) => {
    const params = new URLSearchParams(filterParams);
    if (representation === 'iris') params.set('iris', '1');
    params.set('page', String(n));
    if (from) params.set('after', encodeCursor(from));
    return `${base}${CONTAINER_PATH}?${params}`;
  };

  async function pageBody(n: number, withContext: boolean) {
    const { rows, next } = await readPage(user, filters, n, after);
    const items =
      representation === 'iris'
        ? rows.map((row) => annotationIri(base, row.id))
        : (await toExportRows(user, rows)).map((row) => toW3C(row, base, { context: false }));
    return {
      ...(withContext ? { '@context': CONTEXT } : {}),
      id: pageIri(n, after),
      type: 'AnnotationPage',
      partOf: withContext ? { id: containerId, total } : containerId,
      startIndex: n * CONTAINER_PAGE_SIZE,
      ...(next ? { next: pageIri(n + 1, next) } : {}),
      // By offset: a cursor going back would need the order reversed, and walking back is rare.
      ...(n > 0 ? { prev: pageIri(n - 1) } : {}),
      items,
    };
  }

  if (page !== undefined) return { status: 200, headers: { ...responseHeaders, 'Content-Location': pageIri(page, after) }, body: await pageBody(page, true) };
  const body = {
    '@context': CONTEXT,
    id: containerId,
    type: ['BasicContainer', 'AnnotationCollection'],
    label: 'Assay annotations',
    total,
    // An empty collection has no pages (the model: first and last only when there are items).
    ...(total === 0 ? {} : { first: representation === 'minimal' ? pageIri(0) : await pageBody(0, false), last: pageIri(lastPage) }),
  };
  return { status: 200, headers: { ...responseHeaders, 'Content-Location': containerId }, body };
}

/** The container's path: the protocol wants a container IRI ending in `/`. */
export const CONTAINER_PATH = '/api/annotations/';

/** What the protocol says one annotation answers to. */
export const ANNOTATION_ALLOW = 'GET, HEAD, PATCH, DELETE, OPTIONS';
export const CONTAINER_ALLOW = 'GET, HEAD, POST, OPTIONS';

/** Whether an Accept header prefers the Web Annotation JSON-LD (any `application/ld+json`) to plain JSON. */
export function wantsJsonLd(accept: string | null): boolean {
  if (!accept) return false;
  const ranges = accept.split(',').map((part) => {
    const [type, ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const q = Number(params.find((p) => p.startsWith('q='))?.slice(2) ?? 1);
    return { type, q: Number.isFinite(q) ? q : 0 };
  });
  const ld = Math.max(0, ...ranges.filter((r) => r.type === 'application/ld+json').map((r) => r.q));
  const json = Math.max(0, ...ranges.filter((r) => r.type === 'application/json').map((r) => r.q));
  return ld > 0 && ld >= json;
}

/** One annotation as the protocol serves it: its W3C JSON-LD (with replies left to the container), hidden ones 404. */
export async function annotationResource(actor: Actor | null, id: string, base: string): Promise<{ body: unknown; version: number }> {
  const user = requireActor(actor);
  const view = await getAnnotation(user, id); // visibility and 404 as everywhere else
  const row = await prisma.annotation.findUniqueOrThrow({ where: { id: view.id }, include });
  const [exportRow] = await toExportRows(user, [row]);
  return { body: toW3C(exportRow, base), version: view.version };
}
