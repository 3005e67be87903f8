// The annotation service on real PostgreSQL (a fresh database for this file, see test/setup-db.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { preparedName, prisma } from '@/lib/db';
import type { Actor } from '@/lib/actor';
import { actor } from '@/test/actors';
import { target as targetIn } from '@/test/fixtures';
import { loadCorpus } from '@/lib/documents/load';
import { createUser } from '@/lib/users/service';
import { listDocuments } from '@/lib/documents/service';
import {
  annotationHistory,
  createAnnotation,
  deleteAnnotation,
  getAnnotation,
  listAnnotations,
  listHighlights,
  updateAnnotation,
} from './service';

let admin: Actor;
let alice: Actor;
let bob: Actor;
let viewer: Actor;
let slug: string;
let text: string;

/** A target for the first occurrence of `quote` in the document. */
const target = (quote: string) => targetIn(text, quote);

const QUOTE = 'Russia wants to take advantage of Belarus’ international isolation';

beforeAll(async () => {
  await loadCorpus();
  admin = await actor('admin');
  alice = await actor('alice');
  bob = await actor('bob');
  viewer = await actor('viewer', 'VIEWER');
  const doc = await prisma.document.findFirstOrThrow({ where: { text: { contains: QUOTE } } });
  slug = doc.slug;
  text = doc.text;
});

const forecast = (extra: object = {}) => ({
  document: slug,
  kind: 'FORECAST',
  target: target(QUOTE),
  forecast: { statement: 'Russia exploits the isolation by 2022', probability: 0.7, confidence: 'MODERATE', resolveBy: '2022-12-31' },
  sources: [{ url: 'https://example.org/a', title: 'A report', relation: 'SUPPORTS', reliability: 'B' }],
  ...extra,
});

describe('accounts', () => {
  it('made the first account an admin and later ones analysts', () => {
    expect(admin.role).toBe('ADMIN');
    expect(alice.role).toBe('ANALYST');
  });

  it('refuses a second account with the same email with 409', async () => {
    await expect(createUser({ email: 'ALICE@example.test', name: 'x', password: 'long enough' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });
});

describe('creating', () => {
  it('stores a forecast with its fields, sources and quote context', async () => {
    const a = await createAnnotation(alice, forecast());
    expect(a).toMatchObject({
      kind: 'FORECAST',
      author: { id: alice.id, name: 'alice' },
      version: 1,
      orphan: false,
      forecast: { probability: 0.7, confidence: 'MODERATE', resolveBy: '2022-12-31' },
      sources: [{ url: 'https://example.org/a', relation: 'SUPPORTS', reliability: 'B' }],
    });
    expect(a.target.exact).toBe(QUOTE);
    expect(a.target.prefix.length).toBeGreaterThan(0);
    expect(text.includes(a.target.prefix + QUOTE + a.target.suffix)).toBe(true);
    expect(a.claim).toBeUndefined();
    expect((await listAnnotations(viewer, slug, { author: alice.id }))[0]).toEqual(a);
    // Another analyst sees the forecast but not its probability until they give their own (issue #3).
    const [listed] = await listAnnotations(bob, slug, { author: alice.id });
    expect(listed).toEqual({ ...a, forecast: { ...a.forecast, probability: null, hidden: true } });
  });

  it('answers 401 to an anonymous caller', async () => {
    await expect(createAnnotation(null, forecast())).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    await expect(listAnnotations(null, slug)).rejects.toMatchObject({ status: 401 });
  });

  it('answers 403 to a viewer', async () => {
    await expect(createAnnotation(viewer, forecast())).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
  });

  it('answers 400 naming every bad field', async () => {
    const error = await createAnnotation(alice, {
      ...forecast(),
      forecast: { probability: 1.5, confidence: 'SURE', resolveBy: 'next year' },
      claim: { credibility: 9 },
      sources: [{ url: 'not a url', relation: 'LIKES' }],
    }).catch((e) => e);
    expect(error).toMatchObject({ code: 'INVALID', status: 400 });
    expect(Object.keys(error.fields)).toEqual(
      expect.arrayContaining([
        'forecast.probability',
        'forecast.confidence',
        'forecast.resolveBy',
        'claim.credibility',
        'claim',
        'sources.0.url',
        'sources.0.relation',
      ]),
    );
  });

  it('refuses a target whose quote is not the text at start..end', async () => {
    const t = target(QUOTE);
    const error = await createAnnotation(alice, { ...forecast(), target: { ...t, start: t.start + 1, end: t.end + 1 } }).catch((e) => e);
    expect(error).toMatchObject({ status: 400, fields: { 'target.exact': expect.any(String) } });
  });

  it('answers 400 for an unknown document', async () => {
    await expect(createAnnotation(alice, { ...forecast(), document: 'no-such-doc' })).rejects.toMatchObject({ status: 400 });
  });

  it('counts annotations by kind in the library', async () => {
    const doc = (await listDocuments(alice)).find((d) => d.slug === slug)!;
    expect(doc.counts.FORECAST).toBeGreaterThanOrEqual(1);
  });
});

describe('editing and deleting', () => {
  it('lets the author edit, bumping the version; a stale version gets 409 and changes nothing', async () => {
    const a = await createAnnotation(alice, forecast());
    const edited = await updateAnnotation(alice, a.id, 1, { note: 'revised', forecast: { probability: 0.55 } });
    expect(edited.version).toBe(2);
    expect(edited.note).toBe('revised');
    expect(edited.forecast?.probability).toBe(0.55);
    expect(edited.forecast?.statement).toBeNull(); // a given group replaces the group whole

    await expect(updateAnnotation(alice, a.id, 1, { note: 'stale' })).rejects.toMatchObject({
      code: 'CONFLICT',
      status: 409,
      detail: { currentVersion: 2 },
    });
    expect((await getAnnotation(alice, a.id)).note).toBe('revised');
  });

  it('clears the note when an edit sends it blank, and leaves it when the edit leaves it out', async () => {
    const a = await createAnnotation(alice, forecast({ note: 'first thoughts' }));
    const kept = await updateAnnotation(alice, a.id, 1, { forecast: { probability: 0.6 } });
    expect(kept.note).toBe('first thoughts');
    // The form sends the whole note; an emptied textarea is "" and must not keep the old text.
    const cleared = await updateAnnotation(alice, a.id, 2, { note: '' });
    expect(cleared.note).toBe('');
    expect((await getAnnotation(alice, a.id)).note).toBe('');
    const history = await annotationHistory(alice, a.id);
    expect(history.at(-1)!.snapshot.note).toBe('');
    await updateAnnotation(alice, a.id, 3, { note: 'again' });
    expect((await updateAnnotation(alice, a.id, 4, { note: '   ' })).note).toBe('');
  });

  it('requires the version being changed', async () => {
    const a = await createAnnotation(alice, forecast());
    await expect(updateAnnotation(alice, a.id, undefined, { note: 'x' })).rejects.toMatchObject({ status: 400, fields: { version: 'Required' } });
  });

  it('changing the kind clears the old kind’s fields', async () => {
    const a = await createAnnotation(alice, forecast());
    const claim = await updateAnnotation(alice, a.id, 1, { kind: 'CLAIM', claim: { attributedTo: 'The author', credibility: 3 } });
    expect(claim).toMatchObject({ kind: 'CLAIM', claim: { attributedTo: 'The author', credibility: 3 } });
    expect(claim.forecast).toBeUndefined();
    const row = await prisma.annotation.findUniqueOrThrow({ where: { id: a.id } });
    expect(row.probability).toBeNull();
    await expect(updateAnnotation(alice, a.id, 2, { fact: { status: 'VERIFIED' } })).rejects.toMatchObject({ status: 400, fields: { fact: expect.any(String) } });
  });

  it('replaces sources on update', async () => {
    const a = await createAnnotation(alice, forecast());
    const edited = await updateAnnotation(alice, a.id, 1, {
      sources: [
        { title: 'Second', relation: 'REFUTES' },
        { excerpt: 'Third', relation: 'CONTEXT', reliability: 'F' },
      ],
    });
    expect(edited.sources.map((s) => [s.title, s.relation])).toEqual([
      ['Second', 'REFUTES'],
      [null, 'CONTEXT'],
    ]);
  });

  it('forbids another analyst to edit or delete (403), and viewers too', async () => {
    const a = await createAnnotation(alice, forecast());
    await expect(updateAnnotation(bob, a.id, 1, { note: 'mine now' })).rejects.toMatchObject({ status: 403 });
    await expect(deleteAnnotation(bob, a.id)).rejects.toMatchObject({ status: 403 });
    await expect(updateAnnotation(viewer, a.id, 1, { note: 'x' })).rejects.toMatchObject({ status: 403 });
    await expect(updateAnnotation(admin, a.id, 1, { note: 'admin edit' })).rejects.toMatchObject({ status: 403 });
    expect((await getAnnotation(bob, a.id)).version).toBe(1);
  });

  it('lets an admin delete anyone’s annotation', async () => {
    const a = await createAnnotation(bob, forecast());
    await deleteAnnotation(admin, a.id);
    await expect(getAnnotation(bob, a.id)).rejects.toMatchObject({ status: 404 });
  });

  it('answers deletions racing without a version: one deletes, the others find it gone (404, not 409)', async () => {
    const a = await createAnnotation(alice, forecast());
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => deleteAnnotation(alice, a.id)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ status: 404 });
    expect((await annotationHistory(alice, a.id)).filter((e) => e.type === 'DELETED')).toHaveLength(1);
  });

  it('deletes softly and keeps the whole history', async () => {
    const a = await createAnnotation(alice, forecast());
    await updateAnnotation(alice, a.id, 1, { note: 'second thoughts' });
    await deleteAnnotation(alice, a.id, 2);

    expect((await listAnnotations(alice, slug)).some((x) => x.id === a.id)).toBe(false);
    await expect(updateAnnotation(alice, a.id, 3, { note: 'zombie' })).rejects.toMatchObject({ status: 404 });
    const row = await prisma.annotation.findUniqueOrThrow({ where: { id: a.id } });
    expect(row.deletedAt).not.toBeNull();

    const history = await annotationHistory(alice, a.id);
    expect(history.map((h) => [h.type, h.version, h.actor.id])).toEqual([
      ['CREATED', 1, alice.id],
      ['UPDATED', 2, alice.id],
      ['DELETED', 3, alice.id],
    ]);
    expect(history[1].snapshot.note).toBe('second thoughts');
  });

  it('answers 404 for an unknown or malformed id', async () => {
    await expect(getAnnotation(alice, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ status: 404 });
    await expect(getAnnotation(alice, 'nope')).rejects.toMatchObject({ status: 404 });
  });
});

describe('listing', () => {
  it('filters by kind and author and validates the filters', async () => {
    await createAnnotation(bob, { document: slug, kind: 'FACT', target: target('Integration Programmes'), fact: { status: 'VERIFIED' } });
    const facts = await listAnnotations(alice, slug, { kind: 'FACT' });
    expect(facts.length).toBeGreaterThan(0);
    expect(facts.every((a) => a.kind === 'FACT')).toBe(true);
    const bobs = await listAnnotations(alice, slug, { author: bob.id });
    expect(bobs.every((a) => a.author.id === bob.id)).toBe(true);
    await expect(listAnnotations(alice, slug, { kind: 'OPINION' })).rejects.toMatchObject({ status: 400, fields: { kind: expect.any(String) } });
  });

  it('lists in document order', async () => {
    const list = await listAnnotations(alice, slug);
    const starts = list.map((a) => a.target.start);
    expect(starts).toEqual([...starts].sort((x, y) => x - y));
  });

  it('gives the reader every annotation it may see, compact and in the same order, and the details of chosen ones', async () => {
    const gone = await createAnnotation(bob, { document: slug, kind: 'CLAIM', target: target('Integration Programmes') });
    await deleteAnnotation(bob, gone.id);
    const a = await createAnnotation(alice, forecast());
    const list = await listAnnotations(bob, slug);
    const drawn = await listHighlights(bob, slug);
    expect(drawn.rows.map(([id, start, end, kind, author, flags, version]) => ({ id, start, end, kind, author: drawn.authors[author], flags, version }))).toEqual(
      list.map((v) => ({ id: v.id, start: v.target.start, end: v.target.end, kind: v.kind, author: v.author, flags: (v.orphan ? 1 : 0) | (v.consensus ? 2 : 0), version: v.version })),
    );
    expect(drawn.rows.some(([id]) => id === gone.id)).toBe(false);
    // A card's details come through the same reads: others' probabilities stay hidden (from someone
    // who has given none on this question).
    const [detail] = await listAnnotations(await actor('carol'), slug, { ids: [a.id] });
    expect(detail).toEqual({ ...a, forecast: { ...a.forecast, probability: null, hidden: true } });
    expect(await listAnnotations(alice, slug, { ids: [a.id, gone.id] })).toEqual([a]);
    await expect(listHighlights(null, slug)).rejects.toMatchObject({ status: 401 });
    await expect(listHighlights(alice, 'no-such-document')).rejects.toMatchObject({ status: 404 });
  });

  it('refuses a details request naming no ids, bad ids, or too many', async () => {
    await expect(listAnnotations(alice, slug, { ids: [] })).rejects.toMatchObject({ status: 400, fields: { ids: expect.any(String) } });
    await expect(listAnnotations(alice, slug, { ids: ['nope'] })).rejects.toMatchObject({ status: 400 });
    const many = Array.from({ length: 201 }, () => crypto.randomUUID());
    await expect(listAnnotations(alice, slug, { ids: many })).rejects.toMatchObject({ status: 400, fields: { ids: expect.any(String) } });
  });
});

describe('the create statement', () => {
  it('is prepared once per connection and kept; no other statement is', async () => {
    const claim = { document: slug, kind: 'CLAIM', target: target(QUOTE), claim: { attributedTo: 'a minister', credibility: 2 } };
    // One after another, so the pool hands the same idle connection back each time (last in, first out).
    for (let i = 0; i < 3; i++) await createAnnotation(alice, claim);
    const kept = await prisma.$queryRaw<{ name: string; statement: string }[]>`SELECT name, statement FROM pg_prepared_statements`;
    // This connection has made claims and (earlier in this file) forecasts: the statement's two shapes at most.
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThanOrEqual(2);
    for (const statement of kept) {
      expect(statement.statement.trimStart()).toMatch(/^\/\* prepared \*\/ WITH doc AS/);
      expect(statement.name).toBe(preparedName({ sql: statement.statement }));
    }
    expect(preparedName({ sql: 'SELECT 1' })).toBe('');
  });
});

