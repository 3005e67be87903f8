// Search on real PostgreSQL: every kind of text found, ranked, with snippets; filters; the same
// visibility as every read (blind mode, hidden probabilities, archived documents); queries that
// are not queries read as plain words, never an error.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/actor';
import { actor } from '@/test/actors';
import { target } from '@/test/fixtures';
import { createAnnotation } from '@/lib/annotations/service';
import { createReply } from '@/lib/threads/service';
import { addDocument, archiveDocument, reviseDocument } from '@/lib/documents/manage';
import { getDocument } from '@/lib/documents/service';
import { markReadingDone, setBlind } from '@/lib/documents/blind';
import type { AddedDocument } from '@/lib/documents/schemas';
import { parseHeadline, search } from './service';

let admin: Actor;
let alice: Actor;
let bob: Actor;
let viewer: Actor;
let doc: AddedDocument;
let other: AddedDocument;
let ids: Record<string, string>;

const TEXT = [
  '# Potash Exports Under Sanctions',
  '',
  'Belarusian potash once travelled through the Lithuanian port of Klaipėda to buyers worldwide.',
  '',
  'After the sanctions, the fertiliser trade was rerouted through Russian ports at a higher cost.',
  '',
  'Analysts expect the rerouting to become permanent within two years.',
].join('\n');

beforeAll(async () => {
  admin = await actor('admin');
  alice = await actor('alice');
  bob = await actor('bob');
  viewer = await actor('viewer', 'VIEWER');
  doc = (await addDocument(alice, { json: { format: 'markdown', content: TEXT } })) as AddedDocument;
  other = (await addDocument(bob, { json: { format: 'text', content: 'Unrelated Memo\n\nA memo on dairy quotas that mentions Klaipėda once.' } })) as AddedDocument;
  const { text } = await getDocument(alice, doc.slug);
  const note = await createAnnotation(alice, {
    document: doc.slug,
    kind: 'CLAIM',
    target: target(text, 'rerouted through Russian ports'),
    note: 'The zebrafinch estimate of the rerouting cost is disputed.',
    sources: [{ title: 'Port authority yearbook', excerpt: 'Throughput of the quokka terminal fell by half.', relation: 'SUPPORTS' }],
  });
  const forecast = await createAnnotation(bob, {
    document: doc.slug,
    kind: 'FORECAST',
    target: target(text, 'become permanent within two years'),
    forecast: { statement: 'The narwhal route stays permanent until 2026', probability: 0.7 },
  });
  const reply = await createReply(bob, note.id, { body: 'I checked the axolotl figures and they hold.' });
  const { text: otherText } = await getDocument(bob, other.slug);
  const memo = await createAnnotation(bob, {
    document: other.slug,
    kind: 'FACT',
    target: target(otherText, 'dairy quotas'),
    note: 'The capybara quota is set yearly.',
    sources: [{ title: 'Dairy board circular', excerpt: 'The wombat clause applies.', relation: 'SUPPORTS' }],
  });
  ids = { note: note.id, forecast: forecast.id, reply: reply.id, memo: memo.id };
});

describe('search', () => {
  it('finds document text by passage, with its position and a snippet that marks the words', async () => {
    const answer = await search(alice, { q: 'fertiliser trade' });
    const hit = answer.results.find((r) => r.type === 'document' && r.document.slug === doc.slug && r.start !== undefined)!;
    expect(hit).toBeDefined();
    const { text } = await getDocument(alice, doc.slug);
    expect([...text].slice(hit.start, hit.end).join('')).toBe('After the sanctions, the fertiliser trade was rerouted through Russian ports at a higher cost.');
    expect(hit.href).toBe(`/documents/${doc.slug}#passage-${hit.start}-${hit.end}`);
    expect(hit.highlights.map(([a, b]) => hit.snippet.slice(a, b))).toEqual(['fertiliser', 'trade']);
    expect(hit.snippet).not.toMatch(/[\u0001\u0002]/);
  });

  it('finds notes, replies, sources and forecast statements, each leading to its annotation', async () => {
    const one = async (q: string) => (await search(alice, { q })).results;
    expect(await one('zebrafinch')).toMatchObject([{ type: 'annotation', annotationId: ids.note, kind: 'CLAIM', href: `/documents/${doc.slug}#annotation-${ids.note}` }]);
    expect(await one('axolotl')).toMatchObject([{ type: 'reply', annotationId: ids.note, author: { name: 'bob' } }]);
    expect(await one('quokka')).toMatchObject([{ type: 'source', annotationId: ids.note }]);
    expect(await one('narwhal')).toMatchObject([{ type: 'annotation', annotationId: ids.forecast, kind: 'FORECAST' }]);
  });

  it('ranks the title above a passage that merely mentions the words, and stems (exports ~ export)', async () => {
    const results = (await search(alice, { q: 'potash export' })).results;
    expect(results[0]).toMatchObject({ type: 'document', document: { slug: doc.slug } });
    expect(results[0].start).toBeUndefined();
    expect(results[0].rank).toBeGreaterThanOrEqual(results.at(-1)!.rank);
    const klaipeda = (await search(alice, { q: 'Klaipėda' })).results.map((r) => r.document.slug);
    expect(klaipeda).toEqual(expect.arrayContaining([doc.slug, other.slug]));
  });

  it('filters by kind, document, analyst and date, and pages', async () => {
    expect((await search(alice, { q: 'rerouting', kind: 'annotation' })).results.every((r) => r.type === 'annotation')).toBe(true);
    expect((await search(alice, { q: 'Klaipėda', document: other.slug })).results.map((r) => r.document.slug)).toEqual([other.slug]);
    // The document filter holds for annotations, replies and sources too, and an unknown slug finds nothing.
    expect((await search(alice, { q: 'zebrafinch', document: doc.slug })).total).toBe(1);
    expect((await search(alice, { q: 'zebrafinch', document: other.slug })).total).toBe(0);
    expect((await search(alice, { q: 'axolotl', document: other.slug })).total).toBe(0);
    expect((await search(alice, { q: 'quokka', document: other.slug })).total).toBe(0);
    expect((await search(alice, { q: 'capybara', document: other.slug })).results).toMatchObject([{ type: 'annotation', annotationId: ids.memo }]);
    expect((await search(alice, { q: 'Klaipėda', document: 'no-such-document' })).total).toBe(0);
    expect((await search(alice, { q: 'axolotl', analyst: alice.id })).total).toBe(0);
    expect((await search(alice, { q: 'axolotl', analyst: bob.id })).total).toBe(1);
    expect((await search(alice, { q: 'narwhal', kind: 'claim' })).total).toBe(0);
    expect((await search(alice, { q: 'narwhal', kind: 'forecast' })).total).toBe(1);
    expect((await search(alice, { q: 'zebrafinch', from: '2000-01-01', to: '2000-12-31' })).total).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    expect((await search(alice, { q: 'zebrafinch', from: today, to: today })).total).toBe(1);
    const page1 = await search(alice, { q: 'Klaipėda' });
    const page2 = await search(alice, { q: 'Klaipėda', page: 2 });
    // A page past the end still says how many there are.
    expect(page1.total).toBeGreaterThan(1);
    expect(page2).toMatchObject({ page: 2, results: [], total: page1.total });
  });

  it('reads what PostgreSQL cannot parse as plain words; refuses an empty query and bad filters with 400', async () => {
    for (const q of ['"unbalanced', '!!! ((( :*', 'a & | ! <-> b', 'zebrafinch OR', '-', "'); DROP TABLE \"Document\"; --", '🙂', 'the']) {
      await expect(search(alice, { q })).resolves.toMatchObject({ total: expect.any(Number) });
    }
    expect((await search(alice, { q: '"zebrafinch estimate' })).total).toBe(1);
    await expect(search(alice, { q: '' })).rejects.toMatchObject({ status: 400, fields: { q: expect.any(String) } });
    await expect(search(alice, {})).rejects.toMatchObject({ status: 400 });
    await expect(search(alice, { q: 'x', kind: 'everything' })).rejects.toMatchObject({ status: 400 });
    await expect(search(alice, { q: 'x', analyst: 'bob' })).rejects.toMatchObject({ status: 400 });
    await expect(search(alice, { q: 'x', page: '0' })).rejects.toMatchObject({ status: 400 });
    await expect(search(null, { q: 'x' })).rejects.toMatchObject({ status: 401 });
  });

  it('hides others’ forecast probabilities until the reader has forecast, as every read does', async () => {
    const [hit] = (await search(alice, { q: 'narwhal' })).results;
    expect(hit.probability).toBeNull();
    expect((await search(bob, { q: 'narwhal' })).results[0].probability).toBe(0.7);
    expect((await search(viewer, { q: 'narwhal' })).results[0].probability).toBe(0.7);
  });

  it('obeys blind mode: others’ notes, replies and sources are not found until the reading is done', async () => {
    await setBlind(admin, doc.slug, { blind: true });
    const found = async (who: Actor, q: string) => (await search(who, { q })).total;
    expect(await found(bob, 'zebrafinch')).toBe(0);
    expect(await found(bob, 'quokka')).toBe(0);
    // bob's own reply sits under alice's hidden annotation: hidden with it, as its thread is.
    expect(await found(bob, 'axolotl')).toBe(0);
    expect(await found(alice, 'zebrafinch')).toBe(1);
    expect(await found(alice, 'narwhal')).toBe(0);
    expect(await found(viewer, 'zebrafinch')).toBe(1);
    // The document's own text stays searchable: blind mode hides annotations, not the text.
    expect(await found(bob, 'fertiliser')).toBeGreaterThan(0);
    await markReadingDone(bob, doc.slug);
    expect(await found(bob, 'zebrafinch')).toBe(1);
    await setBlind(admin, doc.slug, { blind: false });
  });

  it('follows revisions and leaves archived documents out', async () => {
    await reviseDocument(alice, doc.slug, { json: { format: 'markdown', content: `${TEXT}\n\nA new paragraph about a pangolin.` } });
    expect((await search(alice, { q: 'pangolin' })).total).toBe(1);
    expect((await search(alice, { q: 'capybara' })).total).toBe(1);
    expect((await search(alice, { q: 'wombat' })).total).toBe(1);
    await archiveDocument(admin, other.slug);
    expect((await search(alice, { q: 'dairy quotas' })).total).toBe(0);
    expect((await search(admin, { q: 'dairy quotas' })).total).toBe(0);
    // Its annotations and sources go with it.
    expect((await search(alice, { q: 'capybara' })).total).toBe(0);
    expect((await search(viewer, { q: 'wombat' })).total).toBe(0);
  });
});

describe('parseHeadline', () => {
  it('turns the markers into ranges of plain text', () => {
    expect(parseHeadline('a \u0001b\u0002 c \u0001dd\u0002')).toEqual({ snippet: 'a b c dd', highlights: [[2, 3], [6, 8]] });
  });
});
