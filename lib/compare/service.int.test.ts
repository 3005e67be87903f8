// The compare service on real PostgreSQL (a fresh database for this file, see test/setup-db.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db';
import type { Actor } from '@/lib/actor';
import { cohensKappa, krippendorffAlpha } from '@/lib/agreement';
import { loadCorpus } from '@/lib/documents/load';
import { createAnnotation } from '@/lib/annotations/service';
import { sentenceRanges } from './sentences';
import { agreementCsv, BLIND_MESSAGE, compareDocument, corpusAgreement, documentAgreement } from './service';
import type { Label } from './types';
import { actor } from '@/test/actors';
import { span } from '@/test/fixtures';

let alice: Actor;
let bob: Actor;
let carol: Actor;
let viewer: Actor;
let slug: string;
let text: string;
let sentences: { start: number; end: number }[];

/** A target over sentence i, trimmed by `cut` code points at its end. */
function target(i: number, cut = 0) {
  const { start, end } = sentences[i];
  return span(text, start, end - cut);
}

const annotate = (actor: Actor, kind: 'CLAIM' | 'FACT' | 'FORECAST', i: number, cut = 0, extra: object = {}) =>
  createAnnotation(actor, { document: slug, kind, target: target(i, cut), ...extra });

beforeAll(async () => {
  await loadCorpus();
  await actor('admin');
  alice = await actor('alice');
  bob = await actor('bob');
  carol = await actor('carol');
  viewer = await actor('viewer', 'VIEWER');
  const doc = await prisma.document.findFirstOrThrow({ orderBy: { slug: 'asc' } });
  slug = doc.slug;
  text = doc.text;
  sentences = sentenceRanges(text);
  // Sentences 2 and 3 by everyone's pick; 2: same kind, 3: kinds differ; 5: carol alone.
  await annotate(alice, 'CLAIM', 2, 0, { claim: { credibility: 2 } });
  await annotate(bob, 'CLAIM', 2, 3, { claim: { credibility: 4 } });
  await annotate(alice, 'FACT', 3, 0, { fact: { status: 'VERIFIED' } });
  await annotate(bob, 'CLAIM', 3, 0);
  await annotate(carol, 'FORECAST', 5, 0, { forecast: { probability: 0.8, confidence: 'HIGH' } });
});

/** The labels the service should derive, built by hand from the annotations above. */
function expectedLabels(marks: Record<number, Label>): Label[] {
  return sentences.map((_, i) => marks[i] ?? 'none');
}

describe('documentAgreement', () => {
  it('computes sentence κ and α over the analysts who annotated, with counts', async () => {
    const stats = await documentAgreement(alice, slug);
    expect(stats.analysts.map((a) => a.name)).toEqual(['alice', 'bob', 'carol']);
    expect(stats.documents).toEqual([{ slug, title: expect.any(String), sentences: sentences.length }]);
    const a = expectedLabels({ 2: 'CLAIM', 3: 'FACT' });
    const b = expectedLabels({ 2: 'CLAIM', 3: 'CLAIM' });
    const c = expectedLabels({ 5: 'FORECAST' });
    const ab = stats.sentences.cohen.find((p) => p.a === alice.id && p.b === bob.id)!;
    expect(ab).toMatchObject({ units: sentences.length, raters: 2, dropped: 0 });
    expect(ab.value).toBeCloseTo(cohensKappa(a, b));
    expect(stats.sentences.cohen).toHaveLength(3);
    expect(stats.sentences.fleiss).toMatchObject({ units: sentences.length, raters: 3, dropped: 0 });
    expect(stats.sentences.krippendorff.value).toBeCloseTo(krippendorffAlpha([a, b, c], 'nominal'));
    expect(stats.spans.length).toBe([...text].length);
    expect(stats.spans.byKind.CLAIM).toMatchObject({ units: 3, raters: 3 });
    expect(typeof stats.spans.byKind.CLAIM.value).toBe('number');
    expect(JSON.stringify(stats)).not.toContain('NaN');
  });

  it('restricts to the chosen analysts, and says why a statistic is undefined', async () => {
    const two = await documentAgreement(alice, slug, `${alice.id},${bob.id}`);
    expect(two.analysts.map((a) => a.id)).toEqual([alice.id, bob.id]);
    expect(two.sentences.cohen).toHaveLength(1);
    expect(two.spans.byKind.FORECAST).toMatchObject({ value: null, reason: 'no forecast highlights' });
    const one = await documentAgreement(alice, slug, [alice.id]);
    expect(one.sentences.fleiss).toMatchObject({ value: null, reason: 'needs at least two analysts', raters: 1 });
  });

  it('treats a chosen analyst with nothing on the document as missing, not as "none"', async () => {
    const stats = await documentAgreement(alice, slug, [alice.id, viewer.id]);
    expect(stats.sentences.cohen[0]).toMatchObject({ value: null, reason: 'no sentence coded by both', dropped: sentences.length });
  });

  it('answers 400 on a bad analysts parameter, 404 on an unknown document, 401 anonymously', async () => {
    await expect(documentAgreement(alice, slug, 'alice,bob')).rejects.toMatchObject({ code: 'INVALID', fields: { analysts: expect.any(String) } });
    await expect(documentAgreement(alice, slug, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'INVALID' });
    await expect(documentAgreement(alice, 'no-such-document')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(documentAgreement(null, slug)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('compareDocument', () => {
  it('matches the rows: same kind with judgments apart differs in judgments, different kinds differ, a lone highlight is partial', async () => {
    const view = await compareDocument(alice, slug);
    expect(view.analysts.map((a) => a.name)).toEqual(['alice', 'bob', 'carol']);
    const two = await compareDocument(alice, slug, [alice.id, bob.id]);
    expect(two.rows.map((r) => [r.start, r.status])).toEqual([
      // Credibility 2 vs 4: the same kind, two steps apart (beyond the one-step tolerance).
      [sentences[2].start, 'judgments differ'],
      [sentences[3].start, 'kinds differ'],
    ]);
    expect(two.rows[0].text).toBe(text.slice(sentences[2].start, sentences[2].end));
    expect(two.rows[0].cells.map((c) => c?.fields?.credibility)).toEqual([2, 4]);
    expect(two.counts).toEqual({ rows: 2, agree: 0, judgmentsDiffer: 1, kindsDiffer: 1, partial: 0 });
    expect(two.available).toHaveLength(3);
  });

  it("hides others' forecast probabilities until the reader has given their own", async () => {
    const seenByAlice = await compareDocument(alice, slug, [carol.id]);
    expect(seenByAlice.rows[0].cells[0]?.fields).toMatchObject({ probability: null, hidden: true });
    const seenByCarol = await compareDocument(carol, slug, [carol.id]);
    expect(seenByCarol.rows[0].cells[0]?.fields).toMatchObject({ probability: 0.8 });
  });
});

describe('CSV', () => {
  it('downloads the statistics table and the rows table', async () => {
    const stats = await agreementCsv(alice, slug, `${alice.id},${bob.id}`, null);
    expect(stats.fileName).toBe(`agreement-${slug}.csv`);
    expect(stats.body.split('\r\n')[0]).toBe('statistic,level,kind,analysts,value,units,raters,dropped,undefined_because');
    expect(stats.body).toContain("Cohen's kappa,sentence,,alice; bob,");
    const rows = await agreementCsv(alice, slug, `${alice.id},${bob.id}`, 'rows');
    expect(rows.body.split('\r\n')[0]).toBe('start,end,passage,status,alice: kind,alice: fields,bob: kind,bob: fields');
    expect(rows.body).toContain('kinds differ,FACT,verified,CLAIM,');
    await expect(agreementCsv(alice, slug, null, 'pie')).rejects.toMatchObject({ code: 'INVALID' });
  });
});

describe('blind mode', () => {
  it('refuses to compare a blind document before the reading is done, then reveals', async () => {
    await prisma.document.update({ where: { slug }, data: { blind: true } });
    try {
      await expect(documentAgreement(alice, slug)).rejects.toMatchObject({ code: 'FORBIDDEN', message: BLIND_MESSAGE });
      await expect(compareDocument(alice, slug)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(BLIND_MESSAGE).toContain('Mark your reading done to compare');
      const corpus = await corpusAgreement(alice);
      expect(corpus.excluded.map((d) => d.slug)).toEqual([slug]);
      expect(corpus.analysts).toEqual([]);
      // Viewers assess nothing, so nothing is hidden from them.
      expect((await documentAgreement(viewer, slug)).analysts).toHaveLength(3);

      const doc = await prisma.document.findUniqueOrThrow({ where: { slug }, select: { id: true } });
      await prisma.readingDone.create({ data: { documentId: doc.id, userId: alice.id } });
      expect((await documentAgreement(alice, slug)).analysts).toHaveLength(3);
      await expect(documentAgreement(bob, slug)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    } finally {
      await prisma.document.update({ where: { slug }, data: { blind: false } });
    }
  });
});

describe('corpusAgreement', () => {
  it('pools the sentences of every document and concatenates their texts for unitizing α', async () => {
    const corpus = await corpusAgreement(alice, `${alice.id},${bob.id}`);
    const docs = await prisma.document.findMany({ select: { text: true } });
    expect(corpus.documents).toHaveLength(docs.length);
    const total = docs.reduce((n, d) => n + sentenceRanges(d.text).length, 0);
    expect(corpus.sentences.sentences).toBe(total);
    expect(corpus.spans.length).toBe(docs.reduce((n, d) => n + [...d.text].length, 0));
    // Alice and Bob annotated one document only: the others' sentences are missing for both.
    expect(corpus.sentences.cohen[0]).toMatchObject({ units: sentences.length, dropped: total - sentences.length });
    const single = await documentAgreement(alice, slug, `${alice.id},${bob.id}`);
    expect(corpus.sentences.cohen[0].value).toBeCloseTo(single.sentences.cohen[0].value!);
    expect(corpus.rules.corpus).toBeDefined();
  });
});
