// Threads on real PostgreSQL: replies, their permissions and versions, and their place in history.
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db';
import type { Actor } from '@/lib/actor';
import { loadCorpus } from '@/lib/documents/load';
import { annotationHistory, createAnnotation, deleteAnnotation } from '@/lib/annotations/service';
import type { AnnotationView } from '@/lib/annotations/schemas';
import { createReply, deleteReply, listDocumentReplies, listReplies, updateReply } from './service';
import { archiveDocument, restoreDocument } from '@/lib/documents/manage';
import { actor } from '@/test/actors';

let admin: Actor;
let alice: Actor;
let bob: Actor;
let viewer: Actor;
let slug: string;
let text: string;
let annotation: AnnotationView;

const fact = (s = slug, t = text) => ({ document: s, kind: 'FACT', target: { start: 0, end: 10, exact: [...t].slice(0, 10).join('') } });

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  await loadCorpus();
  admin = await actor('admin');
  alice = await actor('alice');
  bob = await actor('bob');
  viewer = await actor('viewer', 'VIEWER');
  const doc = await prisma.document.findFirstOrThrow({ orderBy: { slug: 'asc' } });
  slug = doc.slug;
  text = doc.text;
  annotation = await createAnnotation(alice, fact());
});

describe('replies', () => {
  it('are created by writers and listed oldest first with author and time', async () => {
    const first = await createReply(bob, annotation.id, { body: '  Which source says so?  ' });
    const second = await createReply(alice, annotation.id, { body: 'The ministry’s own report.' });
    expect(first).toMatchObject({ annotationId: annotation.id, author: { id: bob.id, name: 'bob' }, body: 'Which source says so?', version: 1 });
    expect(Date.parse(first.createdAt)).not.toBeNaN();
    const thread = await listReplies(viewer, annotation.id);
    expect(thread.map((r) => r.id)).toEqual([first.id, second.id]);
    expect((await listDocumentReplies(viewer, slug)).map((r) => r.id)).toEqual(expect.arrayContaining([first.id, second.id]));
    await expect(createReply(viewer, annotation.id, { body: 'me too' })).rejects.toMatchObject({ status: 403 });
    await expect(createReply(null, annotation.id, { body: 'me too' })).rejects.toMatchObject({ status: 401 });
  });

  it('refuses an empty body (400) and an unknown annotation (404)', async () => {
    await expect(createReply(bob, annotation.id, { body: '   ' })).rejects.toMatchObject({ status: 400, fields: { body: expect.any(String) } });
    await expect(createReply(bob, annotation.id, {})).rejects.toMatchObject({ status: 400, fields: { body: expect.any(String) } });
    await expect(createReply(bob, UNKNOWN, { body: 'hello' })).rejects.toMatchObject({ status: 404 });
    await expect(createReply(bob, 'nope', { body: 'hello' })).rejects.toMatchObject({ status: 404 });
    await expect(listReplies(bob, UNKNOWN)).rejects.toMatchObject({ status: 404 });
  });

  it('are edited by their author only, against the version they saw', async () => {
    const reply = await createReply(bob, annotation.id, { body: 'first draft' });
    const edited = await updateReply(bob, reply.id, 1, { body: 'second draft' });
    expect(edited).toMatchObject({ id: reply.id, body: 'second draft', version: 2 });
    await expect(updateReply(alice, reply.id, 2, { body: 'not mine' })).rejects.toMatchObject({ status: 403 });
    await expect(updateReply(admin, reply.id, 2, { body: 'not mine either' })).rejects.toMatchObject({ status: 403 });
    await expect(updateReply(bob, reply.id, 1, { body: 'stale' })).rejects.toMatchObject({ status: 409, detail: { currentVersion: 2 } });
    await expect(updateReply(bob, reply.id, undefined, { body: 'which version?' })).rejects.toMatchObject({ status: 400 });
    await expect(updateReply(bob, reply.id, 2, { body: '' })).rejects.toMatchObject({ status: 400 });
    await expect(updateReply(bob, UNKNOWN, 1, { body: 'ghost' })).rejects.toMatchObject({ status: 404 });
    expect((await listReplies(bob, annotation.id)).find((r) => r.id === reply.id)?.body).toBe('second draft');
  });

  it('are deleted softly by their author or an admin, not by others', async () => {
    const mine = await createReply(bob, annotation.id, { body: 'retracted soon' });
    const moderated = await createReply(bob, annotation.id, { body: 'off topic' });
    await expect(deleteReply(alice, mine.id)).rejects.toMatchObject({ status: 403 });
    await expect(deleteReply(bob, mine.id, 7)).rejects.toMatchObject({ status: 409 });
    await deleteReply(bob, mine.id, 1);
    await deleteReply(admin, moderated.id);
    const ids = (await listReplies(alice, annotation.id)).map((r) => r.id);
    expect(ids).not.toContain(mine.id);
    expect(ids).not.toContain(moderated.id);
    const row = await prisma.reply.findUniqueOrThrow({ where: { id: mine.id } });
    expect(row.deletedAt).not.toBeNull();
    expect(row.version).toBe(2);
    await expect(updateReply(bob, mine.id, 2, { body: 'zombie' })).rejects.toMatchObject({ status: 404 });
    await expect(deleteReply(bob, mine.id)).rejects.toMatchObject({ status: 404 });
  });

  it('are kept in the annotation’s history beside its own changes', async () => {
    const a = await createAnnotation(alice, fact());
    const reply = await createReply(bob, a.id, { body: 'Really?' });
    await updateReply(bob, reply.id, 1, { body: 'Really? Source?' });
    await deleteReply(bob, reply.id, 2);
    await deleteAnnotation(alice, a.id, 1);
    const history = await annotationHistory(alice, a.id);
    expect(history.map((h) => [h.type, h.version, h.actor.id, h.reply?.id ?? null])).toEqual([
      ['CREATED', 1, alice.id, null],
      ['CREATED', 1, bob.id, reply.id],
      ['UPDATED', 2, bob.id, reply.id],
      ['DELETED', 3, bob.id, reply.id],
      ['DELETED', 2, alice.id, null],
    ]);
    expect(history[2].reply).toMatchObject({ body: 'Really? Source?', author: { id: bob.id }, annotationId: a.id });
    // A reply entry shows the annotation as it stood then.
    expect(history[1].snapshot).toMatchObject({ id: a.id, version: 1 });
  });

  it('go with their annotation: none on a deleted one', async () => {
    const a = await createAnnotation(alice, fact());
    await createReply(bob, a.id, { body: 'soon gone' });
    await deleteAnnotation(alice, a.id, 1);
    await expect(listReplies(bob, a.id)).rejects.toMatchObject({ status: 404 });
    await expect(createReply(bob, a.id, { body: 'too late' })).rejects.toMatchObject({ status: 404 });
    expect((await listDocumentReplies(bob, slug)).some((r) => r.annotationId === a.id)).toBe(false);
  });
});

describe('replies in blind mode', () => {
  it('are as hidden as the annotation they answer', async () => {
    const blind = await prisma.document.findFirstOrThrow({ where: { slug: { not: slug } }, orderBy: { slug: 'asc' } });
    await prisma.document.update({ where: { id: blind.id }, data: { blind: true } });
    const a = await createAnnotation(alice, fact(blind.slug, blind.text));
    const reply = await createReply(alice, a.id, { body: 'note to self' });
    await expect(listReplies(bob, a.id)).rejects.toMatchObject({ status: 404 });
    await expect(createReply(bob, a.id, { body: 'peeking' })).rejects.toMatchObject({ status: 404 });
    await expect(deleteReply(bob, reply.id)).rejects.toMatchObject({ status: 404 });
    expect(await listDocumentReplies(bob, blind.slug)).toEqual([]);
    expect((await listReplies(viewer, a.id)).map((r) => r.id)).toEqual([reply.id]);
    // Once bob's reading is done, everyone's work (and its threads) is his to see.
    await prisma.readingDone.create({ data: { userId: bob.id, documentId: blind.id } });
    expect((await listReplies(bob, a.id)).map((r) => r.id)).toEqual([reply.id]);
    expect((await listDocumentReplies(bob, blind.slug)).map((r) => r.id)).toEqual([reply.id]);
  });
});

describe('replies on an archived document', () => {
  it('are absent to all but admins, even to their own authors, for every method', async () => {
    const other = await prisma.document.findFirstOrThrow({ where: { slug: { not: slug } }, orderBy: { slug: 'desc' } });
    const a = await createAnnotation(alice, fact(other.slug, other.text));
    const reply = await createReply(alice, a.id, { body: 'before the archive' });
    await archiveDocument(admin, other.slug);
    try {
      for (const who of [alice, bob, viewer]) {
        await expect(listReplies(who, a.id), who.name).rejects.toMatchObject({ status: 404 });
        expect(await listDocumentReplies(who, other.slug), who.name).toEqual([]);
      }
      await expect(createReply(alice, a.id, { body: 'after' })).rejects.toMatchObject({ status: 404 });
      await expect(updateReply(alice, reply.id, 1, { body: 'changed' })).rejects.toMatchObject({ status: 404 });
      await expect(deleteReply(alice, reply.id)).rejects.toMatchObject({ status: 404 });
      expect(await prisma.reply.findUniqueOrThrow({ where: { id: reply.id } })).toMatchObject({ body: 'before the archive', version: 1, deletedAt: null });
      expect((await listReplies(admin, a.id)).map((r) => r.id)).toEqual([reply.id]);
    } finally {
      await restoreDocument(admin, other.slug);
    }
  });
});
