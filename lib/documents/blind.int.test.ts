// Blind mode on real PostgreSQL: what each analyst's reads return before and after they mark
// their reading done.
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db';
import type { Actor } from '@/lib/actor';
import { loadCorpus } from '@/lib/documents/load';
import { createAnnotation, getAnnotation, listAnnotations, listHighlights } from '@/lib/annotations/service';
import { listDocuments } from './service';
import { markReadingDone, readingState, setBlind } from './blind';
import { openQuestions } from '@/lib/forecasts/board';
import { actor } from '@/test/actors';
import { target } from '@/test/fixtures';

let admin: Actor;
let alice: Actor;
let boris: Actor;
let viewer: Actor;
let slug: string;
let text: string;

function claim(quote: string) {
  return { document: slug, kind: 'CLAIM', target: target(text, quote), claim: { credibility: 3 } };
}

beforeAll(async () => {
  await loadCorpus();
  admin = await actor('admin');
  alice = await actor('alice');
  boris = await actor('boris');
  viewer = await actor('viewer', 'VIEWER');
  const doc = await prisma.document.findFirstOrThrow({ orderBy: { slug: 'asc' } });
  slug = doc.slug;
  text = doc.text;
});

const authors = (views: { author: { name: string } }[]) => [...new Set(views.map((v) => v.author.name))].sort();
/** Who the reader draws highlights of: the same rule as the list. */
const drawn = async (who: Actor) => {
  const h = await listHighlights(who, slug);
  return [...new Set(h.rows.map((r) => h.authors[r[4]].name))].sort();
};

describe('blind mode', () => {
  let borisAnnotation: string;

  it('only an admin switches it, with a clear 400 on a bad body', async () => {
    await expect(setBlind(alice, slug, { blind: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(setBlind(admin, slug, { blind: 'yes' })).rejects.toMatchObject({ code: 'INVALID', fields: { blind: expect.any(String) } });
    await expect(setBlind(admin, 'no-such-document', { blind: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await setBlind(admin, slug, { blind: true })).toMatchObject({ blind: true, done: false, revealed: false });
  });

  it('shows an analyst only their own annotations until their reading is done', async () => {
    const words = text.split(/\s+/).filter((w) => w.length > 6);
    await createAnnotation(alice, claim(words[0]));
    borisAnnotation = (await createAnnotation(boris, claim(words[1]))).id;

    expect(authors(await listAnnotations(alice, slug))).toEqual(['alice']);
    expect(authors(await listAnnotations(boris, slug))).toEqual(['boris']);
    expect(await drawn(alice)).toEqual(['alice']);
    expect(await drawn(boris)).toEqual(['boris']);
    await expect(getAnnotation(alice, borisAnnotation)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Asking for a hidden card's details by its id tells nothing either.
    expect(await listAnnotations(alice, slug, { ids: [borisAnnotation] })).toEqual([]);
    const counts = (await listDocuments(alice)).find((d) => d.slug === slug)!.counts;
    expect(counts.CLAIM).toBe(1);
    // Viewers assess nothing, so nothing is hidden from them.
    expect(authors(await listAnnotations(viewer, slug))).toEqual(['alice', 'boris']);
    expect(await drawn(viewer)).toEqual(['alice', 'boris']);

    expect(await markReadingDone(alice, slug)).toMatchObject({ blind: true, done: true, revealed: true });
    expect(authors(await listAnnotations(alice, slug))).toEqual(['alice', 'boris']);
    expect(await drawn(alice)).toEqual(['alice', 'boris']);
    expect((await listAnnotations(alice, slug, { ids: [borisAnnotation] })).map((a) => a.id)).toEqual([borisAnnotation]);
    expect((await getAnnotation(alice, borisAnnotation)).author.name).toBe('boris');
    // Boris has not finished: still only his own.
    expect(authors(await listAnnotations(boris, slug))).toEqual(['boris']);
    expect(await drawn(boris)).toEqual(['boris']);
    expect(await readingState(boris, slug)).toMatchObject({ blind: true, done: false, revealed: false });
  });

  it('offers a new forecast only the analyst’s own open questions until their reading is done', async () => {
    const words = text.split(/\s+/).filter((w) => w.length > 6);
    const forecastOn = (quote: string) => ({ ...claim(quote), kind: 'FORECAST', claim: undefined, forecast: { statement: `About ${quote}` } });
    const borisForecast = await createAnnotation(boris, forecastOn(words[2]));
    const offered = async (who: Actor) => (await openQuestions(who, slug)).map((q) => q.id);
    expect(await offered(boris)).toContain(borisForecast.forecast!.questionId);
    expect(await offered(viewer)).toContain(borisForecast.forecast!.questionId);
    const stranger = await actor('stranger');
    expect(await offered(stranger)).not.toContain(borisForecast.forecast!.questionId);
    await markReadingDone(stranger, slug);
    expect(await offered(stranger)).toContain(borisForecast.forecast!.questionId);
  });

  it('shows everything again when blind mode is switched off', async () => {
    await setBlind(admin, slug, { blind: false });
    expect(authors(await listAnnotations(boris, slug))).toEqual(['alice', 'boris']);
    expect(await readingState(boris, slug)).toMatchObject({ blind: false, revealed: true });
  });
});
