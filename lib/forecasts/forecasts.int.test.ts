// Forecast questions on real PostgreSQL: joining, append-only entries, hidden probabilities,
// resolution permissions and scores (a fresh database for this file, see test/setup-db.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db';
import type { Actor } from '@/lib/actor';
import { actor } from '@/test/actors';
import { target as targetIn } from '@/test/fixtures';
import { loadCorpus } from '@/lib/documents/load';
import { createAnnotation, updateAnnotation } from '@/lib/annotations/service';
import { maskForecasts } from '@/lib/visibility';
import { addEntry } from './entries';
import { getQuestion, listQuestions, openQuestions } from './board';
import { analystRecord, leaderboard } from './leaderboard';
import { resolveQuestion, updateQuestion } from './resolution';

let admin: Actor;
let alice: Actor;
let bob: Actor;
let carol: Actor;
let viewer: Actor;
let slug: string;
let text: string;

/** A target for `quote` in the document, or for its code points `from`..`to`. */
const target = (quote: string, from?: number, to?: number) => targetIn(text, quote, { from, to });

const QUOTE = 'Russia wants to take advantage of Belarus’ international isolation';

const forecast = (t: ReturnType<typeof target>, fields: object = {}, extra: object = {}) => ({
  document: slug,
  kind: 'FORECAST',
  target: t,
  forecast: { statement: 'Russia exploits the isolation by 2022', resolveBy: '2022-12-31', ...fields },
  ...extra,
});

beforeAll(async () => {
  await loadCorpus();
  admin = await actor('admin');
  alice = await actor('alice');
  bob = await actor('bob');
  carol = await actor('carol');
  viewer = await actor('viewer', 'VIEWER');
  const doc = await prisma.document.findFirstOrThrow({ where: { text: { contains: QUOTE } } });
  slug = doc.slug;
  text = doc.text;
});

describe('joining questions', () => {
  it('opens a question for the first forecast and joins overlapping ones to it', async () => {
    const a = await createAnnotation(alice, forecast(target(QUOTE, 0, 20), { probability: 0.6 }));
    expect(a.forecast?.questionId).toEqual(expect.any(String));
    const question = await prisma.forecastQuestion.findUniqueOrThrow({ where: { id: a.forecast!.questionId! } });
    expect(question).toMatchObject({ statement: 'Russia exploits the isolation by 2022', start: a.target.start, createdById: alice.id });

    // Overlapping by a few characters is enough.
    const b = await createAnnotation(bob, forecast(target(QUOTE, 15, 40), { probability: 0.3 }));
    expect(b.forecast?.questionId).toBe(a.forecast!.questionId);
    // A claim on the same passage joins nothing.
    const claim = await createAnnotation(bob, { document: slug, kind: 'CLAIM', target: target(QUOTE, 0, 20) });
    expect(claim.forecast).toBeUndefined();
  });

  it('joins the best-overlapping question, a chosen one, or a new one on request', async () => {
    const q1 = (await createAnnotation(alice, forecast(target(QUOTE, 42, 50), {}, { questionId: 'new' }))).forecast!.questionId!;
    const q2 = (await createAnnotation(alice, forecast(target(QUOTE, 50, 60), {}, { questionId: 'new' }))).forecast!.questionId!;
    expect(q1).not.toBe(q2);
    // 48..60 overlaps both; q2's passage (50..60) is the closer match.
    const auto = await createAnnotation(bob, forecast(target(QUOTE, 48, 60)));
    expect(auto.forecast?.questionId).toBe(q2);
    const chosen = await createAnnotation(carol, forecast(target(QUOTE, 48, 60), {}, { questionId: q1 }));
    expect(chosen.forecast?.questionId).toBe(q1);
    // A question elsewhere in the text cannot be joined.
    await expect(createAnnotation(carol, forecast(target(QUOTE, 0, 5), {}, { questionId: q2 }))).rejects.toMatchObject({
      status: 400,
      fields: { questionId: expect.any(String) },
    });
  });

  it('unlinks a forecast that becomes a claim and joins one that becomes a forecast', async () => {
    const a = await createAnnotation(carol, forecast(target(QUOTE, 0, 20), { probability: 0.5 }));
    const claim = await updateAnnotation(carol, a.id, 1, { kind: 'CLAIM', claim: {} });
    expect(claim.forecast).toBeUndefined();
    expect((await prisma.annotation.findUniqueOrThrow({ where: { id: a.id } })).questionId).toBeNull();
    const again = await updateAnnotation(carol, a.id, 2, { kind: 'FORECAST', forecast: { probability: 0.55 } });
    expect(again.forecast?.questionId).toBe(a.forecast!.questionId);
  });
});

describe('entries', () => {
  let questionId: string;
  let annotationId: string;

  beforeAll(async () => {
    const a = await createAnnotation(alice, forecast(target(QUOTE, 5, 30), { probability: 0.3, confidence: 'LOW' }, { questionId: 'new' }));
    questionId = a.forecast!.questionId!;
    annotationId = a.id;
  });

  it('appends: an update of the annotation and an entry over the API both keep the earlier ones', async () => {
    await updateAnnotation(alice, annotationId, 1, { forecast: { probability: 0.3, confidence: 'LOW', statement: 'unchanged numbers' } });
    await updateAnnotation(alice, annotationId, 2, { forecast: { probability: 0.45, confidence: 'MODERATE' } });
    const entry = await addEntry(alice, questionId, { probability: 0.7, confidence: 'HIGH', term: 'likely' });
    expect(entry).toMatchObject({ probability: 0.7, confidence: 'HIGH', term: 'likely', analyst: { id: alice.id } });
    expect(entry.warning).toBeUndefined();
    const rows = await prisma.forecastEntry.findMany({ where: { questionId }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.probability, r.confidence])).toEqual([
      [0.3, 'LOW'],
      [0.45, 'MODERATE'],
      [0.7, 'HIGH'],
    ]);
    const view = await getQuestion(alice, questionId);
    expect(view.forecasters[0]).toMatchObject({ probability: 0.7, history: [{ probability: 0.3 }, { probability: 0.45 }, { probability: 0.7 }] });
    // The board's entry is now the probability on her passage too: a new version, in its history, adding no second entry.
    const annotation = await prisma.annotation.findUniqueOrThrow({ where: { id: annotationId } });
    expect(annotation).toMatchObject({ probability: 0.7, confidence: 'HIGH', version: 4 });
    const last = await prisma.annotationEvent.findFirstOrThrow({ where: { annotationId }, orderBy: { id: 'desc' } });
    expect(last).toMatchObject({ type: 'UPDATED', version: 4, snapshot: expect.objectContaining({ forecast: expect.objectContaining({ probability: 0.7 }) }) });
  });

  it('takes a term alone as its midpoint, and warns when term and number disagree', async () => {
    expect(await addEntry(bob, questionId, { term: 'highly probable' })).toMatchObject({ probability: 0.875, term: 'very likely' });
    const warned = await addEntry(bob, questionId, { probability: 0.3, term: 'likely' });
    expect(warned.warning).toMatch(/30 % is unlikely, not likely/);
    await expect(addEntry(bob, questionId, { probability: 0.3, term: 'probably not' })).rejects.toMatchObject({ status: 400, fields: { term: expect.any(String) } });
    await expect(addEntry(bob, questionId, {})).rejects.toMatchObject({ status: 400 });
    await expect(addEntry(bob, questionId, { probability: 1.2 })).rejects.toMatchObject({ status: 400 });
  });

  it('refuses viewers (403), anonymous callers (401) and unknown questions (404)', async () => {
    await expect(addEntry(viewer, questionId, { probability: 0.5 })).rejects.toMatchObject({ status: 403 });
    await expect(addEntry(null, questionId, { probability: 0.5 })).rejects.toMatchObject({ status: 401 });
    await expect(addEntry(bob, '00000000-0000-0000-0000-000000000000', { probability: 0.5 })).rejects.toMatchObject({ status: 404 });
  });
});

describe('hidden probabilities', () => {
  it('hides others’ probabilities until the analyst gives their own, and after resolution shows them', async () => {
    const a = await createAnnotation(alice, forecast(target(QUOTE, 20, 45), { probability: 0.8 }, { questionId: 'new' }));
    const questionId = a.forecast!.questionId!;

    const before = await getQuestion(bob, questionId);
    expect(before).toMatchObject({ revealed: false, mine: false, aggregate: null, spread: null });
    expect(before.forecasters).toEqual([expect.objectContaining({ analyst: expect.objectContaining({ id: alice.id }), probability: null, hidden: true })]);
    expect(before.forecasters[0].history.every((h) => h.probability === null)).toBe(true);
    const [masked] = await maskForecasts(bob, [a]);
    expect(masked.forecast).toMatchObject({ probability: null, hidden: true });
    // Her own and a viewer's reads are not masked.
    expect((await maskForecasts(alice, [a]))[0].forecast?.probability).toBe(0.8);
    expect((await maskForecasts(viewer, [a]))[0].forecast?.probability).toBe(0.8);
    expect((await getQuestion(viewer, questionId)).forecasters[0].probability).toBe(0.8);

    await addEntry(bob, questionId, { probability: 0.4 });
    const after = await getQuestion(bob, questionId);
    expect(after.forecasters.map((f) => f.probability)).toEqual([0.8, 0.4]);
    expect(after.aggregate?.median).toBeCloseTo(0.6, 12);
    expect((await maskForecasts(bob, [a]))[0].forecast?.probability).toBe(0.8);

    expect((await getQuestion(carol, questionId)).revealed).toBe(false);
    await resolveQuestion(admin, questionId, { outcome: 'AMBIGUOUS', note: 'The wording does not settle it' });
    expect((await getQuestion(carol, questionId)).forecasters.map((f) => f.probability)).toEqual([0.8, 0.4]);
    expect((await maskForecasts(carol, [a]))[0].forecast?.probability).toBe(0.8);
  });
});

describe('resolution and scores', () => {
  let questionId: string;

  beforeAll(async () => {
    const a = await createAnnotation(alice, forecast(target(QUOTE, 30, 60), { probability: 0.3 }, { questionId: 'new' }));
    questionId = a.forecast!.questionId!;
    await addEntry(alice, questionId, { probability: 0.8 });
    await addEntry(bob, questionId, { probability: 0.4 });
    await addEntry(carol, questionId, { probability: 0.6 });
    await updateQuestion(alice, questionId, { authorWording: 'highly probable' });
  });

  it('lets only admins resolve (403 for analysts and viewers), once (409)', async () => {
    await expect(updateQuestion(bob, questionId, { authorWording: 'x' })).rejects.toMatchObject({ status: 403 });
    await expect(resolveQuestion(alice, questionId, { outcome: 'YES', note: 'It happened' })).rejects.toMatchObject({ status: 403 });
    await expect(resolveQuestion(viewer, questionId, { outcome: 'YES', note: 'It happened' })).rejects.toMatchObject({ status: 403 });
    await expect(resolveQuestion(admin, questionId, { outcome: 'MAYBE', note: '' })).rejects.toMatchObject({
      status: 400,
      fields: { outcome: expect.any(String), note: expect.any(String) },
    });
    expect((await openQuestions(bob, slug)).map((q) => q.id)).toContain(questionId);
    const resolved = await resolveQuestion(admin, questionId, { outcome: 'YES', note: 'It happened', source: 'https://example.org/news' });
    // A resolved question is no longer offered to new forecasts.
    expect((await openQuestions(bob, slug)).map((q) => q.id)).not.toContain(questionId);
    expect(resolved).toMatchObject({ outcome: 'YES', resolution: { note: 'It happened', source: 'https://example.org/news', by: { id: admin.id } } });
    await expect(resolveQuestion(admin, questionId, { outcome: 'NO', note: 'Changed my mind' })).rejects.toMatchObject({ status: 409 });
    await expect(addEntry(bob, questionId, { probability: 0.99 })).rejects.toMatchObject({ status: 409 });
  });

  /*
   * YES. Latest entries: alice 0.8 (her 0.3 came first), bob 0.4, carol 0.6; the author's "highly
   * probable" is 0.875. Brier = (1 − p)²: 0.04, 0.36, 0.16, 0.015625; the analysts' median Brier is
   * 0.16, so relative Briers are −0.12, 0.2, 0, −0.144375. Log = ln p.
   */
  it('scores analysts and the document author on a hand-computed example', async () => {
    const view = await getQuestion(viewer, questionId);
    const score = (name: string) => view.scores!.find((s) => s.forecaster.name === name)!;
    expect(score('alice')).toMatchObject({ probability: 0.8 });
    expect(score('alice').brier).toBeCloseTo(0.04, 12);
    expect(score('alice').log).toBeCloseTo(Math.log(0.8), 12);
    expect(score('alice').relativeBrier).toBeCloseTo(-0.12, 12);
    expect(score('bob').brier).toBeCloseTo(0.36, 12);
    expect(score('bob').relativeBrier).toBeCloseTo(0.2, 12);
    expect(score('carol').relativeBrier).toBeCloseTo(0, 12);
    const author = view.scores!.find((s) => s.forecaster.kind === 'author')!;
    expect(author.probability).toBe(0.875);
    expect(author.brier).toBeCloseTo(0.015625, 12);
    expect(author.log).toBeCloseTo(Math.log(0.875), 12);
    expect(author.relativeBrier).toBeCloseTo(-0.144375, 12);
  });

  it('does not score AMBIGUOUS or ANNULLED questions', async () => {
    const a = await createAnnotation(bob, forecast(target(QUOTE, 35, 55), { probability: 0.9 }, { questionId: 'new' }));
    await resolveQuestion(admin, a.forecast!.questionId!, { outcome: 'ANNULLED', note: 'The premise fell away' });
    expect((await getQuestion(bob, a.forecast!.questionId!)).scores).toBeNull();
  });

  it('ranks analysts and authors on the leaderboard and keeps each analyst’s record', async () => {
    const board = await leaderboard(viewer, { score: 'at-close', min: 1 });
    expect(board.map((r) => r.forecaster.kind === 'author' ? 'author' : r.forecaster.name)).toEqual(['author', 'alice', 'carol', 'bob']);
    expect(board.map((r) => r.rank)).toEqual([1, 2, 3, 4]);
    expect(board.every((r) => r.questions === 1)).toBe(true);
    expect(board[0]).toMatchObject({ author: true, score: 'at-close', value: expect.closeTo(0.015625, 12) });
    // One resolved question each: below the default minimum of 3, so listed unranked.
    expect((await leaderboard(viewer)).every((r) => r.rank === null)).toBe(true);
    const record = await analystRecord(viewer, alice.id);
    expect(record.summary).toMatchObject({ questions: 1 });
    expect(record.summary!.meanBrier).toBeCloseTo(0.04, 12);
    expect(record.calibration).toEqual([{ lo: 0.8, hi: 0.9, meanP: 0.8, freq: 1, n: 1, interval: [expect.closeTo(0.206549, 5), 1] }]);
    await expect(analystRecord(viewer, 'nobody')).rejects.toMatchObject({ status: 404 });
  });

  it('lists questions with aggregates, sorted by disagreement', async () => {
    const list = await listQuestions(viewer, { sort: 'disagreement', method: 'geo-mean-odds' });
    expect(list.length).toBeGreaterThan(3);
    const spreads = list.map((q) => q.spread?.sdLogOdds ?? -1);
    expect(spreads).toEqual([...spreads].sort((a, b) => b - a));
    const scored = list.find((q) => q.id === questionId)!;
    expect(scored.aggregate).toMatchObject({ method: 'geo-mean-odds' });
    expect(scored.aggregate!.value).toBeCloseTo(scored.aggregate!.geoMeanOdds, 12);
    expect(scored.document).toMatchObject({ slug });
    await expect(listQuestions(viewer, { method: 'mode' })).rejects.toMatchObject({ status: 400 });
    await expect(listQuestions(null)).rejects.toMatchObject({ status: 401 });
  });
});
