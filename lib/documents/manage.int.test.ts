// Bringing your own documents on real PostgreSQL: adding in every form (pasted text, Markdown,
// HTML; uploaded .txt, .md, .html, .pdf, .docx; a web address served by a real local server), dry
// runs, duplicates, limits, revisions with re-anchoring and history, archive and restore.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db';
import type { Actor } from '@/lib/actor';
import { actor } from '@/test/actors';
import { target } from '@/test/fixtures';
import { makeDocx, makePdf, makeScannedPdf } from '@/test/documents';
import { annotationHistory, createAnnotation, listAnnotations } from '@/lib/annotations/service';
import { listDocuments, getDocument, libraryPage } from './service';
import { addDocument, archiveDocument, getRevision, listRevisions, restoreDocument, reviseDocument } from './manage';
import type { AddedDocument, DocumentPreview } from './schemas';

let admin: Actor;
let alice: Actor;
let bob: Actor;
let viewer: Actor;
let server: http.Server;
let base: string;

const file = (name: string, bytes: Uint8Array | string, type = '') => ({
  file: { name, type, bytes: typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes },
  fields: {},
});
const counts = async () => ({
  documents: await prisma.document.count(),
  revisions: await prisma.documentRevision.count(),
  passages: await prisma.documentPassage.count(),
});

beforeAll(async () => {
  admin = await actor('admin');
  alice = await actor('alice');
  bob = await actor('bob');
  viewer = await actor('viewer', 'VIEWER');
  server = http.createServer((request, response) => {
    if (request.url === '/article') {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end(`<!doctype html><html><head><title>Grain Corridor Talks | Example News</title>
        <meta property="article:published_time" content="2023-07-17T09:00:00Z"></head><body>
        <header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
        <main><article><h1>Grain Corridor Talks Stall</h1><p class="byline">By <span rel="author">Mira Kovacs</span></p>
        ${Array.from({ length: 6 }, (_, i) => `<p>Paragraph ${i + 1} of the article explains how the negotiations over the grain corridor stalled again this week, with both sides blaming the other for the delay and officials warning of consequences.</p>`).join('')}
        </article></main><aside>Most read: <a href="/x">Celebrity news</a></aside><footer>© Example News</footer></body></html>`);
    } else if (request.url === '/doc.pdf') {
      void makePdf([{ heading: 'Fetched PDF', paragraphs: [['A PDF served over HTTP, read from its text layer.']] }]).then((bytes) => {
        response.writeHead(200, { 'Content-Type': 'application/pdf' });
        response.end(Buffer.from(bytes));
      });
    } else if (request.url === '/image') {
      response.writeHead(200, { 'Content-Type': 'image/png' });
      response.end('png');
    } else {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.ASSAY_FETCH_ALLOW = '127.0.0.1';
});
afterAll(() => {
  delete process.env.ASSAY_FETCH_ALLOW;
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('adding a document', () => {
  it('from pasted text, Markdown and HTML: 201-shaped summaries, a slug, revision 1, who added it', async () => {
    const text = (await addDocument(alice, { json: { format: 'text', content: 'Pasted Title\n\nA pasted paragraph about sanctions.' } })) as AddedDocument;
    expect(text).toMatchObject({ slug: 'pasted-title', title: 'Pasted Title', revision: 1, byline: null });
    const md = (await addDocument(alice, { json: { format: 'markdown', content: '# Markdown Doc\n\nWith *emphasis*.', byline: 'Ann Lee', publishedAt: '2023-01-02' } })) as AddedDocument;
    expect(md).toMatchObject({ slug: 'markdown-doc', byline: 'Ann Lee', publishedAt: '2023-01-02' });
    const html = (await addDocument(bob, { json: { format: 'html', content: '<h1>HTML Doc</h1><p>Body <script>x()</script>text.</p>', title: 'Given Title' } })) as AddedDocument;
    expect(html.title).toBe('Given Title');
    const view = await getDocument(bob, html.slug);
    expect(view.text).toBe('HTML Doc\n\nBody text.');
    const row = await prisma.document.findUniqueOrThrow({ where: { id: text.id }, include: { revisions: true } });
    expect(row).toMatchObject({ createdById: alice.id, format: 'text', revision: 1 });
    expect(row.revisions).toHaveLength(1);
    expect(row.revisions[0]).toMatchObject({ revision: 1, textHash: row.textHash, text: row.text, createdById: alice.id });
    expect(await prisma.documentPassage.count({ where: { documentId: text.id } })).toBe(2);
    const library = await listDocuments(bob);
    expect(library.find((d) => d.slug === 'pasted-title')).toMatchObject({ addedBy: { id: alice.id, name: 'alice' }, counts: { CLAIM: 0, FORECAST: 0, FACT: 0 } });
  });

  it('from uploaded .txt, .md, .html, .pdf and .docx files', async () => {
    const txt = (await addDocument(alice, file('notes.txt', 'Upload Text\n\nPlain words.'))) as AddedDocument;
    const md = (await addDocument(alice, file('doc.md', '# Upload Markdown\n\n- a\n- b'))) as AddedDocument;
    const html = (await addDocument(alice, file('page.html', '<html><head><title>Upload HTML</title></head><body><p>Hello.</p></body></html>'))) as AddedDocument;
    const pdf = (await addDocument(alice, file('report.pdf', await makePdf([{ heading: 'Upload PDF', paragraphs: [['A line of the PDF.']] }])))) as AddedDocument;
    const docx = (await addDocument(alice, file('memo.docx', await makeDocx({ title: 'Upload Docx', heading: 'H', paragraph: 'Text ', italic: 'here', note: 'N', items: ['i'] })))) as AddedDocument;
    expect([txt, md, html, pdf, docx].map((d) => d.title)).toEqual(['Upload Text', 'Upload Markdown', 'Upload HTML', 'Upload PDF', 'Upload Docx']);
    const rows = await prisma.document.findMany({ where: { id: { in: [txt.id, md.id, html.id, pdf.id, docx.id] } }, select: { format: true, sourceFile: true } });
    expect(rows.map((r) => r.format).sort()).toEqual(['docx', 'html', 'markdown', 'pdf', 'text']);
    expect(rows.map((r) => r.sourceFile).sort()).toEqual(['doc.md', 'memo.docx', 'notes.txt', 'page.html', 'report.pdf']);
  });

  it('from a web address: the article (title, byline, date, body), not the site’s navigation; a PDF address as a PDF', async () => {
    const preview = (await addDocument(alice, { json: { url: `${base}/article` } }, { dryRun: true })) as DocumentPreview;
    expect(preview.title).toMatch(/Grain Corridor Talks/);
    expect(preview.byline).toMatch(/Mira Kovacs/);
    expect(preview.publishedAt).toBe('2023-07-17');
    expect(preview.text).toContain('Paragraph 6 of the article');
    expect(preview.text).not.toMatch(/Home|Sport|Celebrity|Example News/);
    const added = (await addDocument(alice, { json: { url: `${base}/article` } })) as AddedDocument;
    expect((await prisma.document.findUniqueOrThrow({ where: { id: added.id } })).sourceUrl).toBe(`${base}/article`);
    const pdf = (await addDocument(alice, { json: { url: `${base}/doc.pdf` } }, { dryRun: true })) as DocumentPreview;
    expect(pdf.text).toBe('Fetched PDF\n\nA PDF served over HTTP, read from its text layer.');
    await expect(addDocument(alice, { json: { url: `${base}/image` } })).rejects.toMatchObject({ status: 415 });
    await expect(addDocument(alice, { json: { url: `${base}/missing` } })).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/404/) });
  });

  it('previews without writing anything (dryRun)', async () => {
    const before = await counts();
    const preview = (await addDocument(alice, { json: { format: 'markdown', content: '# Preview Only\n\nNothing is written.' } }, { dryRun: true })) as DocumentPreview;
    expect(preview).toMatchObject({ title: 'Preview Only', text: 'Preview Only\n\nNothing is written.', warnings: [], duplicateOf: null });
    expect(preview.content.type).toBe('doc');
    expect(await counts()).toEqual(before);
  });

  it('refuses the same text twice (409 with the existing slug), an empty text (400), bad fields (400), viewers (403)', async () => {
    const first = (await addDocument(alice, { json: { format: 'text', content: 'Unique words for the duplicate test.' } })) as AddedDocument;
    const before = await counts();
    await expect(addDocument(bob, { json: { format: 'markdown', content: 'Unique words for the duplicate test.' } })).rejects.toMatchObject({
      status: 409,
      detail: { slug: first.slug },
    });
    const preview = (await addDocument(bob, { json: { format: 'text', content: 'Unique words for the duplicate test.' } }, { dryRun: true })) as DocumentPreview;
    expect(preview.duplicateOf).toBe(first.slug);
    await expect(addDocument(alice, { json: { format: 'text', content: '  \n\t\n ' } })).rejects.toMatchObject({ status: 400 });
    await expect(addDocument(alice, { json: { format: 'html', content: '<script>only()</script><img src=x>' } })).rejects.toMatchObject({ status: 400 });
    await expect(addDocument(alice, { json: { format: 'pdf', content: 'x' } })).rejects.toMatchObject({ status: 400, fields: { format: expect.any(String) } });
    await expect(addDocument(alice, { json: { format: 'text', content: 'x', publishedAt: '2023-13-45' } })).rejects.toMatchObject({ status: 400, fields: { publishedAt: expect.any(String) } });
    await expect(addDocument(alice, { json: { format: 'text', content: 'x', extra: 1 } })).rejects.toMatchObject({ status: 400 });
    await expect(addDocument(alice, { json: [] })).rejects.toMatchObject({ status: 400 });
    await expect(addDocument(viewer, { json: { format: 'text', content: 'A viewer tries.' } })).rejects.toMatchObject({ status: 403 });
    await expect(addDocument(null, { json: { format: 'text', content: 'Anonymous.' } })).rejects.toMatchObject({ status: 401 });
    expect(await counts()).toEqual(before);
  });

  it('refuses a file over 20 MiB (413), an unsupported type (415), a scan (422), a damaged file (400)', async () => {
    const before = await counts();
    await expect(addDocument(alice, file('big.txt', new Uint8Array(20 * 1024 * 1024 + 1).fill(0x61)))).rejects.toMatchObject({ status: 413 });
    await expect(addDocument(alice, { json: { format: 'text', content: 'a'.repeat(20 * 1024 * 1024 + 1) } })).rejects.toMatchObject({ status: 413 });
    await expect(addDocument(alice, file('slides.pptx', 'PK'))).rejects.toMatchObject({ status: 415 });
    await expect(addDocument(alice, file('scan.pdf', await makeScannedPdf()))).rejects.toMatchObject({ status: 422, message: expect.stringMatching(/no text layer/) });
    await expect(addDocument(alice, file('broken.docx', 'PK\u0003\u0004broken'))).rejects.toMatchObject({ status: 400 });
    await expect(addDocument(alice, file('binary.txt', new Uint8Array([0x61, 0, 0x62])))).rejects.toMatchObject({ status: 400 });
    expect(await counts()).toEqual(before);
  });

  it('gives a second document with the same title the next slug, also when both arrive at once', async () => {
    const [a, b] = (await Promise.all([
      addDocument(alice, { json: { format: 'text', content: 'Same title, first text.', title: 'Twin' } }),
      addDocument(bob, { json: { format: 'text', content: 'Same title, second text.', title: 'Twin' } }),
    ])) as AddedDocument[];
    expect([a.slug, b.slug].sort()).toEqual(['twin', 'twin-2']);
    const cyrillic = (await addDocument(alice, { json: { format: 'text', content: 'Беларусь и Россия' } })) as AddedDocument;
    expect(cyrillic.slug).toMatch(/^document(-\d+)?$/);
    expect(cyrillic.title).toBe('Беларусь и Россия');
  });

  it('lists the library sorted, filtered and paged', async () => {
    const byTitle = await libraryPage(alice, { sort: 'title' });
    expect(byTitle.documents.map((d) => d.title)).toEqual([...byTitle.documents.map((d) => d.title)].sort((x, y) => x.localeCompare(y)));
    const newest = await libraryPage(alice, { sort: 'added' });
    expect(newest.documents[0].createdAt >= newest.documents.at(-1)!.createdAt).toBe(true);
    const bobs = await libraryPage(alice, { addedBy: bob.id });
    expect(bobs.documents.every((d) => d.addedBy?.id === bob.id)).toBe(true);
    expect((await libraryPage(alice, { q: 'upload' })).documents.map((d) => d.title).sort()).toEqual(['Upload Docx', 'Upload HTML', 'Upload Markdown', 'Upload PDF', 'Upload Text']);
    const page = await libraryPage(alice, { page: 1 });
    expect(page).toMatchObject({ page: 1, pageSize: 50, total: byTitle.total });
    await expect(libraryPage(alice, { sort: 'nonsense' })).rejects.toMatchObject({ status: 400 });
    await expect(libraryPage(alice, { archived: '1' })).rejects.toMatchObject({ status: 403 });
  });
});

describe('revising a document', () => {
  const v1 = [
    '# Revision Test',
    '',
    'The first paragraph stays exactly as it is in every revision.',
    '',
    'A sentence about the oil tax manoeuvre that will move further down.',
    '',
    'The customs union was agreed in thirty-one chapters of dense text.',
    '',
    'This paragraph will be deleted entirely in the next revision of the text.',
  ].join('\n');
  const v2 = [
    '# Revision Test',
    '',
    'The first paragraph stays exactly as it is in every revision.',
    '',
    'An inserted paragraph pushes everything after it further down the page.',
    '',
    'A sentence about the oil tax manoeuvre that will move further down.',
    '',
    'The customs union was agreed in 31 chapters of dense text.',
  ].join('\n');
  let doc: AddedDocument;
  let ids: Record<'same' | 'moved' | 'fuzzy' | 'gone', string>;

  beforeAll(async () => {
    doc = (await addDocument(alice, { json: { format: 'markdown', content: v1 } })) as AddedDocument;
    const { text } = await getDocument(alice, doc.slug);
    const claim = (who: Actor, quote: string) => createAnnotation(who, { document: doc.slug, kind: 'CLAIM', target: target(text, quote), note: `on ${quote.slice(0, 10)}` });
    ids = {
      same: (await claim(alice, 'The first paragraph stays exactly')).id,
      moved: (await claim(bob, 'the oil tax manoeuvre')).id,
      fuzzy: (await claim(alice, 'The customs union was agreed in thirty-one chapters of dense text')).id,
      gone: (await claim(bob, 'will be deleted entirely')).id,
    };
  });

  it('reports what re-anchoring would do without writing (dryRun)', async () => {
    const before = await prisma.annotation.findMany({ where: { documentId: doc.id }, orderBy: { id: 'asc' } });
    const report = await reviseDocument(alice, doc.slug, { json: { format: 'markdown', content: v2 } }, { dryRun: true });
    expect(report).toMatchObject({ dryRun: true, revision: 2, reanchored: { unchanged: 1, moved: 1, fuzzy: 1, orphaned: 1 }, orphans: [{ id: ids.gone }] });
    expect(report.preview!.text).toContain('31 chapters');
    expect(await prisma.annotation.findMany({ where: { documentId: doc.id }, orderBy: { id: 'asc' } })).toEqual(before);
    expect((await getDocument(alice, doc.slug)).revision).toBe(1);
    expect(await prisma.annotationEvent.count({ where: { actorId: null } })).toBe(0);
  });

  it('re-anchors: in place, moved, by fuzzy match, orphaned; each changed one gets a history event by Assay itself', async () => {
    const result = await reviseDocument(bob, doc.slug, { json: { format: 'markdown', content: v2 } });
    expect(result).toMatchObject({ revision: 2, dryRun: false, reanchored: { unchanged: 1, moved: 1, fuzzy: 1, orphaned: 1 }, document: { slug: doc.slug, revision: 2 } });
    const view = await getDocument(alice, doc.slug);
    expect(view.text).toBe(v2.replace('# ', ''));
    const byId = Object.fromEntries((await listAnnotations(admin, doc.slug)).map((a) => [a.id, a]));
    const cp = [...view.text];
    const quote = (id: string) => cp.slice(byId[id].target.start, byId[id].target.end).join('');
    expect(quote(ids.same)).toBe('The first paragraph stays exactly');
    expect(quote(ids.moved)).toBe('the oil tax manoeuvre');
    expect(quote(ids.fuzzy)).toMatch(/agreed in 31 chapters/);
    expect(byId[ids.gone]).toMatchObject({ orphan: true, target: { exact: 'will be deleted entirely' } });
    expect(byId[ids.same].version).toBe(1);
    for (const id of [ids.moved, ids.fuzzy, ids.gone]) {
      const history = await annotationHistory(admin, id);
      expect(history.map((h) => h.type)).toEqual(['CREATED', 'UPDATED']);
      expect(history[1]).toMatchObject({ system: true, actor: { name: 'Assay (re-anchoring)' }, version: 2 });
      expect((history[1].snapshot as unknown as { reanchored: { revision: number; method: string } }).reanchored).toMatchObject({ revision: 2 });
    }
    expect(((await annotationHistory(admin, ids.gone))[1].snapshot as unknown as { reanchored: { method: string } }).reanchored.method).toBe('orphaned');
    expect(await annotationHistory(admin, ids.same)).toHaveLength(1);
    // The orphan still names the revision its selectors refer to.
    const gone = await prisma.annotation.findUniqueOrThrow({ where: { id: ids.gone } });
    const rev1 = await getRevision(alice, doc.slug, '1');
    expect(gone.textHash).toBe(rev1.textHash);
    expect(await prisma.annotation.findUniqueOrThrow({ where: { id: ids.moved } })).toMatchObject({ textHash: view.textHash });
  });

  it('keeps earlier revisions readable, with who made them and the report', async () => {
    const revisions = await listRevisions(bob, doc.slug);
    expect(revisions.map((r) => [r.revision, r.current, r.createdBy?.name])).toEqual([
      [2, true, 'bob'],
      [1, false, 'alice'],
    ]);
    expect(revisions[0].reanchored).toEqual({ unchanged: 1, moved: 1, fuzzy: 1, orphaned: 1 });
    const first = await getRevision(bob, doc.slug, '1');
    expect(first).toMatchObject({ revision: 1, current: false, text: v1.replace('# ', '') });
    await expect(getRevision(bob, doc.slug, '3')).rejects.toMatchObject({ status: 404 });
    await expect(getRevision(bob, doc.slug, 'x')).rejects.toMatchObject({ status: 400 });
  });

  it('refuses the current text again (409), another document’s text (409), viewers (403), and brings an orphan back when its passage returns', async () => {
    await expect(reviseDocument(alice, doc.slug, { json: { format: 'markdown', content: v2 } })).rejects.toMatchObject({ status: 409 });
    await expect(reviseDocument(alice, doc.slug, { json: { format: 'text', content: 'Pasted Title\n\nA pasted paragraph about sanctions.' } })).rejects.toMatchObject({
      status: 409,
      detail: { slug: 'pasted-title' },
    });
    await expect(reviseDocument(viewer, doc.slug, { json: { format: 'markdown', content: v1 } })).rejects.toMatchObject({ status: 403 });
    await expect(reviseDocument(alice, 'no-such-document', { json: { format: 'markdown', content: v1 } })).rejects.toMatchObject({ status: 404 });
    const back = await reviseDocument(alice, doc.slug, { json: { format: 'markdown', content: v1 } });
    expect(back.revision).toBe(3);
    expect((await prisma.annotation.findUniqueOrThrow({ where: { id: ids.gone } })).orphan).toBe(false);
  });
});

describe('archiving', () => {
  it('takes a document out of the library for everyone, keeps its annotations, and restores it (admins only)', async () => {
    const doc = (await addDocument(alice, { json: { format: 'text', content: 'Archive Me\n\nA paragraph to annotate before archiving.' } })) as AddedDocument;
    const { text } = await getDocument(alice, doc.slug);
    const a = await createAnnotation(alice, { document: doc.slug, kind: 'FACT', target: target(text, 'A paragraph to annotate') });
    await expect(archiveDocument(alice, doc.slug)).rejects.toMatchObject({ status: 403 });
    const archived = await archiveDocument(admin, doc.slug);
    expect(archived.archivedAt).not.toBeNull();
    expect((await listDocuments(alice)).map((d) => d.slug)).not.toContain(doc.slug);
    await expect(getDocument(alice, doc.slug)).rejects.toMatchObject({ status: 404 });
    await expect(createAnnotation(alice, { document: doc.slug, kind: 'FACT', target: target(text, 'A paragraph') })).rejects.toMatchObject({ status: 400 });
    expect((await getDocument(admin, doc.slug)).archivedAt).not.toBeNull();
    expect((await libraryPage(admin, { archived: '1' })).documents.map((d) => d.slug)).toContain(doc.slug);
    expect(await prisma.annotation.findUnique({ where: { id: a.id } })).not.toBeNull();
    await expect(restoreDocument(bob, doc.slug)).rejects.toMatchObject({ status: 403 });
    await restoreDocument(admin, doc.slug);
    expect((await listDocuments(alice)).find((d) => d.slug === doc.slug)?.counts.FACT).toBe(1);
  });
});
