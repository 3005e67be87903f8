// The disagreement queue on real PostgreSQL: ranking, filters, review states, permissions.
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db';
import type { Actor } from '@/lib/actor';
import { loadCorpus } from '@/lib/documents/load';
import { createAnnotation } from '@/lib/annotations/service';
import { sentenceRanges } from './sentences';
import { disagreementQueue, reviewDisagreement } from './queue';
import { actor } from '@/test/actors';

let alice: Actor;
let bob: Actor;
let carol: Actor;
let viewer: Actor;
let slug: string;
let text: string;
let sentences: { start: number; end: number }[];

const target = (i: number) => ({ start: sentences[i].start, end: sentences[i].end, exact: text.slice(sentences[i].start, sentences[i].end) });
const annotate = (who: Actor, kind: 'CLAIM' | 'FACT' | 'FORECAST', i: number, extra: object = {}) =>
  createAnnotation(who, { document: slug, kind, target: target(i), ...extra });

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
  sentences = sentenceRanges(text).filter((s) => s.end - s.start > 20 && /^[\x20-\x7e]+$/.test(text.slice(s.start, s.end)));
  // 0: credibility 2, 2, 5 → judgments differ (3 steps). 1: claim vs fact → kinds differ.
  // 2: facts, same status → agree. 3: only alice → partial. 4: facts, different status → judgments differ.
  for (const [who, c] of [[alice, 2], [bob, 2], [carol, 5]] as const) await annotate(who, 'CLAIM', 0, { claim: { credibility: c } });
  await annotate(alice, 'CLAIM', 1);
  await annotate(bob, 'FACT', 1);
  await annotate(carol, 'FACT', 1);
  for (const who of [alice, bob, carol]) await annotate(who, 'FACT', 2, { fact: { status: 'VERIFIED' } });
  await annotate(alice, 'FACT', 3);
  await annotate(alice, 'FACT', 4, { fact: { status: 'VERIFIED' } });
  await annotate(bob, 'FACT', 4, { fact: { status: 'FALSE' } });
  await annotate(carol, 'FACT', 4, { fact: { status: 'FALSE' } });
});

describe('disagreementQueue', () => {
  it('ranks kinds differ first, then the largest judgment gap, then partial; agreeing rows are left out', async () => {
    const queue = await disagreementQueue(alice, { document: slug });
    expect(queue.rows.map((r) => [r.start, r.status])).toEqual([
      [sentences[1].start, 'kinds differ'],
      // 3 credibility steps count 3/5 = 0.6, as much as a status mismatch: the earlier passage first.
      [sentences[0].start, 'judgments differ'],
      [sentences[4].start, 'judgments differ'],
      [sentences[3].start, 'partial'],
    ]);
    const credibility = queue.rows.find((r) => r.start === sentences[0].start)!;
    // Values in the row's column order (analysts by id): the two 2s and the 5, in some order.
    expect(credibility.gapText[0]).toMatch(/^credibility (2 vs 2 vs 5|2 vs 5 vs 2|5 vs 2 vs 2) \(3 steps apart\)$/);
    expect(credibility.href).toContain(`/documents/${slug}#annotation-`);
    expect(queue.total).toBe(4);
  });

  it('filters by kind, analyst and state, and keeps a row’s state', async () => {
    expect((await disagreementQueue(alice, { document: slug, kind: 'CLAIM' })).rows).toHaveLength(2);
    expect((await disagreementQueue(alice, { document: slug, analyst: bob.id })).rows).toHaveLength(3);
    const row = (await disagreementQueue(alice, { document: slug, kind: 'CLAIM' })).rows[1];
    await reviewDisagreement(bob, { document: slug, key: row.key, state: 'settled' });
    const settled = await disagreementQueue(alice, { document: slug, state: 'settled' });
    expect(settled.rows.map((r) => r.key)).toEqual([row.key]);
    expect((await disagreementQueue(alice, { document: slug, state: 'open' })).total).toBe(3);
    await reviewDisagreement(alice, { document: slug, key: row.key, state: 'open' });
    expect((await disagreementQueue(alice, { document: slug, state: 'settled' })).total).toBe(0);
  });

  it('answers 400 naming the field on bad input, 403 to viewers marking, 401 anonymously', async () => {
    await expect(disagreementQueue(alice, { kind: 'OPINION' })).rejects.toMatchObject({ code: 'INVALID', fields: { kind: expect.any(String) } });
    await expect(disagreementQueue(alice, { page: 'x' })).rejects.toMatchObject({ code: 'INVALID', fields: { page: expect.any(String) } });
    await expect(reviewDisagreement(alice, { document: slug, key: 'nope', state: 'settled' })).rejects.toMatchObject({ code: 'INVALID', fields: { key: expect.any(String) } });
    await expect(reviewDisagreement(viewer, { document: slug, key: 'a'.repeat(32), state: 'settled' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // A well-formed key that names no row of the document is refused, and nothing is written.
    for (const state of ['settled', 'discussed', 'open']) {
      await expect(reviewDisagreement(alice, { document: slug, key: '0'.repeat(32), state })).rejects.toMatchObject({ code: 'INVALID', fields: { key: expect.any(String) } });
    }
    expect(await prisma.disagreementReview.count({ where: { rowKey: '0'.repeat(32) } })).toBe(0);
    await expect(disagreementQueue(null)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('leaves out blind documents the reader has not finished', async () => {
    await prisma.document.update({ where: { slug }, data: { blind: true } });
    const dave = await actor('dave');
    expect((await disagreementQueue(dave)).total).toBe(0);
    await expect(disagreementQueue(dave, { document: slug })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await prisma.document.update({ where: { slug }, data: { blind: false } });
  });
});
