// NOTIFY in the writing transaction → LISTEN → subscribers of the document, and replay by event id.
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db';
import type { Actor } from '@/lib/actor';
import { loadCorpus } from '@/lib/documents/load';
import { createUser } from '@/lib/users/service';
import { createAnnotation, deleteAnnotation, updateAnnotation } from '@/lib/annotations/service';
import { createReply, deleteReply, updateReply } from '@/lib/threads/service';
import { type LiveEvent, latestEventId, subscribe } from './hub';

let ana: Actor;
let slug: string;
let other: string;
let text: string;

const until = async (check: () => boolean | Promise<boolean>, ms = 5000) => {
  for (const deadline = Date.now() + ms; !(await check()); ) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** The annotation an event carries (these tests expect annotation events unless they say so). */
const annotationOf = (e: LiveEvent) => {
  if (!('annotation' in e)) throw new Error(`event ${e.id} is a reply event`);
  return e.annotation;
};

const fact = (s = slug, t = text) => ({ document: s, kind: 'FACT', target: { start: 0, end: 10, exact: [...t].slice(0, 10).join('') } });

beforeAll(async () => {
  await loadCorpus();
  const u = await createUser({ email: 'ana@example.test', name: 'Ana', password: 'long enough' });
  ana = { id: u.id, email: u.email, name: u.name, role: u.role };
  const [a, b] = await prisma.document.findMany({ orderBy: { slug: 'asc' }, take: 2 });
  slug = a.slug;
  text = a.text;
  other = b.slug;
});

describe('live annotation events', () => {
  it('reach the document’s subscribers as each change commits, and only them', async () => {
    const seen: LiveEvent[] = [];
    const elsewhere: LiveEvent[] = [];
    const stop = await subscribe(ana, slug, null, (e) => seen.push(e));
    const stopOther = await subscribe(ana, other, null, (e) => elsewhere.push(e));
    const created = await createAnnotation(ana, fact());
    await updateAnnotation(ana, created.id, 1, { note: 'edited' });
    await deleteAnnotation(ana, created.id, 2);
    await until(() => seen.length === 3);
    expect(seen.map((e) => [e.type, annotationOf(e).id, annotationOf(e).version])).toEqual([
      ['CREATED', created.id, 1],
      ['UPDATED', created.id, 2],
      ['DELETED', created.id, 3],
    ]);
    expect(annotationOf(seen[1]).note).toBe('edited');
    expect(elsewhere).toEqual([]);
    stop();
    stopOther();
  });

  it('replays what a reconnecting reader missed, then goes on live, without repeats', async () => {
    const doc = await prisma.document.findUniqueOrThrow({ where: { slug } });
    const before = await latestEventId(doc.id);
    const missed = await createAnnotation(ana, fact());
    const seen: LiveEvent[] = [];
    const stop = await subscribe(ana, slug, before, (e) => seen.push(e));
    expect(seen.map((e) => annotationOf(e).id)).toEqual([missed.id]);
    const live = await createAnnotation(ana, fact());
    await until(() => seen.length === 2);
    expect(seen.map((e) => annotationOf(e).id)).toEqual([missed.id, live.id]);
    await new Promise((r) => setTimeout(r, 200));
    expect(seen).toHaveLength(2);
    stop();
  });

  it('carry reply changes with the annotation they belong to, live and on replay', async () => {
    const doc = await prisma.document.findUniqueOrThrow({ where: { slug } });
    const annotation = await createAnnotation(ana, fact());
    const before = await latestEventId(doc.id);
    const seen: LiveEvent[] = [];
    const stop = await subscribe(ana, slug, null, (e) => seen.push(e));
    const reply = await createReply(ana, annotation.id, { body: 'Is this sourced?' });
    await updateReply(ana, reply.id, 1, { body: 'Is this sourced at all?' });
    await deleteReply(ana, reply.id, 2);
    await until(() => seen.length === 3);
    const replies = seen.map((e) => ('reply' in e ? [e.type, e.annotationId, e.reply.id, e.reply.version, e.reply.body] : e));
    expect(replies).toEqual([
      ['CREATED', annotation.id, reply.id, 1, 'Is this sourced?'],
      ['UPDATED', annotation.id, reply.id, 2, 'Is this sourced at all?'],
      ['DELETED', annotation.id, reply.id, 3, 'Is this sourced at all?'],
    ]);
    stop();

    const replayed: LiveEvent[] = [];
    const stopReplay = await subscribe(ana, slug, before, (e) => replayed.push(e));
    expect(replayed).toEqual(seen);
    stopReplay();
  });

  it('tells every reader of a document who else has it open, as people come and go', async () => {
    const u = await createUser({ email: 'ben@example.test', name: 'Ben', password: 'long enough' });
    const ben: Actor = { id: u.id, email: u.email, name: u.name, role: u.role };
    let anaSees: { name: string }[] = [];
    const stopAna = await subscribe(ana, slug, null, () => {}, (v) => (anaSees = v));
    await until(() => anaSees.map((v) => v.name).join() === 'Ana');
    const stopBen = await subscribe(ben, slug, null, () => {});
    await until(() => anaSees.map((v) => v.name).join() === 'Ana,Ben');
    stopBen();
    await until(() => anaSees.map((v) => v.name).join() === 'Ana');
    stopAna();
    await until(async () => (await prisma.presence.count()) === 0);
  });

  it('reads a Last-Event-ID it cannot use (out of range, from the future) as none: it follows from now, live', async () => {
    await createAnnotation(ana, fact()); // history the reader must not be sent again
    for (const after of ['9999999999999999999', '99999999999999999999', '1-99999999999999999999', '99999999999999999999-1', '9000000000000000000-1', '9000000000000000000']) {
      const seen: LiveEvent[] = [];
      const stop = await subscribe(ana, slug, after, (e) => seen.push(e));
      expect(seen, after).toEqual([]);
      const live = await createAnnotation(ana, fact());
      await until(() => seen.length === 1).catch(() => {
        throw new Error(`no live event after Last-Event-ID ${after}`);
      });
      expect(annotationOf(seen[0]).id, after).toBe(live.id);
      stop();
    }
  });

  it('refuses anonymous readers and unknown documents', async () => {
    await expect(subscribe(null, slug, null, () => {})).rejects.toMatchObject({ status: 401 });
    await expect(subscribe(ana, 'nope', null, () => {})).rejects.toMatchObject({ status: 404 });
  });
});

describe('blind mode on the live stream', () => {
  it('keeps others’ annotations and replies from an analyst until their reading is done', async () => {
    const u = await createUser({ email: 'ben.blind@example.test', name: 'Ben', password: 'long enough' });
    const ben: Actor = { id: u.id, email: u.email, name: u.name, role: u.role };
    await prisma.document.update({ where: { slug: other }, data: { blind: true } });
    const otherText = (await prisma.document.findUniqueOrThrow({ where: { slug: other } })).text;
    const seen: LiveEvent[] = [];
    const stop = await subscribe(ana, other, null, (e) => seen.push(e));

    const bens = await createAnnotation(ben, fact(other, otherText));
    await createReply(ben, bens.id, { body: 'my own thoughts' });
    const anas = await createAnnotation(ana, fact(other, otherText));
    await until(() => seen.length >= 1);
    await new Promise((r) => setTimeout(r, 300)); // anything wrongly delivered would have arrived by now
    expect(seen.map((e) => annotationOf(e).id)).toEqual([anas.id]);
    stop();

    // Done: a fresh subscription replays Ben's work too.
    await prisma.readingDone.create({ data: { documentId: bens.documentId, userId: ana.id } });
    const replayed: LiveEvent[] = [];
    const stopReplay = await subscribe(ana, other, '0', (e) => replayed.push(e));
    await until(() => replayed.length === 3);
    expect(replayed.map((e) => ('reply' in e ? 'reply' : annotationOf(e).author.name))).toEqual(['Ben', 'reply', 'Ana']);
    stopReplay();
  });
});
