// Issue #11 on real PostgreSQL: a question's lifecycle (close, clarifications, re-opening), withdrawal
// when a forecast passage is deleted, and scores over time equal to the pure functions over the
// stored entries, the document's author included (a fresh database for this file).
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db';
import type { Actor } from '@/lib/actor';
import { actor } from '@/test/actors';
import { loadCorpus } from '@/lib/documents/load';
import { createAnnotation, deleteAnnotation, updateAnnotation } from '@/lib/annotations/service';
import { addEntry } from './entries';
import { getQuestion, listQuestions, listQuestionsPage, openQuestions } from './board';
import { analystRecord, leaderboard } from './leaderboard';
import { addClarification, reopenQuestion, resolveQuestion, updateQuestion } from './resolution';
import { followForecasts, type ForecastAnnouncement } from './live';
import { baselineScores, type Entry, peerScores, timeAveragedBrier } from './index';

let admin: Actor;
let alice: Actor;
let bob: Actor;
let viewer: Actor;
let slug: string;
let text: string;
let publishedAt: Date;

const QUOTE = 'Russia wants to take advantage of Belarus’ international isolation';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function target(from: number, to: number) {
  const at = [...text.slice(0, text.indexOf(QUOTE))].length;
  return { start: at + from, end: at + to, exact: [...QUOTE].slice(from, to).join('') };
}

const forecast = (from: number, to: number, fields: object = {}, extra: object = {}) => ({
  document: slug,
  kind: 'FORECAST',
  target: target(from, to),
  forecast: { statement: 'Russia exploits the isolation', ...fields },
  ...extra,
});

/** A new question opened by `who` with a first probability. */
async function question(who: Actor, p: number, fields: object = {}) {
  const a = await createAnnotation(who, forecast(0, 20, { probability: p, ...fields }, { questionId: 'new' }));
  return { questionId: a.forecast!.questionId!, annotationId: a.id };
}

beforeAll(async () => {
  await loadCorpus();
  admin = await actor('admin');
  alice = await actor('alice');
  bob = await actor('bob');
  viewer = await actor('viewer', 'VIEWER');
  const doc = await prisma.document.findFirstOrThrow({ where: { text: { contains: QUOTE } } });
  slug = doc.slug;
  text = doc.text;
  publishedAt = doc.publishedAt!;
});

describe('close time', () => {
  it('defaults to the end of the resolve-by date, or to the resolution for a question asked after it', async () => {
    const future = await question(alice, 0.4, { resolveBy: '2099-06-30' });
    expect(await getQuestion(alice, future.questionId)).toMatchObject({ closeAt: '2099-07-01T00:00:00.000Z', state: 'open' });
    const past = await question(alice, 0.4, { resolveBy: '2022-12-31' });
    expect(await getQuestion(alice, past.questionId)).toMatchObject({ closeAt: null, state: 'open' });
  });

  it('is set by admins only, after the opening; entries after it get 409 with the close time', async () => {
    const { questionId } = await question(alice, 0.4, { resolveBy: '2099-06-30' });
    await expect(updateQuestion(alice, questionId, { closeAt: '2099-01-01T00:00:00Z' })).rejects.toMatchObject({ status: 403 });
    await expect(updateQuestion(admin, questionId, { closeAt: '2001-01-01T00:00:00Z' })).rejects.toMatchObject({ status: 400, fields: { closeAt: expect.any(String) } });
    await expect(updateQuestion(admin, questionId, { closeAt: 'soon' })).rejects.toMatchObject({ status: 400 });
    // A date means the end of that day.
    expect(await updateQuestion(admin, questionId, { closeAt: '2098-12-31' })).toMatchObject({ closeAt: '2098-12-31T23:59:59.999Z', state: 'open' });
    expect(await addEntry(bob, questionId, { probability: 0.5 })).toMatchObject({ probability: 0.5 });

    const { createdAt } = await prisma.forecastQuestion.findUniqueOrThrow({ where: { id: questionId } });
    const closed = await updateQuestion(admin, questionId, { closeAt: new Date(createdAt.getTime() + 1).toISOString() });
    expect(closed.state).toBe('closed');
    const refused = addEntry(bob, questionId, { probability: 0.9 });
    await expect(refused).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/closed at .*no more forecasts/) });
    // Nor through the annotation: its new probability is not appended to a closed question.
    const before = await prisma.forecastEntry.count({ where: { questionId } });
    const mine = await prisma.annotation.findFirstOrThrow({ where: { questionId, authorId: alice.id } });
    await updateAnnotation(alice, mine.id, mine.version, { forecast: { probability: 0.99 } });
    expect(await prisma.forecastEntry.count({ where: { questionId } })).toBe(before);
    // Closed questions are offered to no new forecast, listed as closed, and an overlapping passage opens a new one.
    expect((await openQuestions(bob, slug)).map((q) => q.id)).not.toContain(questionId);
    expect((await listQuestions(viewer, { status: 'closed' })).map((q) => q.id)).toContain(questionId);
    expect((await listQuestions(viewer, { status: 'open' })).map((q) => q.id)).not.toContain(questionId);
    await expect(createAnnotation(bob, forecast(0, 20, { probability: 0.3 }, { questionId }))).rejects.toMatchObject({ status: 409 });
    // Setting it back to the resolve-by date opens it again.
    expect((await updateQuestion(admin, questionId, { closeAt: null })).state).toBe('open');
    expect(await addEntry(bob, questionId, { probability: 0.9 })).toMatchObject({ probability: 0.9 });
  });
});

describe('withdrawal', () => {
  it('deleting one’s forecast passage withdraws the forecast from then on; the history stays', async () => {
    const { questionId, annotationId } = await question(alice, 0.7);
    await addEntry(bob, questionId, { probability: 0.2 });
    await deleteAnnotation(alice, annotationId);
    const rows = await prisma.forecastEntry.findMany({ where: { questionId, analystId: alice.id }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.probability, r.withdrawn])).toEqual([
      [0.7, false],
      [null, true],
    ]);
    const view = await getQuestion(bob, questionId);
    const mine = view.forecasters.find((f) => f.analyst.id === alice.id)!;
    expect(mine).toMatchObject({ withdrawn: true, probability: null });
    expect(mine.history.map((h) => h.probability)).toEqual([0.7, null]);
    // Only Bob's forecast is in force now.
    expect(view.aggregate).toMatchObject({ value: 0.2, median: 0.2 });
    expect(view.community!.map((c) => c.n)).toEqual([1, 2, 1]);
    // Forecasting again puts her back in force.
    await addEntry(alice, questionId, { probability: 0.6 });
    expect((await getQuestion(bob, questionId)).aggregate?.mean).toBeCloseTo(0.4, 12);
  });

  it('keeps the forecast while another of the analyst’s passages holds the question, and an admin’s delete withdraws the author’s', async () => {
    const { questionId, annotationId } = await question(alice, 0.7);
    const second = await createAnnotation(alice, forecast(5, 25, { probability: 0.75 }, { questionId }));
    await deleteAnnotation(alice, annotationId);
    expect(await prisma.forecastEntry.count({ where: { questionId, withdrawn: true } })).toBe(0);
    await deleteAnnotation(admin, second.id);
    expect(await prisma.forecastEntry.findMany({ where: { questionId, withdrawn: true }, select: { analystId: true } })).toEqual([{ analystId: alice.id }]);
  });

  it('a forecast passage that becomes a claim withdraws too', async () => {
    const { questionId, annotationId } = await question(bob, 0.3);
    await updateAnnotation(bob, annotationId, 1, { kind: 'CLAIM', claim: {} });
    expect((await getQuestion(bob, questionId)).forecasters[0].withdrawn).toBe(true);
  });
});

describe('clarifications', () => {
  it('admins append them; they are shown on the question and announced live', async () => {
    const { questionId } = await question(alice, 0.5);
    const heard: ForecastAnnouncement[] = [];
    const stop = await followForecasts(viewer, (a) => heard.push(a));
    try {
      await expect(addClarification(alice, questionId, { text: 'x' })).rejects.toMatchObject({ status: 403 });
      await expect(addClarification(admin, questionId, { text: '  ' })).rejects.toMatchObject({ status: 400, fields: { text: expect.any(String) } });
      await expect(addClarification(admin, '00000000-0000-0000-0000-000000000000', { text: 'x' })).rejects.toMatchObject({ status: 404 });
      const first = await addClarification(admin, questionId, { text: '“Exploits” means a signed agreement.' });
      await addClarification(admin, questionId, { text: 'Statements by officials do not count.' });
      expect(first).toMatchObject({ text: '“Exploits” means a signed agreement.', by: { id: admin.id } });
      const view = await getQuestion(bob, questionId);
      expect(view.clarifications.map((c) => c.text)).toEqual(['“Exploits” means a signed agreement.', 'Statements by officials do not count.']);
      expect(view.clarifications[0]).toMatchObject({ by: { name: 'admin' }, at: expect.any(String) });
      for (const deadline = Date.now() + 5000; heard.length < 2 && Date.now() < deadline; ) await sleep(20);
      expect(heard).toEqual([
        { type: 'clarification', questionId, statement: view.statement, text: '“Exploits” means a signed agreement.' },
        { type: 'clarification', questionId, statement: view.statement, text: 'Statements by officials do not count.' },
      ]);
    } finally {
      stop();
    }
  });
});

describe('re-opening', () => {
  it('an admin re-opens a resolution with a note; the resolution undone is kept; entries are taken again', async () => {
    const { questionId } = await question(alice, 0.5);
    await expect(reopenQuestion(admin, questionId, { note: 'Not resolved' })).rejects.toMatchObject({ status: 409 });
    await resolveQuestion(admin, questionId, { outcome: 'NO', note: 'Did not happen', source: 'https://example.org/a' });
    await expect(reopenQuestion(alice, questionId, { note: 'x' })).rejects.toMatchObject({ status: 403 });
    await expect(reopenQuestion(admin, questionId, {})).rejects.toMatchObject({ status: 400, fields: { note: expect.any(String) } });
    const reopened = await reopenQuestion(admin, questionId, { note: 'The agreement was signed after all' });
    expect(reopened).toMatchObject({ outcome: null, resolution: null, state: 'open', scores: null });
    expect(reopened.reopenings).toEqual([
      {
        id: expect.any(String),
        note: 'The agreement was signed after all',
        at: expect.any(String),
        by: { id: admin.id, name: 'admin' },
        previous: { outcome: 'NO', note: 'Did not happen', source: 'https://example.org/a', at: expect.any(String), by: { id: admin.id, name: 'admin' } },
      },
    ]);
    expect(await addEntry(alice, questionId, { probability: 0.8 })).toMatchObject({ probability: 0.8 });
    expect(await resolveQuestion(admin, questionId, { outcome: 'YES', note: 'Signed' })).toMatchObject({ outcome: 'YES', reopenings: [expect.anything()] });
  });
});

describe('scores over time', () => {
  let questionId: string;

  beforeAll(async () => {
    // Alice early (0.3, then 0.8), Bob late (0.8), the author's "unlikely" (0.325) throughout.
    ({ questionId } = await question(alice, 0.3));
    await sleep(40);
    await addEntry(alice, questionId, { probability: 0.8 });
    await sleep(60);
    await addEntry(bob, questionId, { probability: 0.8 });
    await updateQuestion(alice, questionId, { authorWording: 'unlikely' });
    await sleep(30);
    await resolveQuestion(admin, questionId, { outcome: 'YES', note: 'It happened' });
  });

  it('equal the pure functions over the stored entries, the author forecasting from publication', async () => {
    const q = await prisma.forecastQuestion.findUniqueOrThrow({ where: { id: questionId }, include: { entries: { orderBy: { id: 'asc' } } } });
    const window = { open: q.createdAt.getTime(), close: q.resolvedAt!.getTime() };
    const entries: Entry[] = [
      ...q.entries.map((e) => ({ analyst: e.analystId, at: e.createdAt.getTime(), p: e.probability ?? NaN, withdrawn: e.withdrawn })),
      { analyst: 'author', at: publishedAt.getTime(), p: 0.325 },
    ];
    const peer = peerScores(entries, window, 1);
    const baseline = baselineScores(entries, window, 1);
    const brier = timeAveragedBrier(entries, window, 1);
    expect(publishedAt.getTime()).toBeLessThan(window.open);
    expect(peer.author.coverage).toBe(1);

    const view = await getQuestion(viewer, questionId);
    const key = (s: NonNullable<typeof view.scores>[number]) => (s.forecaster.kind === 'author' ? 'author' : s.forecaster.id);
    expect(view.scores).toHaveLength(3);
    for (const s of view.scores!) {
      expect(s.peer).toBeCloseTo(peer[key(s)].score, 10);
      expect(s.baseline).toBeCloseTo(baseline[key(s)].score, 10);
      expect(s.timeBrier).toBeCloseTo(brier[key(s)].brier, 10);
      expect(s.timeRelative).toBeCloseTo(brier[key(s)].relative, 10);
      expect(s.coverage).toBeCloseTo(peer[key(s)].coverage, 10);
    }
    // Ranked by peer score (the default): early Alice ahead of late Bob; the author's 0.325 last.
    expect(view.scores!.map((s) => (s.forecaster.kind === 'author' ? 'author' : s.forecaster.name))).toEqual(['alice', 'bob', 'author']);
    // At close both analysts said 0.8: level.
    const [a, b] = view.scores!;
    expect(a.brier).toBe(b.brier);
    expect(a.coverage).toBeGreaterThan(b.coverage);
  });

  it('rank the early forecaster first on the leaderboard under peer, level at close; the author alongside', async () => {
    const peer = await leaderboard(viewer, { score: 'peer', min: 1 });
    const row = (id: string) => peer.find((r) => r.forecaster.kind === 'analyst' && r.forecaster.id === id)!;
    expect(row(alice.id).rank).toBeLessThan(row(bob.id).rank!);
    expect(peer.find((r) => r.author)).toMatchObject({ author: true, forecaster: { kind: 'author' }, rank: expect.any(Number) });
    for (const r of peer) expect(r.coverage).toBeGreaterThanOrEqual(0);
    await expect(leaderboard(viewer, { score: 'luck' })).rejects.toMatchObject({ status: 400, fields: { score: expect.any(String) } });
    await expect(leaderboard(viewer, { min: -1 })).rejects.toMatchObject({ status: 400 });
    await expect(leaderboard(null)).rejects.toMatchObject({ status: 401 });
  });

  it('adds the Murphy decomposition and the skill score to the analyst’s record', async () => {
    const record = await analystRecord(viewer, alice.id);
    expect(record.decomposition).not.toBeNull();
    const d = record.decomposition!;
    expect(d.reliability - d.resolution + d.uncertainty).toBeCloseTo(d.brier, 12);
    if (d.skill !== null) expect(d.skill).toBeCloseTo(1 - d.brier / d.uncertainty, 12);
    expect(record.calibration.every((b) => b.interval[0] <= b.freq && b.freq <= b.interval[1])).toBe(true);
  });
});

describe('the board', () => {
  it('pools by every method, keeps the community timeline, and pages', async () => {
    const { questionId } = await question(alice, 0.2);
    await addEntry(bob, questionId, { probability: 0.6 });
    const view = await getQuestion(viewer, questionId, { method: 'extremized', a: '2' });
    // Odds 1/4 and 3/2 → geometric mean √(3/8); squared: 3/8 → p = 3/11. Alice alone before: (1/4)² → 1/17.
    expect(view.aggregate).toMatchObject({ method: 'extremized', a: 2, value: expect.closeTo(3 / 11, 12), median: expect.closeTo(0.4, 12) });
    expect(view.community!.map((c) => [c.value, c.n])).toEqual([
      [expect.closeTo(1 / 17, 12), 1],
      [expect.closeTo(3 / 11, 12), 2],
    ]);
    await expect(getQuestion(viewer, questionId, { method: 'mode' })).rejects.toMatchObject({ status: 400 });
    await expect(getQuestion(viewer, questionId, { method: 'extremized', a: '0' })).rejects.toMatchObject({ status: 400 });

    const all = await listQuestions(viewer);
    const first = await listQuestionsPage(viewer, { page: '1' });
    expect(first.total).toBe(all.length);
    expect(first.questions.map((q) => q.id)).toEqual(all.slice(0, 50).map((q) => q.id));
    expect((await listQuestionsPage(viewer, { page: '99' })).questions).toEqual([]);
    await expect(listQuestionsPage(viewer, { page: '0' })).rejects.toMatchObject({ status: 400 });
  });
});
