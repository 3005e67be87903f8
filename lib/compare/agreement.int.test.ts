// The statistics read through the packed per-author query equal the ones computed the plain way:
// every visible annotation read as a row, labelled and merged by the reference functions.
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db';
import type { Actor } from '@/lib/actor';
import { loadCorpus } from '@/lib/documents/load';
import { cpLength } from '@/lib/anchoring/codepoints';
import type { MarkedUnit } from '@/lib/agreement';
import { visibleTo } from '@/lib/visibility';
import { sentenceLabels, sentenceRanges } from './sentences';
import { sentenceStats, spanStats } from './stats';
import { compareDocument, corpusAgreement, documentAgreement } from './service';
import type { CompareAnnotation, Label } from './types';
import { actor } from '@/test/actors';

const KINDS = ['CLAIM', 'FORECAST', 'FACT'] as const;
let analysts: Actor[];
let docs: { id: string; slug: string; text: string }[];

beforeAll(async () => {
  await loadCorpus();
  analysts = [];
  for (const name of ['ann', 'ben', 'cat', 'dan']) analysts.push(await actor(name));
  docs = await prisma.document.findMany({ select: { id: true, slug: true, text: true }, orderBy: { slug: 'asc' } });
  let s = 11;
  const random = (n: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return Math.floor((s / 2147483648) * n);
  };
  // Overlapping passages of every kind; a handful of instants, so many annotations of one author
  // share a createdAt and the id has to settle their order.
  const instants = [0, 1, 2].map((i) => new Date(Date.UTC(2026, 0, 1, 0, 0, i)));
  for (const doc of docs.slice(0, 3)) {
    const length = cpLength(doc.text);
    const data = Array.from({ length: 300 }, () => {
      const start = random(length - 200);
      return {
        documentId: doc.id,
        authorId: analysts[random(analysts.length)].id,
        kind: KINDS[random(3)],
        start,
        end: start + 1 + random(180),
        exact: 'x',
        prefix: '',
        suffix: '',
        textHash: 'bench',
        createdAt: instants[random(instants.length)],
        orphan: random(40) === 0,
        deletedAt: random(40) === 0 ? new Date() : null,
      };
    });
    await prisma.annotation.createMany({ data });
  }
  // Blind, and only ann has finished it: the others see only their own there.
  await prisma.document.update({ where: { id: docs[1].id }, data: { blind: true } });
  await prisma.readingDone.create({ data: { documentId: docs[1].id, userId: analysts[0].id } });
});

/** The statistics as report() computed them before packing: one object per annotation row. */
async function plainReport(reader: Actor, slugs: string[]) {
  const chosen = [...analysts].sort((a, b) => a.name.localeCompare(b.name)).map((a) => a.id);
  const labels: (Label | null)[][] = chosen.map(() => []);
  const spans: MarkedUnit[] = [];
  let offset = 0;
  for (const slug of slugs) {
    const doc = docs.find((d) => d.slug === slug)!;
    const rows = await prisma.annotation.findMany({
      where: { AND: [{ documentId: doc.id, deletedAt: null, orphan: false }, visibleTo(reader)] },
      select: { id: true, authorId: true, kind: true, start: true, end: true, createdAt: true },
    });
    const annotations: CompareAnnotation[] = rows.map((r) => ({ ...r, createdAt: r.createdAt.getTime() }));
    const readings = await prisma.readingDone.findMany({ where: { documentId: doc.id }, select: { userId: true } });
    const coded = new Set([...annotations.map((a) => a.authorId), ...readings.map((r) => r.userId)]);
    sentenceLabels(sentenceRanges(doc.text), annotations, chosen, coded).forEach((row, r) => labels[r].push(...row));
    for (const a of annotations) spans.push({ coder: a.authorId, category: a.kind, start: a.start + offset, end: a.end + offset });
    offset += cpLength(doc.text);
  }
  return { sentences: sentenceStats(labels, chosen), spans: spanStats(offset, spans, chosen) };
}

/** Unitizing α sums in another order here than there: equal to 12 significant digits. */
const rounded = (value: unknown) => JSON.parse(JSON.stringify(value, (_, v) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v)));

describe('agreement from packed reads', () => {
  it('equals the plain computation per document, ties on createdAt included', async () => {
    for (const doc of docs.slice(0, 3)) {
      const report = await documentAgreement(analysts[0], doc.slug);
      expect(report.spans.all.units).toBeGreaterThan(0);
      expect(rounded({ sentences: report.sentences, spans: report.spans })).toEqual(rounded(await plainReport(analysts[0], [doc.slug])));
      const compare = await compareDocument(analysts[0], doc.slug);
      expect(rounded(compare.agreement)).toEqual(rounded(report));
    }
  });

  it('equals the plain computation over the corpus, for a reader who has not finished the blind document', async () => {
    const report = await corpusAgreement(analysts[1]);
    expect(report.excluded.map((e) => e.slug)).toEqual([docs[1].slug]);
    const slugs = report.documents.map((d) => d.slug);
    expect(rounded({ sentences: report.sentences, spans: report.spans })).toEqual(rounded(await plainReport(analysts[1], slugs)));
    const finished = await corpusAgreement(analysts[0]);
    expect(finished.excluded).toEqual([]);
    expect(rounded({ sentences: finished.sentences, spans: finished.spans })).toEqual(rounded(await plainReport(analysts[0], finished.documents.map((d) => d.slug))));
  });
});
