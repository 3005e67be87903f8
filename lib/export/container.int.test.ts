// The Annotation Protocol container on real PostgreSQL: paging (by offset and by the cursors in
// next links), filters, the IRIs-only and minimal preferences, ETag / If-None-Match and the held
// count, and blind mode (also for exports).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db';
import { writeCount } from '@/lib/db/writes';
import type { Actor } from '@/lib/actor';
import { loadCorpus } from '@/lib/documents/load';
import { createUser } from '@/lib/users/service';
import { createAnnotation, deleteAnnotation } from '@/lib/annotations/service';
import { cachedJson } from '@/lib/realtime/reads';
import { annotationContainer, annotationResource, CONTAINER_PAGE_SIZE, decodeCursor, encodeCursor, wantsJsonLd } from './container';
import { exportAnnotations } from './service';

const BASE = 'http://assay.test';
let ana: Actor;
let ben: Actor;
let doc: { id: string; slug: string; text: string; textHash: string };
let blindDoc: { id: string; slug: string; text: string };
/** A document of its own for walking by cursors, written to between pages. */
let walkDoc: { id: string; slug: string; text: string; textHash: string };

const actorOf = (u: { id: string; email: string; name: string; role: Actor['role'] }): Actor => ({ id: u.id, email: u.email, name: u.name, role: u.role });
const body = (r: { body: unknown }) => r.body as Record<string, any>;

beforeAll(async () => {
  await loadCorpus();
  ana = actorOf(await createUser({ email: 'ana@example.test', name: 'Ana', password: 'long enough' }));
  ben = actorOf(await createUser({ email: 'ben@example.test', name: 'Ben', password: 'long enough' }));
  const docs = await prisma.document.findMany({ orderBy: { slug: 'asc' }, take: 3 });
  [doc, blindDoc, walkDoc] = docs;
  // 250 annotations by Ben on one document: three pages.
  await prisma.annotation.createMany({
    data: Array.from({ length: 250 }, (_, i) => ({
      documentId: doc.id,
      authorId: ben.id,
      kind: i % 2 ? ('FACT' as const) : ('CLAIM' as const),
      start: i,
      end: i + 3,
      exact: [...doc.text].slice(i, i + 3).join(''),
      prefix: '',
      suffix: '',
      textHash: doc.textHash,
    })),
  });
  // 230 on another, two at each start, so the id decides the order within a start.
  await prisma.annotation.createMany({
    data: Array.from({ length: 230 }, (_, i) => ({
      documentId: walkDoc.id,
      authorId: ben.id,
      kind: 'CLAIM' as const,
      start: 10 + Math.floor(i / 2),
      end: 13 + Math.floor(i / 2),
      exact: [...walkDoc.text].slice(10 + Math.floor(i / 2), 13 + Math.floor(i / 2)).join(''),
      prefix: '',
      suffix: '',
      textHash: walkDoc.textHash,
    })),
  });
  await prisma.document.update({ where: { id: blindDoc.id }, data: { blind: true } });
  const first = [...blindDoc.text].slice(0, 5).join('');
  await createAnnotation(ben, { document: blindDoc.slug, kind: 'FACT', target: { start: 0, end: 5, exact: first } });
  await createAnnotation(ana, { document: blindDoc.slug, kind: 'CLAIM', target: { start: 0, end: 5, exact: first } });
});

describe('annotationContainer', () => {
  it('describes the collection with total, first (embedded, full annotations) and last', async () => {
    const result = await annotationContainer(ben, { document: doc.slug }, BASE);
    expect(result.status).toBe(200);
    expect(result.headers['Content-Type']).toBe('application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"');
    expect(result.headers.ETag).toMatch(/^W\/".+"$/);
    const c = body(result);
    expect(c).toMatchObject({
      id: `${BASE}/api/annotations/?document=${doc.slug}`,
      type: ['BasicContainer', 'AnnotationCollection'],
      total: 250,
      last: `${BASE}/api/annotations/?document=${doc.slug}&page=2`,
    });
    expect(c['@context'][0]).toBe('http://www.w3.org/ns/anno.jsonld');
    expect(c.first).toMatchObject({ type: 'AnnotationPage', startIndex: 0 });
    expect(c.first.next).toMatch(new RegExp(`^${BASE}/api/annotations/\\?document=${doc.slug}&page=1&after=[\\w-]{48}$`));
    // The protocol: the container's IRI ends in "/", Content-Location is that IRI, and the embedded
    // first page carries its own id and says what it is part of.
    expect(result.headers['Content-Location']).toBe(c.id);
    expect(new URL(c.id).pathname.endsWith('/')).toBe(true);
    expect(c.first).toMatchObject({ id: `${BASE}/api/annotations/?document=${doc.slug}&page=0`, partOf: c.id });
    expect(c.first.items).toHaveLength(CONTAINER_PAGE_SIZE);
    expect(c.first.items[0]).toMatchObject({ type: 'Annotation', motivation: 'classifying' });
  });

  it('serves pages with partOf, startIndex, next and prev that together hold every annotation once', async () => {
    const ids: string[] = [];
    let url: string | undefined = `${BASE}/api/annotations/?document=${doc.slug}&page=0`;
    let pages = 0;
    while (url) {
      const query = Object.fromEntries(new URL(url).searchParams);
      const page = body(await annotationContainer(ben, query, BASE));
      expect(page).toMatchObject({ type: 'AnnotationPage', partOf: { id: `${BASE}/api/annotations/?document=${doc.slug}`, total: 250 }, startIndex: pages * 100 });
      if (pages > 0) expect(page.prev).toBe(`${BASE}/api/annotations/?document=${doc.slug}&page=${pages - 1}`);
      ids.push(...page.items.map((i: { id: string }) => i.id));
      url = page.next;
      pages++;
    }
    expect(pages).toBe(3);
    expect(new Set(ids).size).toBe(250);
    await expect(annotationContainer(ben, { document: doc.slug, page: '3' }, BASE)).rejects.toMatchObject({ status: 404 });
    await expect(annotationContainer(ben, { page: '-1', kind: 'OPINION' }, BASE)).rejects.toMatchObject({ status: 400, fields: { page: expect.any(String), kind: expect.any(String) } });
    await expect(annotationContainer(null, {}, BASE)).rejects.toMatchObject({ status: 401 });
  });

  it('filters by kind and analyst', async () => {
    expect(body(await annotationContainer(ben, { document: doc.slug, kind: 'FACT' }, BASE)).total).toBe(125);
    expect(body(await annotationContainer(ana, { analyst: 'ana@example.test' }, BASE)).total).toBe(1);
    // Ana's one annotation is on a blind document Ben has not finished reading.
    expect(body(await annotationContainer(ben, { analyst: 'ana@example.test' }, BASE)).total).toBe(0);
    const empty = body(await annotationContainer(ben, { document: 'no-such-doc' }, BASE));
    expect(empty.total).toBe(0);
    expect('first' in empty).toBe(false);
  });

  it('gives only IRIs when the client prefers contained IRIs, and keeps that preference in page links', async () => {
    const prefer = 'return=representation; include="http://www.w3.org/ns/oa#PreferContainedIRIs"';
    const result = await annotationContainer(ben, { document: doc.slug }, BASE, { prefer });
    expect(result.headers['Preference-Applied']).toBe('return=representation');
    const c = body(result);
    expect(c.first.items[0]).toMatch(/^http:\/\/assay\.test\/api\/annotations\/[0-9a-f-]{36}$/);
    expect(c.first.next).toMatch(new RegExp(`^${BASE}/api/annotations/\\?document=${doc.slug}&iris=1&page=1&after=[\\w-]{48}$`));
    const page = body(await annotationContainer(ben, { document: doc.slug, iris: '1', page: '2' }, BASE));
    expect(page.items).toHaveLength(50);
    expect(typeof page.items[0]).toBe('string');
    const minimal = body(await annotationContainer(ben, { document: doc.slug }, BASE, { prefer: 'return=representation; include="http://www.w3.org/ns/ldp#PreferMinimalContainer"' }));
    expect(minimal.first).toBe(`${BASE}/api/annotations/?document=${doc.slug}&page=0`);
  });

  it('answers 304 to a matching If-None-Match, and changes its ETag when an annotation is added or deleted', async () => {
    const first = await annotationContainer(ana, { document: blindDoc.slug }, BASE);
    const etag = first.headers.ETag;
    expect(await annotationContainer(ana, { document: blindDoc.slug }, BASE, { ifNoneMatch: etag })).toMatchObject({ status: 304, body: null });
    expect((await annotationContainer(ana, { document: blindDoc.slug }, BASE, { ifNoneMatch: '"other", ' + etag.slice(2) })).status).toBe(304);
    const quote = [...blindDoc.text].slice(10, 14).join('');
    const added = await createAnnotation(ana, { document: blindDoc.slug, kind: 'FACT', target: { start: 10, end: 14, exact: quote } });
    const afterAdd = await annotationContainer(ana, { document: blindDoc.slug }, BASE, { ifNoneMatch: etag });
    expect(afterAdd.status).toBe(200);
    await deleteAnnotation(ana, added.id);
    const afterDelete = await annotationContainer(ana, { document: blindDoc.slug }, BASE);
    expect(afterDelete.headers.ETag).not.toBe(afterAdd.headers.ETag);
    expect(afterDelete.headers.ETag).not.toBe(etag);
  });

  it('withholds others’ forecast probabilities until the reader has given their own', async () => {
    const quote = [...doc.text].slice(300, 340).join('');
    await createAnnotation(ben, {
      document: doc.slug,
      kind: 'FORECAST',
      target: { start: 300, end: 340, exact: quote },
      forecast: { statement: 'Masked in the container', probability: 0.9 },
    });
    const find = async (reader: Actor) => {
      const result = await annotationContainer(reader, { document: doc.slug, kind: 'FORECAST' }, BASE);
      return JSON.stringify(body(result).first.items);
    };
    expect(await find(ben)).toContain('"probability":0.9');
    expect(await find(ana)).toContain('Masked in the container');
    expect(await find(ana)).not.toContain('"probability":0.9');
  });

  it('applies blind mode to the container and to exports', async () => {
    expect(body(await annotationContainer(ana, { document: blindDoc.slug }, BASE)).total).toBe(1);
    expect(body(await annotationContainer(ben, { document: blindDoc.slug }, BASE)).total).toBe(1);
    const exported = await exportAnnotations(ana, { format: 'jsonl', document: blindDoc.slug }, BASE);
    let text = '';
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true }); // the export's UTF-8 bytes, a CSV's BOM kept
    for await (const chunk of exported.chunks) text += decoder.decode(chunk, { stream: true });
    expect(exported.total).toBe(1);
    expect(text.trimEnd().split('\n').map((l) => JSON.parse(l).author.name)).toEqual(['Ana']);
    await prisma.readingDone.create({ data: { documentId: blindDoc.id, userId: ana.id } });
    expect(body(await annotationContainer(ana, { document: blindDoc.slug }, BASE)).total).toBe(2);
    expect((await exportAnnotations(ana, { format: 'jsonl', document: blindDoc.slug }, BASE)).total).toBe(2);
  });
});

const queryOf = (url: string) => Object.fromEntries(new URL(url).searchParams);
const idOf = (item: string) => item.slice(item.lastIndexOf('/') + 1);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The ids of each page, following next links from `url` (IRIs only); `between` runs after each page is read. */
async function walk(reader: Actor, url: string, between?: (page: Record<string, any>) => Promise<void>): Promise<string[][]> {
  const pages: string[][] = [];
  for (let next: string | undefined = url; next; ) {
    const page = body(await annotationContainer(reader, queryOf(next), BASE));
    pages.push(page.items.map(idOf));
    await between?.(page);
    next = page.next;
  }
  return pages;
}

/** walkDoc's live annotations in the container's order, as Prisma reads them. */
const inOrder = async () =>
  (await prisma.annotation.findMany({ where: { documentId: walkDoc.id, deletedAt: null }, orderBy: [{ documentId: 'asc' }, { start: 'asc' }, { id: 'asc' }], select: { id: true } })).map((r) => r.id);

describe('cursors in next links', () => {
  const start = () => `${BASE}/api/annotations/?document=${walkDoc.slug}&iris=1&page=0`;

  it('give every annotation once, in order, as the offset pages do', async () => {
    const pages = await walk(ben, start());
    expect(pages.map((p) => p.length)).toEqual([100, 100, 30]);
    expect(pages.flat()).toEqual(await inOrder());
    for (const [n, ids] of pages.entries()) {
      expect(body(await annotationContainer(ben, { document: walkDoc.slug, iris: '1', page: String(n) }, BASE)).items.map(idOf)).toEqual(ids);
    }
  });

  it('neither repeat nor skip a row when rows are added before the cursor and the cursor’s row is deleted', async () => {
    const all = await inOrder();
    const added: string[] = [];
    const pages = await walk(ben, start(), async (page) => {
      if (page.startIndex !== 0) return;
      // Before the cursor: two rows at the document's first places (offsets would now repeat a row);
      // and the page's last row, the cursor's, gone for good.
      for (const at of [0, 1]) {
        const exact = [...walkDoc.text].slice(at, at + 3).join('');
        added.push((await createAnnotation(ben, { document: walkDoc.slug, kind: 'FACT', target: { start: at, end: at + 3, exact } })).id);
      }
      await prisma.annotation.delete({ where: { id: idOf(page.items.at(-1)) } });
    });
    expect(pages.flat()).toEqual(all);
    expect(pages[1][0]).toBe(all[100]);
    for (const id of added) await deleteAnnotation(ben, id);
  });

  it('refuse a malformed or forged cursor as a 400 naming after', async () => {
    const key = { documentId: walkDoc.id, start: 12, id: '00000000-0000-4000-8000-000000000000' };
    expect(decodeCursor(encodeCursor(key))).toEqual(key);
    const negative = Buffer.from(encodeCursor(key), 'base64url');
    negative.writeInt32BE(-1, 16);
    for (const after of ['nope', encodeCursor(key).slice(1), `${encodeCursor(key)}A`, encodeCursor(key).replace(/^./, '!'), negative.toString('base64url')]) {
      await expect(annotationContainer(ben, { document: walkDoc.slug, page: '1', after }, BASE)).rejects.toMatchObject({ status: 400, fields: { after: expect.any(String) } });
    }
    // A cursor goes with a page number (its startIndex).
    await expect(annotationContainer(ben, { document: walkDoc.slug, after: encodeCursor(key) }, BASE)).rejects.toMatchObject({ status: 400, fields: { after: expect.any(String) } });
    // Any well-formed one is a position in the set: here the rows after start 12.
    const page = body(await annotationContainer(ben, { document: walkDoc.slug, iris: '1', page: '1', after: encodeCursor(key) }, BASE));
    expect(page.items.map(idOf)).toEqual((await inOrder()).slice(4, 104));
  });

  it('show only what the reader may see: blind mode and the analyst filter hold', async () => {
    // A position before both annotations at the blind document's start: Ben, not done reading, sees his alone.
    const before = encodeCursor({ documentId: blindDoc.id, start: 0, id: '00000000-0000-0000-0000-000000000000' });
    const own = await prisma.annotation.findFirstOrThrow({ where: { documentId: blindDoc.id, authorId: ben.id } });
    const page = body(await annotationContainer(ben, { document: blindDoc.slug, iris: '1', page: '0', after: before }, BASE));
    expect(page.items.map(idOf)).toEqual([own.id]);
    expect(body(await annotationContainer(ben, { page: '0', after: before }, BASE)).items.map((i: { id: string }) => idOf(i.id))).not.toContain(
      (await prisma.annotation.findFirstOrThrow({ where: { documentId: blindDoc.id, authorId: ana.id } })).id,
    );
    expect(body(await annotationContainer(ben, { analyst: 'ana@example.test', page: '0', after: before }, BASE)).items).toEqual([]);
  });
});

describe('the held total and ETag', () => {
  let other: pg.Client;
  beforeAll(async () => {
    other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
  });
  afterAll(() => other.end());

  const ask = async () => {
    const result = await annotationContainer(ben, { document: walkDoc.slug }, BASE);
    return { total: body(result).total as number, etag: result.headers.ETag };
  };

  /** Waits until the read cache's LISTEN connection is open and earlier writes' notifications are all in (none for 300 ms). */
  async function quiet() {
    const probe = () => cachedJson(ben, new Request('http://assay.test/probe'), async () => ({ body: 1 }));
    await expect.poll(async () => (await probe()).headers.get('server-timing'), { timeout: 5_000 }).not.toContain('off');
    for (let seen = -1; seen !== writeCount(); ) {
      seen = writeCount();
      await sleep(300);
    }
  }

  it('are held while nothing is written, and read again after a write', async () => {
    await quiet();
    const before = await ask();
    expect(before.total).toBe(await prisma.annotation.count({ where: { documentId: walkDoc.id, deletedAt: null } }));
    // A row written where no write is announced (this session's triggers off): the held count does not see it…
    const [row] = await prisma.annotation.findMany({ where: { documentId: walkDoc.id }, take: 1 });
    await other.query(`SET session_replication_role = replica`);
    await other.query(`INSERT INTO "Annotation" (id, "documentId", "authorId", kind, start, "end", exact, prefix, suffix, "textHash", "updatedAt")
      SELECT gen_random_uuid(), "documentId", "authorId", kind, start, "end", exact, prefix, suffix, "textHash", now() FROM "Annotation" WHERE id = $1`, [row.id]);
    await other.query(`SET session_replication_role = origin`);
    expect(await ask()).toEqual(before);
    // …until anything is written: one annotation more here, so two more in all.
    const quote = [...walkDoc.text].slice(40, 44).join('');
    const added = await createAnnotation(ben, { document: walkDoc.slug, kind: 'CLAIM', target: { start: 40, end: 44, exact: quote } });
    const after = await ask();
    expect(after.total).toBe(before.total + 2);
    expect(after.etag).not.toBe(before.etag);
    await deleteAnnotation(ben, added.id);
    expect((await ask()).total).toBe(before.total + 1);
  });
});

// The Annotation Protocol's MUSTs for one annotation, written from the specification
// (https://www.w3.org/TR/annotation-protocol/ §4.1, and the model's §3.1): the W3C's own JSON
// schemas (web-platform-tests annotation-model/definitions) are not published in any npm package,
// and tests may not download them. The HTTP headers are checked end to end in e2e/hardening.spec.ts ("the Annotation Protocol: …").
describe('one annotation as the protocol serves it', () => {
  it('is the W3C JSON-LD with the anno context, an IRI id, type Annotation, a target; hidden ones are 404', async () => {
    const [row] = await prisma.annotation.findMany({ where: { documentId: doc.id }, take: 1 });
    const { body: annotation, version } = await annotationResource(ben, row.id, BASE);
    const a = annotation as Record<string, any>;
    const context = Array.isArray(a['@context']) ? a['@context'] : [a['@context']];
    expect(context[0]).toBe('http://www.w3.org/ns/anno.jsonld');
    expect(a.id).toBe(`${BASE}/api/annotations/${row.id}`);
    expect(a.type).toBe('Annotation');
    expect(a.target).toBeDefined();
    expect(typeof a.target.source).toBe('string');
    expect(version).toBe(row.version);
    // Ana's annotation on the blind document is absent for Ben, as everywhere.
    const hidden = await prisma.annotation.findFirstOrThrow({ where: { documentId: blindDoc.id, authorId: ana.id } });
    await expect(annotationResource(ben, hidden.id, BASE)).rejects.toMatchObject({ status: 404 });
  });

  it('is chosen by Accept: ld+json (with or without the profile), not by plain JSON', () => {
    expect(wantsJsonLd('application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"')).toBe(true);
    expect(wantsJsonLd('application/ld+json')).toBe(true);
    expect(wantsJsonLd('application/json')).toBe(false);
    expect(wantsJsonLd('application/json, application/ld+json;q=0.5')).toBe(false);
    expect(wantsJsonLd('*/*')).toBe(false);
    expect(wantsJsonLd(null)).toBe(false);
  });
});
