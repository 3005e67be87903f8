// Import on real PostgreSQL: export → import round-trips losslessly (a property over generated
// annotations and replies), dry runs write nothing, re-imports create no duplicates, foreign
// quote-only annotations are anchored, malformed files are refused whole.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db';
import type { Actor } from '@/lib/actor';
import { loadCorpus } from '@/lib/documents/load';
import { createUser } from '@/lib/users/service';
import { createAnnotation, deleteAnnotation } from '@/lib/annotations/service';
import { createConsensus } from '@/lib/consensus/service';
import { CONFIDENCES, FACT_STATUSES, KINDS, RELATIONS, RELIABILITIES } from '@/lib/annotations/schemas';
import { exportAnnotations } from '@/lib/export/service';
import { readJson } from '@/lib/http';
import { target } from '@/test/fixtures';
import { IMPORT_BODY, importAnnotations, MAX_IMPORT_BYTES } from './service';

const readImportBody = (request: Request) => readJson(request, IMPORT_BODY);

const BASE = 'http://assay.test';
let ana: Actor;
let ben: Actor;
let carl: Actor;
let docs: { id: string; slug: string; text: string }[];

const actorOf = (u: { id: string; email: string; name: string; role: Actor['role'] }): Actor => ({ id: u.id, email: u.email, name: u.name, role: u.role });

async function exported(format: 'w3c' | 'jsonl', query: Record<string, string> = {}, reader: Actor = { ...ana, role: 'VIEWER' }) {
  // Read as a viewer by default: an analyst's export withholds others' probabilities on questions they have not forecast.
  const result = await exportAnnotations(reader, { format, ...query }, BASE);
  let text = '';
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true }); // the export's UTF-8 bytes, a CSV's BOM kept
  for await (const chunk of result.chunks) text += decoder.decode(chunk, { stream: true });
  return text;
}

/**
 * The JSONL export, minus what an import cannot keep: source row ids (sources have no IRI of their
 * own) and which forecast question a forecast joined (questions are not in the W3C export; an
 * imported forecast joins or opens one as a new one does).
 */
async function snapshot(reader?: Actor) {
  const lines = (await exported('jsonl', {}, reader)).split('\n').filter(Boolean).map((l) => JSON.parse(l));
  return lines.map((a) => {
    if (a.forecast) expect(a.forecast.questionId).toEqual(expect.any(String));
    return {
      ...a,
      ...(a.forecast ? { forecast: { ...a.forecast, questionId: 'joined' } } : {}),
      sources: a.sources.map(({ id: _id, ...s }: { id: string }) => s),
    };
  });
}

const rowCounts = async () => ({
  annotations: await prisma.annotation.count(),
  sources: await prisma.source.count(),
  replies: await prisma.reply.count(),
  events: await prisma.annotationEvent.count(),
});

async function wipe() {
  await prisma.$executeRawUnsafe('DELETE FROM "AnnotationEvent"; DELETE FROM "Reply"; DELETE FROM "Source"; DELETE FROM "Annotation";');
}

beforeAll(async () => {
  await loadCorpus();
  ana = actorOf(await createUser({ email: 'ana@example.test', name: 'Ana', password: 'long enough' }));
  ben = actorOf(await createUser({ email: 'ben@example.test', name: 'Ben', password: 'long enough' }));
  carl = actorOf(await createUser({ email: 'carl@example.test', name: 'Carl', password: 'long enough' }, 'ADMIN'));
  docs = await prisma.document.findMany({ select: { id: true, slug: true, text: true }, orderBy: { slug: 'asc' } });
});

// Text as forms keep it: trimmed, no NUL (PostgreSQL text cannot hold one).
const text = (maxLength: number) => fc.string({ unit: 'grapheme', maxLength }).map((s) => s.replaceAll('\u0000', '').trim());
const optional = <T,>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const sourceArb = fc
  .record({
    url: optional(fc.stringMatching(/^[a-z0-9]{1,12}$/).map((p) => `https://example.org/${p}`)),
    title: text(30),
    publisher: text(20),
    excerpt: text(40),
    relation: fc.constantFrom(...RELATIONS),
    reliability: optional(fc.constantFrom(...RELIABILITIES)),
  })
  .filter((s) => !!(s.url || s.title || s.excerpt));
const annotationArb = fc.record({
  doc: fc.nat({ max: 4 }),
  author: fc.constantFrom('ana', 'ben'),
  at: fc.double({ min: 0, max: 0.99, noNaN: true }),
  length: fc.integer({ min: 1, max: 80 }),
  kind: fc.constantFrom(...KINDS),
  note: text(60),
  claim: fc.record({ attributedTo: text(30), credibility: optional(fc.integer({ min: 1, max: 6 })) }),
  fact: fc.record({ status: optional(fc.constantFrom(...FACT_STATUSES)) }),
  forecast: fc.record({
    statement: text(40),
    probability: optional(fc.double({ min: 0, max: 1, noNaN: true }).map((p) => p + 0)),
    confidence: optional(fc.constantFrom(...CONFIDENCES)),
    resolveBy: optional(fc.date({ min: new Date('2000-01-01'), max: new Date('2040-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))),
    criteria: text(40),
  }),
  sources: fc.array(sourceArb, { maxLength: 3 }),
  replies: fc.array(fc.record({ author: fc.constantFrom('ana', 'ben'), body: text(50).filter((b) => b !== '') }), { maxLength: 2 }),
});

describe('importAnnotations', () => {
  it('round-trips its own W3C export losslessly (property over generated annotations and replies)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(annotationArb, { minLength: 1, maxLength: 6, selector: (a) => `${a.doc}|${a.author}|${a.kind}|${a.at}|${a.length}` }),
        async (specs) => {
          await wipe();
          for (const spec of specs) {
            const doc = docs[spec.doc % docs.length];
            const points = [...doc.text];
            const start = Math.floor(spec.at * (points.length - 1));
            const end = Math.min(points.length, start + spec.length);
            const author = spec.author === 'ana' ? ana : ben;
            const group = { CLAIM: { claim: spec.claim }, FACT: { fact: spec.fact }, FORECAST: { forecast: spec.forecast } }[spec.kind];
            const created = await createAnnotation(author, {
              document: doc.slug,
              kind: spec.kind,
              target: { start, end, exact: points.slice(start, end).join('') },
              note: spec.note,
              sources: spec.sources,
              ...group,
            });
            for (const reply of spec.replies) {
              await prisma.reply.create({ data: { annotationId: created.id, authorId: (reply.author === 'ana' ? ana : ben).id, body: reply.body } });
            }
          }
          const before = await snapshot();
          const file = JSON.parse(await exported('w3c'));
          await wipe();
          // Carl imports: the authors are still Ana and Ben, found by their email.
          const report = await importAnnotations(carl, file);
          expect(report.counts).toEqual({ create: file.first.items.length, matches: 0, unplaced: 0 });
          expect(await snapshot()).toEqual(before);
          const again = await importAnnotations(carl, file);
          expect(again.counts).toEqual({ create: 0, matches: file.first.items.length, unplaced: 0 });
        },
      ),
      { numRuns: 15 },
    );
  });

  it('keeps two of the file’s annotations (or replies) apart when they differ only by id: one passage tagged twice alike', async () => {
    await wipe();
    const doc = docs[1];
    const quote = [...doc.text].slice(0, 15).join('');
    const claim = (credibility: number) => ({ document: doc.slug, kind: 'CLAIM', target: { start: 0, end: 15, exact: quote }, claim: { credibility } });
    const first = await createAnnotation(ana, claim(2));
    await createAnnotation(ana, claim(5));
    // And a reply said twice.
    for (let i = 0; i < 2; i++) await prisma.reply.create({ data: { annotationId: first.id, authorId: ben.id, body: 'Same here.' } });
    const before = await snapshot();
    const file = JSON.parse(await exported('w3c'));
    await wipe();
    expect((await importAnnotations(carl, file)).counts).toEqual({ create: 4, matches: 0, unplaced: 0 });
    expect(await snapshot()).toEqual(before);
    expect(await prisma.reply.count()).toBe(2);
    expect((await importAnnotations(carl, file)).counts).toEqual({ create: 0, matches: 4, unplaced: 0 });
    // The same item twice in one file is one annotation.
    await wipe();
    const twice = { ...file, first: { ...file.first, items: [file.first.items[0], file.first.items[0]] } };
    expect((await importAnnotations(carl, twice)).counts).toEqual({ create: 1, matches: 1, unplaced: 0 });
  });

  it('dry-runs without writing, then imports once: a re-import creates no duplicates', async () => {
    await wipe();
    const doc = docs[0];
    const quote = [...doc.text].slice(100, 130).join('');
    const made = await createAnnotation(ana, { document: doc.slug, kind: 'FACT', target: { start: 100, end: 130, exact: quote }, fact: { status: 'DISPUTED' } });
    const file = JSON.parse(await exported('w3c'));
    await deleteAnnotation(ana, made.id);
    const counts = await rowCounts();

    const dry = await importAnnotations(ana, file, { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, counts: { create: 1, matches: 0, unplaced: 0 } });
    expect(dry.create[0]).toMatchObject({ index: 0, type: 'annotation', document: doc.slug, kind: 'FACT', author: 'ana@example.test', authorFrom: 'creator', exact: quote, placedBy: 'position' });
    expect(await rowCounts()).toEqual(counts);

    const real = await importAnnotations(ana, file);
    expect(real).toMatchObject({ dryRun: false, counts: { create: 1, matches: 0, unplaced: 0 } });
    // The old id belongs to the deleted annotation (kept for its history), so the import gets a new one.
    expect(real.create[0].id).not.toBe(made.id);
    const history = await prisma.annotationEvent.findMany({ where: { annotationId: real.create[0].id } });
    expect(history).toMatchObject([{ type: 'CREATED', actorId: ana.id, version: 1 }]);

    const again = await importAnnotations(ana, file);
    expect(again.counts).toEqual({ create: 0, matches: 1, unplaced: 0 });
    expect(again.matches).toEqual([{ index: 0, type: 'annotation', id: real.create[0].id, by: 'content' }]);
    expect(await prisma.annotation.count({ where: { deletedAt: null } })).toBe(1);
  });

  it('files others’ annotations under their names only for an admin; an analyst imports as themselves', async () => {
    await wipe();
    const doc = docs[0];
    const quote = [...doc.text].slice(200, 230).join('');
    await createAnnotation(ana, { document: doc.slug, kind: 'FACT', target: { start: 200, end: 230, exact: quote }, fact: { status: 'VERIFIED' } });
    const file = JSON.parse(await exported('w3c'));
    await wipe();
    expect((await importAnnotations(ben, file, { dryRun: true })).create[0]).toMatchObject({ author: 'ben@example.test', authorFrom: 'importer' });
    expect((await importAnnotations(carl, file, { dryRun: true })).create[0]).toMatchObject({ author: 'ana@example.test', authorFrom: 'creator' });
  });

  it('anchors a foreign annotation by its quote alone, and says why others cannot be placed', async () => {
    await wipe();
    const doc = docs.find((d) => d.text.includes('Integration Programmes'))!;
    const { start, end } = target(doc.text, 'Integration Programmes');
    const at = doc.text.indexOf('Integration Programmes');
    const foreign = (target: unknown, extra: Record<string, unknown> = {}) => ({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: `https://hypothes.is/a/${Math.random()}`,
      type: 'Annotation',
      creator: { type: 'Person', name: 'Stranger', email: 'mailto:stranger@elsewhere.test' },
      body: [
        { type: 'TextualBody', purpose: 'tagging', value: 'Fact' },
        { type: 'TextualBody', value: 'Seen elsewhere too' },
      ],
      target,
      ...extra,
    });
    const items = [
      foreign({ source: doc.slug, selector: { type: 'TextQuoteSelector', exact: 'Integration Programmes', prefix: doc.text.slice(at - 10, at), suffix: doc.text.slice(end, end + 5) } }),
      foreign({ source: 'https://news.example.com/article', selector: { type: 'TextQuoteSelector', exact: 'anything' } }),
      foreign({ source: doc.slug, selector: { type: 'TextQuoteSelector', exact: 'words that appear in no document at all, anywhere' } }),
      foreign({ source: doc.slug, selector: { type: 'TextQuoteSelector', exact: 'Integration Programmes' } }, { body: { type: 'TextualBody', value: 'no kind' } }),
      foreign('https://news.example.com/article'),
    ];
    const report = await importAnnotations(ben, items);
    expect(report.counts).toEqual({ create: 1, matches: 0, unplaced: 4 });
    expect(report.create[0]).toMatchObject({ index: 0, kind: 'FACT', start, end, author: 'ben@example.test', authorFrom: 'importer', placedBy: 'exact' });
    expect(report.unplaced.map((u) => u.index)).toEqual([1, 2, 3, 4]);
    expect(report.unplaced[0].reason).toMatch(/Unknown document/);
    expect(report.unplaced[1].reason).toMatch(/not in/);
    expect(report.unplaced[2].reason).toMatch(/no Assay kind/);
    expect(report.unplaced[3].reason).toMatch(/whole resource/);
    const row = await prisma.annotation.findUniqueOrThrow({ where: { id: report.create[0].id } });
    expect(row).toMatchObject({ authorId: ben.id, note: 'Seen elsewhere too', exact: 'Integration Programmes', prefix: [...doc.text].slice(Math.max(0, start - 32), start).join('') });
  });

  it('refuses a malformed file whole (400 naming the item and field) and writes nothing', async () => {
    const counts = await rowCounts();
    await expect(importAnnotations(ana, { hello: 'world' })).rejects.toMatchObject({ status: 400, fields: { '(body)': expect.any(String) } });
    await expect(importAnnotations(ana, { type: 'AnnotationCollection', first: `${BASE}/page/0` })).rejects.toMatchObject({ status: 400, fields: { first: expect.any(String) } });
    const good = { type: 'Annotation', body: { type: 'SpecificResource', purpose: 'classifying', kind: 'FACT' }, target: { source: docs[0].slug, selector: { type: 'TextPositionSelector', start: 0, end: 4 } } };
    const bad = [
      good,
      { ...good, target: { source: docs[0].slug, selector: { type: 'TextQuoteSelector', exact: 42 } } },
      { ...good, body: { type: 'SpecificResource', purpose: 'classifying', kind: 'FORECAST', probability: 2 } },
      { ...good, type: 'Note', created: 'yesterday' },
      'just a string',
      { type: 'Annotation', motivation: 'replying', target: `${BASE}/api/annotations/x` },
    ];
    const error = await importAnnotations(ana, bad).catch((e) => e);
    expect(error).toMatchObject({ status: 400 });
    expect(Object.keys(error.fields).sort()).toEqual(['items.1.target.selector.0.exact', 'items.2.forecast.probability', 'items.3.created', 'items.3.type', 'items.4', 'items.5.body'].sort());
    expect(await rowCounts()).toEqual(counts);
    await expect(importAnnotations(null, [good])).rejects.toMatchObject({ status: 401 });
    await expect(importAnnotations({ ...ana, role: 'VIEWER' }, [good])).rejects.toMatchObject({ status: 403 });
  });

  it('imports replies with their annotation, and replies to annotations already in Assay', async () => {
    await wipe();
    const doc = docs[1];
    const quote = [...doc.text].slice(0, 12).join('');
    const parent = await createAnnotation(ana, { document: doc.slug, kind: 'CLAIM', target: { start: 0, end: 12, exact: quote }, claim: { credibility: 3 } });
    const items = [
      { type: 'Annotation', motivation: 'replying', body: { type: 'TextualBody', value: 'I disagree' }, creator: { email: 'mailto:ben@example.test' }, target: `${BASE}/api/annotations/${parent.id}` },
      { type: 'Annotation', motivation: 'replying', body: { type: 'TextualBody', value: 'To nowhere' }, target: `${BASE}/api/annotations/00000000-0000-4000-8000-000000000000` },
    ];
    const report = await importAnnotations(ana, items);
    expect(report.counts).toEqual({ create: 1, matches: 0, unplaced: 1 });
    expect(report.create[0]).toMatchObject({ type: 'reply', annotationId: parent.id, author: 'ben@example.test', authorFrom: 'creator' });
    expect(await prisma.annotationEvent.count({ where: { replyId: report.create[0].id, type: 'CREATED' } })).toBe(1);
    expect((await importAnnotations(ana, items)).counts).toEqual({ create: 0, matches: 1, unplaced: 1 });

    const w3c = JSON.parse(await exported('w3c', { document: doc.slug }));
    expect(w3c.total).toBe(2);
    expect(w3c.first.items[1]).toMatchObject({
      type: 'Annotation',
      motivation: 'replying',
      body: { type: 'TextualBody', value: 'I disagree' },
      target: `${BASE}/api/annotations/${parent.id}`,
      creator: { type: 'Person', name: 'Ben', email: 'mailto:ben@example.test' },
    });
    const jsonl = JSON.parse((await exported('jsonl', { document: doc.slug })).trim());
    expect(jsonl.replies).toMatchObject([{ body: 'I disagree', author: { name: 'Ben' } }]);
  });
});

describe('importing the team’s consensus and evidence links (issue 10)', () => {
  it('round-trips a consensus with what it settles and links between documents; only an admin imports a consensus', async () => {
    await wipe();
    const [first, second] = docs;
    const quote = (doc: typeof first, from: number, to: number) => ({ start: from, end: to, exact: [...doc.text].slice(from, to).join('') });
    const fact = await createAnnotation(ana, { document: first.slug, kind: 'FACT', target: quote(first, 0, 30), fact: { status: 'VERIFIED' } });
    const rival = await createAnnotation(ben, { document: first.slug, kind: 'FACT', target: quote(first, 0, 31), fact: { status: 'DISPUTED' } });
    // Ben's claim in another document cites Ana's fact as evidence (and a plain URL beside it).
    await createAnnotation(ben, {
      document: second.slug,
      kind: 'CLAIM',
      target: quote(second, 5, 40),
      claim: { credibility: 2 },
      sources: [{ annotation: fact.id, relation: 'SUPPORTS', reliability: 'B' }, { url: 'https://example.org/report', relation: 'CONTEXT' }],
    });
    await createConsensus(carl, first.slug, { ...quote(first, 0, 30), kind: 'FACT', fact: { status: 'VERIFIED' }, note: 'Two sources agree.', settles: [fact.id, rival.id] });
    const before = await snapshot(carl);
    const file = JSON.parse(await exported('w3c', {}, carl));
    expect(file.first.items.find((i: { consensus?: boolean }) => i.consensus)).toMatchObject({
      settles: expect.arrayContaining([`${BASE}/api/annotations/${fact.id}`, `${BASE}/api/annotations/${rival.id}`]),
    });

    // Into an empty database: the consensus comes back settling the same annotations, the link links.
    await wipe();
    const report = await importAnnotations(carl, file);
    expect(report.counts).toEqual({ create: 4, matches: 0, unplaced: 0 });
    expect(await snapshot(carl)).toEqual(before);
    const consensus = await prisma.annotation.findFirstOrThrow({ where: { consensus: true } });
    expect([...consensus.settles].sort()).toEqual([fact.id, rival.id].sort());
    expect(consensus.questionId).toBeNull();
    expect(await prisma.source.count({ where: { linkedAnnotationId: fact.id } })).toBe(1);
    // Again: everything matches, nothing doubles.
    expect((await importAnnotations(carl, file)).counts).toEqual({ create: 0, matches: 4, unplaced: 0 });

    // An analyst (Ben) imports the same file into an empty database: their own copies, but no consensus.
    await wipe();
    const asAnalyst = await importAnnotations(ben, file);
    expect(asAnalyst.counts).toEqual({ create: 3, matches: 0, unplaced: 1 });
    expect(asAnalyst.unplaced[0].reason).toMatch(/only an admin records/);
    expect(await prisma.annotation.count({ where: { consensus: true } })).toBe(0);
  });

  it('keeps a link to an annotation it cannot see as the IRI, and refuses a consensus settling what is not there', async () => {
    await wipe();
    const doc = docs[2];
    const exact = [...doc.text].slice(0, 20).join('');
    const nowhere = `${BASE}/api/annotations/00000000-0000-4000-8000-000000000000`;
    const item = (extra: Record<string, unknown>, body: unknown[] = []) => ({
      type: 'Annotation',
      target: { source: doc.slug, selector: { type: 'TextQuoteSelector', exact } },
      body: [{ type: 'SpecificResource', purpose: 'classifying', source: 'https://assay.dev/ns#fact', kind: 'FACT' }, ...body],
      ...extra,
    });
    const report = await importAnnotations(carl, [
      item({}, [{ type: 'SpecificResource', purpose: 'linking', source: nowhere, relation: 'REFUTES' }]),
      item({ consensus: true, settles: [nowhere] }),
    ]);
    expect(report.counts).toEqual({ create: 1, matches: 0, unplaced: 1 });
    expect(report.unplaced[0].reason).toMatch(/settles .*00000000-0000-4000-8000-000000000000/);
    const source = await prisma.source.findFirstOrThrow({ where: { annotationId: report.create[0].id } });
    expect(source).toMatchObject({ linkedAnnotationId: null, url: nowhere, relation: 'REFUTES' });
  });

  it('takes an annotation IRI as an evidence link only when it is a web address: a script URL is refused like any source URL', async () => {
    const doc = docs[2];
    const exact = [...doc.text].slice(0, 20).join('');
    const counts = await rowCounts();
    const hostile = [
      'javascript:alert(document.domain)//api/annotations/00000000-0000-4000-8000-000000000000',
      ' JaVa\tScRiPt:alert(1)//api/annotations/00000000-0000-4000-8000-000000000000',
      'data:text/html,<script>alert(1)</script>//api/annotations/00000000-0000-4000-8000-000000000000',
    ];
    const error = await importAnnotations(
      carl,
      hostile.map((iri) => ({
        type: 'Annotation',
        target: { source: doc.slug, selector: { type: 'TextQuoteSelector', exact } },
        body: [
          { type: 'SpecificResource', purpose: 'classifying', source: 'https://assay.dev/ns#fact', kind: 'FACT' },
          { type: 'SpecificResource', purpose: 'linking', source: iri, relation: 'REFUTES' },
        ],
      })),
    ).catch((e) => e);
    expect(error).toMatchObject({ status: 400 });
    expect(Object.keys(error.fields).sort()).toEqual(['items.0.sources.0.url', 'items.1.sources.0.url', 'items.2.sources.0.url']);
    expect(await rowCounts()).toEqual(counts);
  });
});

describe('readImportBody', () => {
  it('reads bodies far above the API limit, and refuses more than 20 MiB with 413', async () => {
    const big = JSON.stringify({ padding: 'x'.repeat(1024 * 1024) });
    expect(await readImportBody(new Request('http://x/', { method: 'POST', body: big }))).toMatchObject({ padding: expect.any(String) });
    const huge = 'x'.repeat(MAX_IMPORT_BYTES + 1);
    await expect(readImportBody(new Request('http://x/', { method: 'POST', body: huge }))).rejects.toMatchObject({ status: 413 });
    await expect(readImportBody(new Request('http://x/', { method: 'POST', body: '{not json' }))).rejects.toMatchObject({ status: 400 });
  });
});

describe('an import writes nowhere its importer could not write by hand', () => {
  it('no reply to an annotation hidden from the importer (blind document, archived document), no annotation on an archived document, no match by id with what the importer cannot see', async () => {
    await wipe();
    const [blindDoc, archivedDoc] = [docs[2], docs[3]];
    const quote = (doc: typeof blindDoc, to: number) => ({ start: 0, end: to, exact: [...doc.text].slice(0, to).join('') });
    const hidden = await createAnnotation(ana, { document: blindDoc.slug, kind: 'CLAIM', target: quote(blindDoc, 20), claim: { credibility: 3 } });
    const onArchived = await createAnnotation(ana, { document: archivedDoc.slug, kind: 'CLAIM', target: quote(archivedDoc, 20), claim: { credibility: 3 } });
    await prisma.document.update({ where: { id: blindDoc.id }, data: { blind: true } });
    await prisma.document.update({ where: { id: archivedDoc.id }, data: { archivedAt: new Date() } });
    try {
      const counts = await rowCounts();
      const reply = (to: string, value: string) => ({ type: 'Annotation', motivation: 'replying', body: { type: 'TextualBody', value }, target: `${BASE}/api/annotations/${to}` });
      const claim = (doc: typeof blindDoc, id?: string) => ({
        ...(id ? { id: `${BASE}/api/annotations/${id}` } : {}),
        type: 'Annotation',
        motivation: 'assessing',
        body: [{ type: 'TextualBody', purpose: 'classifying', kind: 'CLAIM' }],
        target: { source: `${BASE}/documents/${doc.slug}`, selector: [{ type: 'TextQuoteSelector', exact: quote(doc, 25).exact }] },
      });
      const report = await importAnnotations(ben, [
        reply(hidden.id, 'Replying to what I cannot see'),
        reply(onArchived.id, 'Replying on an archived document'),
        claim(archivedDoc),
        // Ana's hidden annotation's id, then a reply to it by that id: neither reaches hers.
        { ...claim(blindDoc, hidden.id), creator: { email: 'mailto:ana@example.test' }, target: { source: `${BASE}/documents/${blindDoc.slug}`, selector: [{ type: 'TextQuoteSelector', exact: quote(blindDoc, 20).exact }] } },
        reply(hidden.id, 'Replying through the file'),
      ]);
      expect(report.matches).toEqual([]);
      expect(report.unplaced.map((u) => u.index)).toEqual([1, 2]);
      // Ben's own claim on the blind document is his, under a new id; the file's replies to that id
      // are replies to it (the file's own annotation), not to Ana's.
      const [mine] = report.create.filter((c) => c.type === 'annotation');
      expect(mine).toMatchObject({ index: 3, document: blindDoc.slug, author: 'ben@example.test' });
      expect(mine.id).not.toBe(hidden.id);
      expect(report.create.filter((c) => c.type === 'reply').map((c) => [c.index, c.type === 'reply' && c.annotationId])).toEqual([
        [0, mine.id],
        [4, mine.id],
      ]);
      // Alone, a reply to Ana's hidden annotation has nothing to reply to.
      expect((await importAnnotations(ben, [reply(hidden.id, 'Alone')])).unplaced).toHaveLength(1);
      expect(await prisma.reply.count({ where: { annotationId: { in: [hidden.id, onArchived.id] } } })).toBe(0);
      expect(await prisma.annotation.count({ where: { documentId: archivedDoc.id } })).toBe(1);
      expect((await rowCounts()).annotations).toBe(counts.annotations + 1);
      expect((await rowCounts()).replies).toBe(counts.replies + 2);
    } finally {
      await prisma.document.update({ where: { id: blindDoc.id }, data: { blind: false } });
      await prisma.document.update({ where: { id: archivedDoc.id }, data: { archivedAt: null } });
    }
  });
});
