// Exports on real PostgreSQL: every format, filters, paging across the keyset boundary, blind mode
// and withheld probabilities, and the W3C Web Annotation Data Model's MUSTs checked on the JSON-LD output.
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db';
import type { Actor } from '@/lib/actor';
import { loadCorpus } from '@/lib/documents/load';
import { createUser } from '@/lib/users/service';
import { createAnnotation, getAnnotation } from '@/lib/annotations/service';
import { ANNO_CONTEXT, replyToW3C, toW3C } from './w3c';
import { csvHeader, csvRow } from './csv';
import { createReply } from '@/lib/threads/service';
import { setBlind } from '@/lib/documents/blind';
import { exportAnnotations, include, type SetFilters, setWhere, toExportRows } from './service';
import { target } from '@/test/fixtures';
import { addDocument, reviseDocument } from '@/lib/documents/manage';
import type { AddedDocument } from '@/lib/documents/schemas';
import { annotationResource } from './container';

const BASE = 'http://assay.test';
let ana: Actor;
let ben: Actor;
let slug: string;

async function collect(query: Record<string, string>, actor: Actor | null = ana) {
  const result = await exportAnnotations(actor, query, BASE);
  let text = '';
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true }); // the export's UTF-8 bytes, a CSV's BOM kept
  for await (const chunk of result.chunks) text += decoder.decode(chunk, { stream: true });
  return { ...result, text };
}

const MOTIVATIONS = ['assessing', 'bookmarking', 'classifying', 'commenting', 'describing', 'editing', 'highlighting', 'identifying', 'linking', 'moderating', 'questioning', 'replying', 'tagging'];
const isIri = (v: unknown) => typeof v === 'string' && /^[a-z][a-z0-9+.-]*:\S+$/i.test(v);
const isDateTime = (v: unknown) => typeof v === 'string' && !Number.isNaN(Date.parse(v)) && /T.*(Z|[+-]\d\d:\d\d)$/.test(v);

/** The MUSTs of the W3C Web Annotation Data Model that apply to what Assay writes. */
function modelViolations(a: Record<string, any>): string[] {
  const errors: string[] = [];
  if (!isIri(a.id)) errors.push('id must be an IRI');
  if (a.type !== 'Annotation') errors.push('type must be Annotation');
  if (!a.target) errors.push('target is required');
  if (!MOTIVATIONS.includes(a.motivation)) errors.push('motivation must be a Motivation');
  for (const key of ['created', 'modified']) if (a[key] !== undefined && !isDateTime(a[key])) errors.push(`${key} must be xsd:dateTime with timezone`);
  if (a.creator && (!isIri(a.creator.id) || !['Person', 'Organization', 'Software'].includes(a.creator.type))) errors.push('creator needs an IRI id and an Agent type');
  for (const body of a.body ?? []) {
    if (body.purpose && !MOTIVATIONS.includes(body.purpose)) errors.push(`body purpose ${body.purpose} is not a Motivation`);
    if (body.type === 'SpecificResource' && !isIri(body.source)) errors.push('SpecificResource needs a source IRI');
    if (body.type === 'TextualBody' && typeof body.value !== 'string') errors.push('TextualBody needs a value');
  }
  if (!isIri(a.target?.source)) errors.push('target source must be an IRI');
  for (const selector of a.target?.selector ?? []) {
    if (selector.type === 'TextQuoteSelector' && typeof selector.exact !== 'string') errors.push('TextQuoteSelector needs exact');
    if (selector.type === 'TextPositionSelector') {
      if (!Number.isInteger(selector.start) || !Number.isInteger(selector.end) || selector.start < 0 || selector.end < selector.start) {
        errors.push('TextPositionSelector needs 0 <= start <= end');
      }
    }
  }
  return errors;
}

beforeAll(async () => {
  await loadCorpus();
  const a = await createUser({ email: 'ana@example.test', name: 'Ana', password: 'long enough' });
  const b = await createUser({ email: 'ben@example.test', name: 'Ben', password: 'long enough' });
  ana = { id: a.id, email: a.email, name: a.name, role: a.role };
  ben = { id: b.id, email: b.email, name: b.name, role: b.role };
  const doc = await prisma.document.findFirstOrThrow({ where: { text: { contains: 'Integration Programmes' } } });
  slug = doc.slug;
  await createAnnotation(ana, {
    document: slug,
    kind: 'FORECAST',
    target: target(doc.text, 'partial concessions can be expected from Russia'),
    note: 'Watch the gas price talks, "closely"',
    forecast: { statement: 'Russia concedes on energy prices by 2022', probability: 0.6, confidence: 'LOW', resolveBy: '2022-12-31' },
    sources: [
      { url: 'https://example.org/gas', title: 'Gas talks', relation: 'SUPPORTS', reliability: 'B' },
      { excerpt: 'No source URL, only an excerpt', relation: 'CONTEXT' },
    ],
  });
  await createAnnotation(ben, { document: slug, kind: 'FACT', target: target(doc.text, 'Integration Programmes'), fact: { status: 'VERIFIED' } });
  await createAnnotation(ben, { document: slug, kind: 'CLAIM', target: target(doc.text, 'Russia'), claim: { attributedTo: '=cmd|calc', credibility: 2 } });
});

describe('exportAnnotations', () => {
  it('writes a W3C AnnotationCollection whose every item satisfies the model', async () => {
    const result = await collect({ format: 'w3c' });
    expect(result.contentType).toBe('application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"');
    const collection = JSON.parse(result.text);
    expect(collection['@context'][0]).toBe(ANNO_CONTEXT);
    expect(collection).toMatchObject({ type: 'AnnotationCollection', total: 3, first: { type: 'AnnotationPage' } });
    const items = collection.first.items;
    expect(items).toHaveLength(3);
    for (const item of items) expect(modelViolations(item)).toEqual([]);
    const forecast = items.find((i: any) => i.body[0].kind === 'FORECAST');
    expect(forecast.body[0]).toMatchObject({ type: 'SpecificResource', purpose: 'classifying', probability: 0.6, confidence: 'LOW', resolveBy: '2022-12-31' });
    expect(forecast.body[1]).toEqual({ type: 'TextualBody', purpose: 'commenting', value: 'Watch the gas price talks, "closely"', format: 'text/plain' });
    expect(forecast.body.filter((b: any) => b.purpose === 'linking')).toHaveLength(2);
    expect(forecast.target.selector.map((s: any) => s.type)).toEqual(['TextQuoteSelector', 'TextPositionSelector']);
    expect(forecast.creator).toMatchObject({ type: 'Person', name: 'Ana' });
  });

  it('writes JSONL, one annotation per line, and CSV with one row per annotation', async () => {
    const jsonl = await collect({ format: 'jsonl' });
    const lines = jsonl.text.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => l.document.slug)).toEqual([slug, slug, slug]);
    const csv = await collect({ format: 'csv' });
    expect(csv.text.startsWith('\uFEFFdocument,document_title,passage')).toBe(true);
    expect(csv.text).toContain(",'=cmd|calc,"); // neutralised; needs no quoting
    expect(csv.text).toContain('"Watch the gas price talks, ""closely"""');
  });

  it('reads each annotation exactly as the annotation service shows it', async () => {
    const lines = (await collect({ format: 'jsonl' })).text.trimEnd().split('\n').map((l) => JSON.parse(l));
    for (const { document: _d, textHash: _t, revision, replies, author, ...view } of lines) {
      expect(revision).toMatchObject({ number: 1 });
      expect(replies).toEqual([]);
      expect({ ...view, author: { id: author.id, name: author.name } }).toEqual(await getAnnotation(ana, view.id));
    }
  });

  it('filters by kind, analyst (id or email), document and dates', async () => {
    expect((await collect({ format: 'jsonl', kind: 'FACT' })).total).toBe(1);
    expect((await collect({ format: 'jsonl', analyst: 'BEN@example.test' })).total).toBe(2);
    expect((await collect({ format: 'jsonl', analyst: ana.id })).total).toBe(1);
    expect((await collect({ format: 'jsonl', document: 'no-such-doc' })).total).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    expect((await collect({ format: 'jsonl', from: today, to: today })).total).toBe(3);
    expect((await collect({ format: 'jsonl', to: '2000-01-01' })).text).toBe('');
  });

  it('refuses bad filters (400 naming them) and anonymous callers (401)', async () => {
    await expect(exportAnnotations(ana, { format: 'xml', kind: 'OPINION', from: 'yesterday' }, BASE)).rejects.toMatchObject({
      status: 400,
      fields: { format: expect.any(String), kind: expect.any(String), from: expect.any(String) },
    });
    await expect(exportAnnotations(null, { format: 'csv' }, BASE)).rejects.toMatchObject({ status: 401 });
    // Year 0000 is a date to ISO 8601, not to PostgreSQL (it was a 500).
    await expect(exportAnnotations(ana, { format: 'jsonl', from: '0000-01-01', to: '0000-12-31' }, BASE)).rejects.toMatchObject({
      status: 400,
      fields: { from: expect.any(String), to: expect.any(String) },
    });
  });

  it('pages through large sets without losing or repeating an annotation', async () => {
    const doc = await prisma.document.findUniqueOrThrow({ where: { slug } });
    const values = Array.from({ length: 2100 }, (_, i) => ({
      documentId: doc.id,
      authorId: ben.id,
      kind: 'FACT' as const,
      start: i % 50,
      end: (i % 50) + 5,
      exact: [...doc.text].slice(i % 50, (i % 50) + 5).join(''),
      prefix: '',
      suffix: '',
      textHash: doc.textHash,
    }));
    await prisma.annotation.createMany({ data: values });
    const result = await collect({ format: 'jsonl', kind: 'FACT' });
    const ids = result.text.trimEnd().split('\n').map((l) => JSON.parse(l).id);
    expect(result.total).toBe(2101);
    expect(ids).toHaveLength(2101);
    expect(new Set(ids).size).toBe(2101);
  });

  it("pages one analyst's set in order, named by email or id, as Prisma orders it", async () => {
    // Ben's 2,100 facts from the test before, and his earlier annotations: eleven pages of 200.
    const expected = (
      await prisma.annotation.findMany({
        where: { authorId: ben.id, deletedAt: null },
        orderBy: [{ documentId: 'asc' }, { start: 'asc' }, { id: 'asc' }],
        select: { id: true },
      })
    ).map((row) => row.id);
    expect(expected.length).toBeGreaterThan(2000);
    for (const analyst of ['BEN@example.test', ben.id]) {
      const result = await collect({ format: 'jsonl', analyst });
      expect(result.total).toBe(expected.length);
      expect(result.text.trimEnd().split('\n').map((l) => JSON.parse(l).id)).toEqual(expected);
    }
  });

  it('writes a multi-page export byte for byte as the rows read one by one through Prisma would be written', async () => {
    // More than two pages (the 2,100 FACTs above), with replies, sources and a forecast among them.
    const [first] = await prisma.annotation.findMany({ where: { authorId: ana.id }, orderBy: { createdAt: 'asc' }, take: 1 });
    await createReply(ben, first.id, { body: 'A reply, with "quotes" and ünïcode' });
    await createReply(ana, first.id, { body: 'And an answer' });
    const rows = await toExportRows(
      ana,
      await prisma.annotation.findMany({ where: setWhere(ana, {}), include, orderBy: [{ documentId: 'asc' }, { start: 'asc' }, { id: 'asc' }] }),
    );
    expect(rows.length).toBeGreaterThan(1000);
    expect(rows.some((r) => r.replies.length > 0 && r.sources.length > 0)).toBe(true);
    expect((await collect({ format: 'jsonl' })).text).toBe(rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
    expect((await collect({ format: 'csv' })).text).toBe(`\uFEFF${csvHeader()}${rows.map(csvRow).join('')}`);
    // One document and one kind, over several pages: the same rows in the same order.
    const facts = { document: slug, kind: 'FACT' as const };
    const factRows = await toExportRows(
      ana,
      await prisma.annotation.findMany({ where: setWhere(ana, facts), include, orderBy: [{ documentId: 'asc' }, { start: 'asc' }, { id: 'asc' }] }),
    );
    expect(factRows.length).toBeGreaterThan(1000);
    expect((await collect({ format: 'jsonl', ...facts })).text).toBe(factRows.map((r) => `${JSON.stringify(r)}\n`).join(''));
    const w3c = await collect({ format: 'w3c' });
    const items = rows.flatMap((r) => [toW3C(r, BASE, { context: false }), ...r.replies.map((reply) => replyToW3C(reply, r.id, BASE, { context: false }))]);
    expect(w3c.total).toBe(items.length); // the replies counted as annotations of the collection too
    expect(w3c.text).toBe(`${w3c.text.slice(0, w3c.text.indexOf('"items":[') + 9)}${items.map((item, i) => `${i ? ',' : ''}\n${JSON.stringify(item)}`).join('')}\n]}}\n`);
  });

  it('withholds the probabilities of questions the reader has not forecast, as the annotation service does', async () => {
    const doc = await prisma.document.findUniqueOrThrow({ where: { slug } });
    const own = await createAnnotation(ben, {
      document: slug,
      kind: 'FORECAST',
      target: target(doc.text, 'Belarus'),
      forecast: { statement: 'A new question of his own', probability: 0.3 },
    });
    const line = async (reader: Actor) =>
      (await collect({ format: 'jsonl', kind: 'FORECAST' }, reader)).text.trimEnd().split('\n').map((l) => JSON.parse(l)).find((l) => l.id === own.id);
    expect((await line(ana)).forecast).toMatchObject({ probability: null, hidden: true });
    expect((await line(ana)).forecast).toEqual((await getAnnotation(ana, own.id)).forecast);
    expect((await line(ben)).forecast.probability).toBe(0.3);
    expect((await line({ ...ana, role: 'VIEWER' })).forecast.probability).toBe(0.3);
    const w3c = JSON.parse((await collect({ format: 'w3c', kind: 'FORECAST' })).text).first.items;
    expect(w3c.find((i: any) => i.id.endsWith(own.id)).body[0]).not.toHaveProperty('probability');
  });

  it('exports what the annotation container lists, filter by filter, blind documents included', async () => {
    // Ana is the first account, hence an admin; blind mode hides others' annotations from admins too.
    await setBlind(ana, slug, { blind: true });
    const filters: SetFilters[] = [{}, { kind: 'FACT' }, { analyst: 'ana@example.test' }, { analyst: ben.id }, { document: slug }, { from: '2000-01-01', to: '2100-01-01' }, { set: 'consensus' }, { set: 'analysts' }];
    try {
      for (const reader of [ana, ben, { ...ben, role: 'VIEWER' as const }]) {
        for (const f of filters) {
          const result = await collect({ format: 'jsonl', ...f }, reader);
          const ids = result.text.trimEnd().split('\n').filter(Boolean).map((l) => JSON.parse(l).id);
          const listed = await prisma.annotation.findMany({
            where: setWhere(reader, f),
            select: { id: true },
            orderBy: [{ documentId: 'asc' }, { start: 'asc' }, { id: 'asc' }],
          });
          expect(ids).toEqual(listed.map((a) => a.id));
          expect(result.total).toBe(ids.length);
        }
      }
      expect((await collect({ format: 'jsonl', analyst: 'ana@example.test' }, ben)).text).toBe('');
    } finally {
      await setBlind(ana, slug, { blind: false });
    }
  });

  it('says which revision of the document each selector refers to, in the export and the single annotation', async () => {
    const first = 'Revision Test\n\nThe pipeline deal stands.\n\nA passage that goes away.';
    const doc = (await addDocument(ana, { json: { format: 'text', content: first } })) as AddedDocument;
    const stored = await prisma.document.findUniqueOrThrow({ where: { slug: doc.slug }, select: { text: true } });
    const span = (exact: string) => {
      const start = [...stored.text].length - [...stored.text.slice(stored.text.indexOf(exact))].length;
      return { start, end: start + [...exact].length, exact };
    };
    const kept = await createAnnotation(ana, { document: doc.slug, kind: 'FACT', target: span('pipeline deal') });
    const lost = await createAnnotation(ana, { document: doc.slug, kind: 'FACT', target: span('goes away') });
    const targets = async () => {
      const items = JSON.parse((await collect({ format: 'w3c', document: doc.slug })).text).first.items;
      return Object.fromEntries(items.map((i: any) => [i.id.split('/').pop(), i.target]));
    };
    const [r1] = await prisma.documentRevision.findMany({ where: { document: { slug: doc.slug } }, orderBy: { revision: 'asc' } });
    const before = await targets();
    expect(before[kept.id]).toMatchObject({
      revision: 1,
      state: { type: 'TimeState', sourceDate: r1.createdAt.toISOString(), cached: `${BASE}/api/documents/${doc.slug}?revision=1` },
    });

    // Revision 2 keeps one passage (re-anchored onto the new text) and drops the other (an orphan, still on revision 1's text).
    await reviseDocument(ana, doc.slug, { json: { format: 'text', content: 'Revision Test\n\nNews first. The pipeline deal stands.' } });
    const r2 = await prisma.documentRevision.findFirstOrThrow({ where: { document: { slug: doc.slug }, revision: 2 } });
    const after = await targets();
    expect(after[kept.id]).toMatchObject({ revision: 2, state: { sourceDate: r2.createdAt.toISOString() } });
    expect(after[lost.id]).toMatchObject({ revision: 1, state: { sourceDate: r1.createdAt.toISOString() } });
    expect(modelViolations((await annotationResource(ana, kept.id, BASE)).body as Record<string, any>)).toEqual([]);
    expect(((await annotationResource(ana, lost.id, BASE)).body as any).target).toMatchObject({ revision: 1 });
  });
});
