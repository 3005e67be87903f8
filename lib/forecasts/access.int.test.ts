// A question hidden from a reader — by blind mode (seesQuestion) or because its document is archived
// (seesDocument) — is absent for every method: not on the board, 404 by id, and every write to it
// (an entry, an edit, a resolution, a re-opening, a clarification) is 404 and changes nothing
// (a fresh database for this file).
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db';
import type { Actor } from '@/lib/actor';
import { actor } from '@/test/actors';
import { loadCorpus } from '@/lib/documents/load';
import { createAnnotation } from '@/lib/annotations/service';
import { setBlind } from '@/lib/documents/blind';
import { archiveDocument, restoreDocument } from '@/lib/documents/manage';
import { addEntry } from './entries';
import { getQuestion, listQuestions, listQuestionsPage } from './board';
import { addClarification, reopenQuestion, resolveQuestion, updateQuestion } from './resolution';

let admin: Actor;
let alice: Actor;
let bob: Actor;
let viewer: Actor;

/** A new question opened by `who` on the first words of `doc`, with a first probability. */
async function question(who: Actor, doc: { slug: string; text: string }, p = 0.4) {
  const exact = [...doc.text].slice(0, 12).join('');
  const a = await createAnnotation(who, {
    document: doc.slug,
    kind: 'FORECAST',
    target: { start: 0, end: 12, exact },
    forecast: { statement: 'Something happens', probability: p, resolveBy: '2099-06-30' },
    questionId: 'new',
  });
  return a.forecast!.questionId!;
}

/** What a question is made of, to show that a refused write changed nothing. */
const snapshot = async (id: string) => ({
  question: await prisma.forecastQuestion.findUniqueOrThrow({ where: { id } }),
  entries: await prisma.forecastEntry.count({ where: { questionId: id } }),
  clarifications: await prisma.forecastClarification.count({ where: { questionId: id } }),
  reopenings: await prisma.forecastReopening.count({ where: { questionId: id } }),
});

/** Every way in to one question, each expected to be 404 for `who`. */
async function expectAbsent(who: Actor, id: string) {
  const before = await snapshot(id);
  await expect(getQuestion(who, id), 'get').rejects.toMatchObject({ code: 'NOT_FOUND' });
  expect((await listQuestions(who)).some((q) => q.id === id), 'board').toBe(false);
  const page = await listQuestionsPage(who, { page: 1 });
  expect(page.questions.some((q) => q.id === id), 'board page').toBe(false);
  await expect(addEntry(who, id, { probability: 0.7 }), 'entry').rejects.toMatchObject({ code: 'NOT_FOUND' });
  await expect(updateQuestion(who, id, { criteria: 'changed' }), 'edit').rejects.toMatchObject({ code: 'NOT_FOUND' });
  if (who.role === 'ADMIN') {
    await expect(resolveQuestion(who, id, { outcome: 'YES', note: 'n' }), 'resolve').rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(reopenQuestion(who, id, { note: 'n' }), 'reopen').rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(addClarification(who, id, { text: 'c' }), 'clarify').rejects.toMatchObject({ code: 'NOT_FOUND' });
  }
  expect(await snapshot(id)).toEqual(before);
}

beforeAll(async () => {
  await loadCorpus();
  admin = await actor('admin', 'ADMIN');
  alice = await actor('alice');
  bob = await actor('bob');
  viewer = await actor('viewer', 'VIEWER');
});

describe('questions hidden from the reader', () => {
  it('on a blind document: absent to an analyst or admin who neither opened nor forecast it, for every method', async () => {
    const doc = await prisma.document.findFirstOrThrow({ where: { archivedAt: null }, orderBy: { slug: 'asc' } });
    const id = await question(alice, doc);
    await setBlind(admin, doc.slug, { blind: true });
    try {
      await expectAbsent(bob, id);
      await expectAbsent(admin, id);
      // Its creator and viewers still see it; the creator still forecasts on it.
      expect((await getQuestion(viewer, id)).id).toBe(id);
      expect(await addEntry(alice, id, { probability: 0.6 })).toMatchObject({ probability: 0.6 });
    } finally {
      await setBlind(admin, doc.slug, { blind: false });
    }
    // Out of blind mode the admin manages it as any other.
    expect(await resolveQuestion(admin, id, { outcome: 'NO', note: 'settled' })).toMatchObject({ outcome: 'NO' });
  });

  it('on an archived document: absent to all but admins, for every method', async () => {
    const doc = await prisma.document.findFirstOrThrow({ where: { archivedAt: null }, orderBy: { slug: 'desc' } });
    const id = await question(alice, doc);
    await archiveDocument(admin, doc.slug);
    try {
      await expectAbsent(alice, id);
      await expectAbsent(bob, id);
      await expect(getQuestion(viewer, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect((await listQuestions(viewer)).some((q) => q.id === id)).toBe(false);
      // Admins see what is archived, and may still manage it.
      expect((await getQuestion(admin, id)).id).toBe(id);
      expect((await listQuestions(admin)).some((q) => q.id === id)).toBe(true);
      expect(await addClarification(admin, id, { text: 'kept while archived' })).toMatchObject({ text: 'kept while archived' });
    } finally {
      await restoreDocument(admin, doc.slug);
    }
    expect((await getQuestion(bob, id)).id).toBe(id);
  });
});
