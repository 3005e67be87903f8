// Calendar dates at the services' doors on real PostgreSQL: ISO 8601 (and zod) accept year 0000, but
// PostgreSQL's date has no year 0, so such a date is a 400 naming the field, never a 500 from the
// database, and nothing is written (a fresh database for this file).
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db';
import type { Actor } from '@/lib/actor';
import { actor } from '@/test/actors';
import { loadCorpus } from '@/lib/documents/load';
import { addDocument } from '@/lib/documents/manage';
import { createAnnotation } from '@/lib/annotations/service';
import { updateQuestion } from '@/lib/forecasts/resolution';
import { search } from '@/lib/search/service';

const YEAR_ZERO = '0000-01-01';
let admin: Actor;
let doc: { slug: string; text: string };

beforeAll(async () => {
  await loadCorpus();
  admin = await actor('admin', 'ADMIN');
  doc = await prisma.document.findFirstOrThrow({ orderBy: { slug: 'asc' }, select: { slug: true, text: true } });
});

const forecast = (fields: object) => ({
  document: doc.slug,
  kind: 'FORECAST',
  target: { start: 0, end: 12, exact: [...doc.text].slice(0, 12).join('') },
  forecast: { statement: 'Something happens', probability: 0.4, ...fields },
  questionId: 'new',
});

describe('year 0000', () => {
  it('is a 400 naming the field wherever a calendar date is taken, and nothing is written', async () => {
    const documents = await prisma.document.count();
    await expect(addDocument(admin, { json: { format: 'text', content: 'Dated text', publishedAt: YEAR_ZERO } })).rejects.toMatchObject({
      status: 400,
      fields: { publishedAt: expect.any(String) },
    });
    expect(await prisma.document.count()).toBe(documents);

    const annotations = await prisma.annotation.count();
    await expect(createAnnotation(admin, forecast({ resolveBy: YEAR_ZERO }))).rejects.toMatchObject({
      status: 400,
      fields: { 'forecast.resolveBy': expect.any(String) },
    });
    expect(await prisma.annotation.count()).toBe(annotations);

    const questionId = (await createAnnotation(admin, forecast({ resolveBy: '2099-06-30' }))).forecast!.questionId!;
    await expect(updateQuestion(admin, questionId, { resolveBy: YEAR_ZERO })).rejects.toMatchObject({
      status: 400,
      fields: { resolveBy: expect.any(String) },
    });
    expect(await prisma.forecastQuestion.findUniqueOrThrow({ where: { id: questionId } })).toMatchObject({ resolveBy: new Date('2099-06-30T00:00:00Z') });

    await expect(search(admin, { q: 'belarus', from: YEAR_ZERO })).rejects.toMatchObject({ status: 400, fields: { from: expect.any(String) } });
    await expect(search(admin, { q: 'belarus', to: YEAR_ZERO })).rejects.toMatchObject({ status: 400, fields: { to: expect.any(String) } });
  });

  it('leaves year 1 and the far future as they were', async () => {
    const added = await addDocument(admin, { json: { format: 'text', content: 'Oldest text', publishedAt: '0001-01-01' } });
    expect(added).toMatchObject({ publishedAt: '0001-01-01' });
    expect((await search(admin, { q: 'belarus', from: '0001-01-01', to: '9999-12-31' })).total).toBeGreaterThan(0);
  });
});
