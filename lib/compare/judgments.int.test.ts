// The judgment statistics (issue #10) equal a plain computation over the rows: every visible
// annotation read through Prisma with its sources, others' probabilities hidden by the rule written
// out here, matched into rows, and α computed on the full analysts × rows matrix of each field.
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db';
import type { Actor } from '@/lib/actor';
import { krippendorffAlpha, type MeasurementLevel } from '@/lib/agreement';
import { loadCorpus } from '@/lib/documents/load';
import { cpLength } from '@/lib/anchoring/codepoints';
import { visibleTo } from '@/lib/visibility';
import { matchRows } from './rows';
import { corpusAgreement, documentAgreement, warmUpsSettled } from './service';
import { clearCompareCaches, type DocumentRow, holdsAnnotations } from './load';
import { forgetStoredResults, KEEP_RESULTS_DAYS, pruneStoredResults, storesSettled } from './results';
import { disagreementQueue } from './queue';
import { reliabilityRank, sourceKey } from './judgments';
import type { CompareAnnotation } from './types';
import { actor } from '@/test/actors';

const KINDS = ['CLAIM', 'FORECAST', 'FACT'] as const;
const STATUSES = ['VERIFIED', 'DISPUTED', 'FALSE', 'UNVERIFIED'] as const;
const URLS = ['https://a.test/1', 'https://b.test/2', 'https://c.test/3'];
let analysts: Actor[];
let docs: { id: string; slug: string; text: string }[];

beforeAll(async () => {
  await loadCorpus();
  analysts = [];
  for (const name of ['ann', 'ben', 'cat', 'dan']) analysts.push(await actor(name));
  docs = await prisma.document.findMany({ select: { id: true, slug: true, text: true }, orderBy: { slug: 'asc' }, take: 3 });
  let s = 5;
  const random = (n: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return Math.floor((s / 2147483648) * n);
  };
  for (const doc of docs) {
    const length = cpLength(doc.text);
    // Questions: some the reader (ann) forecast on, one resolved, the rest hidden from her.
    const questions = [];
    for (let q = 0; q < 4; q++) {
      const question = await prisma.forecastQuestion.create({
        data: { documentId: doc.id, start: 0, end: 5, exact: 'x', statement: `Q${q}`, createdById: analysts[1].id, outcome: q === 3 ? 'YES' : null },
      });
      if (q === 0) await prisma.forecastEntry.create({ data: { questionId: question.id, analystId: analysts[0].id, probability: 0.4 } });
      questions.push(question.id);
    }
    // Passages each marked by a few analysts with jittered ends, mostly one kind, random judgments.
    for (let p = 0; p < 60; p++) {
      const start = random(length - 200);
      const size = 20 + random(100);
      const kind = KINDS[random(3)];
      for (const who of analysts) {
        if (random(4) === 0) continue;
        const k = random(5) === 0 ? KINDS[random(3)] : kind;
        const created = await prisma.annotation.create({
          data: {
            documentId: doc.id,
            authorId: who.id,
            kind: k,
            start: start + random(5),
            end: start + size + random(5),
            exact: 'x',
            prefix: '',
            suffix: '',
            textHash: 'test',
            credibility: k === 'CLAIM' && random(6) > 0 ? 1 + random(6) : null,
            factStatus: k === 'FACT' && random(6) > 0 ? STATUSES[random(4)] : null,
            probability: k === 'FORECAST' && random(6) > 0 ? random(101) / 100 : null,
            questionId: k === 'FORECAST' ? questions[random(4)] : null,
            deletedAt: random(30) === 0 ? new Date() : null,
          },
        });
        if (random(2) === 0) {
          await prisma.source.create({
            data: { annotationId: created.id, position: 0, url: URLS[random(3)], relation: 'SUPPORTS', reliability: random(5) > 0 ? 'ABCDEF'[random(6)] : null },
          });
        }
      }
    }
  }
  // Blind, and the reader has not marked it done: it drops out of her corpus statistics.
  await prisma.document.update({ where: { id: docs[1].id }, data: { blind: true } });
});

/** The rows of one document the plain way. */
async function plainRows(reader: Actor, documentId: string, ids: string[]) {
  const rows = await prisma.annotation.findMany({
    where: { documentId, deletedAt: null, orphan: false, ...visibleTo(reader) },
    include: { sources: { orderBy: { position: 'asc' } }, question: { select: { outcome: true, entries: { where: { analystId: reader.id }, select: { id: true } } } } },
  });
  let hidden = 0;
  const annotations: CompareAnnotation[] = rows.map((a) => {
    const masked =
      a.kind === 'FORECAST' && a.authorId !== reader.id && a.probability !== null && a.question !== null && a.question.outcome === null && a.question.entries.length === 0;
    if (masked && ids.includes(a.authorId)) hidden++;
    return {
      id: a.id,
      authorId: a.authorId,
      kind: a.kind,
      start: a.start,
      end: a.end,
      createdAt: a.createdAt.getTime(),
      fields: {
        credibility: a.kind === 'CLAIM' ? a.credibility : undefined,
        status: a.kind === 'FACT' ? a.factStatus : undefined,
        probability: a.kind === 'FORECAST' && !masked ? a.probability : null,
        hidden: masked || undefined,
        sources: a.sources.filter((x) => x.reliability).map((x) => ({ url: x.url, reliability: x.reliability })),
      },
    };
  });
  return { rows: matchRows(annotations, ids), hidden };
}

type Field = 'credibility' | 'factStatus' | 'probability' | 'reliability';

/** α over the full matrix: analysts × units, null where missing (krippendorffAlpha drops single values itself). */
function plainAlpha(rows: ReturnType<typeof matchRows>, ids: string[], field: Field, level: MeasurementLevel, only?: [number, number]) {
  const who = only ?? ids.map((_, i) => i);
  const matrix: (number | string | null)[][] = who.map(() => []);
  for (const row of rows) {
    if (field === 'reliability') {
      const keys = new Set(row.cells.flatMap((c) => (c?.fields?.sources ?? []).map((x) => sourceKey(x)!)));
      for (const key of keys) {
        who.forEach((w, r) => {
          const source = row.cells[w]?.fields?.sources?.find((x) => sourceKey(x) === key);
          matrix[r].push(source ? reliabilityRank(source.reliability) : null);
        });
      }
      continue;
    }
    who.forEach((w, r) => {
      const c = row.cells[w];
      const value =
        field === 'credibility' ? (c?.kind === 'CLAIM' ? c.fields?.credibility : null)
        : field === 'factStatus' ? (c?.kind === 'FACT' ? c.fields?.status : null)
        : c?.kind === 'FORECAST' ? c.fields?.probability : null;
      matrix[r].push(value ?? null);
    });
  }
  const pairable = matrix[0].filter((_, u) => matrix.filter((row) => row[u] !== null).length >= 2).length;
  const alpha = krippendorffAlpha(matrix, level);
  return { value: Number.isFinite(alpha) ? alpha : null, units: pairable };
}

const LEVELS: Record<Field, MeasurementLevel> = { credibility: 'ordinal', factStatus: 'nominal', probability: 'interval', reliability: 'ordinal' };

function expectEqual(judgments: NonNullable<Awaited<ReturnType<typeof documentAgreement>>['judgments']>, rows: ReturnType<typeof matchRows>, hidden: number, ids: string[]) {
  for (const field of Object.keys(LEVELS) as Field[]) {
    const plain = plainAlpha(rows, ids, field, LEVELS[field]);
    const stat = judgments[field];
    expect(stat.units, field).toBe(plain.units);
    if (plain.value === null) expect(stat.value, field).toBeNull();
    else expect(stat.value, field).toBeCloseTo(plain.value, 9);
    for (const pair of stat.pairs) {
      const p = plainAlpha(rows, ids, field, LEVELS[field], [ids.indexOf(pair.a), ids.indexOf(pair.b)]);
      expect(pair.units, `${field} pair`).toBe(p.units);
      if (p.value === null) expect(pair.value).toBeNull();
      else expect(pair.value).toBeCloseTo(p.value, 9);
    }
  }
  expect(judgments.probability.dropped).toBe(hidden);
  // Mean |Δ| of probabilities, in points, over every pair of values within a row.
  let sum = 0;
  let count = 0;
  for (const row of rows) {
    const values = row.cells.flatMap((c) => (c?.kind === 'FORECAST' && c.fields?.probability != null ? [c.fields.probability] : []));
    for (let i = 0; i < values.length; i++) for (let j = i + 1; j < values.length; j++) (sum += Math.abs(values[i] - values[j])), count++;
  }
  expect(judgments.probability.meanAbsDiff).toBeCloseTo((sum / count) * 100, 9);
}

describe('judgment statistics', () => {
  it('equal the plain computation per document, with missing values, other kinds in a row and hidden probabilities', async () => {
    const reader = analysts[0];
    const ids = [...analysts].sort((a, b) => a.name.localeCompare(b.name)).map((a) => a.id);
    for (const doc of [docs[0], docs[2]]) {
      const report = await documentAgreement(reader, doc.slug);
      const { rows, hidden } = await plainRows(reader, doc.id, ids);
      expect(rows.some((r) => r.status === 'kinds differ')).toBe(true);
      expect(hidden).toBeGreaterThan(0);
      expectEqual(report.judgments!, rows, hidden, ids);
      expect(report.judgments!.probability.droppedReason).toMatch(/hidden/);
    }
  });

  it('equal the plain computation over the corpus, leaving out the blind document the reader has not finished', async () => {
    const reader = analysts[0];
    const ids = [...analysts].sort((a, b) => a.name.localeCompare(b.name)).map((a) => a.id);
    const report = await corpusAgreement(reader);
    expect(report.excluded.map((d) => d.slug)).toContain(docs[1].slug);
    const all = await prisma.document.findMany({ where: { NOT: { id: docs[1].id } }, select: { id: true } });
    const pooled = await Promise.all(all.map((d) => plainRows(reader, d.id, ids)));
    expectEqual(report.judgments!, pooled.flatMap((p) => p.rows), pooled.reduce((n, p) => n + p.hidden, 0), ids);
  });

  it('a viewer sees every probability: nothing dropped', async () => {
    const viewer = await actor('vera', 'VIEWER');
    const report = await documentAgreement(viewer, docs[0].slug);
    expect(report.judgments!.probability.dropped).toBe(0);
  });

  it('for two chosen analysts, equals the pair entry of the full report', async () => {
    const reader = analysts[0];
    const [a, b] = [analysts[1], analysts[2]].sort((x, y) => x.name.localeCompare(y.name));
    const full = await documentAgreement(reader, docs[0].slug);
    const two = await documentAgreement(reader, docs[0].slug, [a.id, b.id]);
    const { rows } = await plainRows(reader, docs[0].id, [a.id, b.id]);
    const plain = plainAlpha(rows, [a.id, b.id], 'credibility', 'ordinal');
    expect(two.judgments!.credibility.units).toBe(plain.units);
    expect(full.judgments!.credibility.pairs.find((p) => p.a === a.id && p.b === b.id)).toBeDefined();
  });
});

describe('judgment statistics after an edit', () => {
  it('recompute only the fields the edit touched, per document and over the corpus, and equal the statistics computed afresh and the plain computation', async () => {
    const reader = analysts[0];
    const ids = [...analysts].sort((a, b) => a.name.localeCompare(b.name)).map((a) => a.id);
    const doc = docs[2];
    const live = { documentId: doc.id, deletedAt: null, authorId: { not: reader.id } };
    const claim = (await prisma.annotation.findFirst({ where: { ...live, kind: 'CLAIM', credibility: { not: null } }, orderBy: { id: 'asc' } }))!;
    const fact = (await prisma.annotation.findFirst({ where: { ...live, kind: 'FACT', factStatus: { not: null } }, orderBy: { id: 'asc' } }))!;
    // A forecast the reader sees: on the resolved question (Q3).
    const forecast = (await prisma.annotation.findFirst({ where: { ...live, kind: 'FORECAST', probability: { not: null }, question: { outcome: 'YES' } }, orderBy: { id: 'asc' } }))!;
    const source = (await prisma.source.findFirst({ where: { reliability: { not: null }, annotation: live }, orderBy: { id: 'asc' } }))!;
    const edits: { name: string; touches: Field[]; edit: () => Promise<unknown> }[] = [
      { name: 'credibility', touches: ['credibility'], edit: () => prisma.annotation.update({ where: { id: claim.id }, data: { credibility: 1 + (claim.credibility! % 6) } }) },
      { name: 'fact status', touches: ['factStatus'], edit: () => prisma.annotation.update({ where: { id: fact.id }, data: { factStatus: fact.factStatus === 'FALSE' ? 'VERIFIED' : 'FALSE' } }) },
      { name: 'probability', touches: ['probability'], edit: () => prisma.annotation.update({ where: { id: forecast.id }, data: { probability: forecast.probability! > 0.5 ? 0.05 : 0.95 } }) },
      { name: 'reliability', touches: ['reliability'], edit: () => prisma.source.update({ where: { id: source.id }, data: { reliability: source.reliability === 'F' ? 'A' : 'F' } }) },
      { name: 'attribution only', touches: [], edit: () => prisma.annotation.update({ where: { id: claim.id }, data: { attributedTo: 'Someone else' } }) },
      {
        name: 'a claim becomes a fact',
        touches: ['credibility', 'factStatus'],
        edit: () => prisma.annotation.update({ where: { id: claim.id }, data: { kind: 'FACT', credibility: null, factStatus: 'DISPUTED' } }),
      },
    ];
    let before = (await documentAgreement(reader, doc.slug)).judgments!;
    let corpusBefore = (await corpusAgreement(reader)).judgments!;
    for (const { name, touches, edit } of edits) {
      await edit();
      const after = (await documentAgreement(reader, doc.slug)).judgments!;
      const corpusAfter = (await corpusAgreement(reader)).judgments!;
      // Untouched fields are the statistics held from before the edit, not computed again: the
      // document's and the corpus's.
      for (const field of Object.keys(LEVELS) as Field[]) {
        if (touches.includes(field)) {
          expect(after[field], `${name}: ${field}`).not.toBe(before[field]);
          expect(corpusAfter[field], `${name}: corpus ${field}`).not.toBe(corpusBefore[field]);
        } else {
          expect(after[field], `${name}: ${field}`).toBe(before[field]);
          expect(corpusAfter[field], `${name}: corpus ${field}`).toBe(corpusBefore[field]);
        }
      }
      // Computed afresh: nothing held in memory, nothing kept in the database.
      clearCompareCaches();
      await forgetStoredResults();
      const afresh = (await documentAgreement(reader, doc.slug)).judgments!;
      const corpusAfresh = (await corpusAgreement(reader)).judgments!;
      expect(after, name).toEqual(afresh);
      expect(corpusAfter, `${name}: corpus`).toEqual(corpusAfresh);
      const { rows, hidden } = await plainRows(reader, doc.id, ids);
      expectEqual(after, rows, hidden, ids);
      // The next edit starts from held rows with their statistics, as a running server has them.
      expect((await documentAgreement(reader, doc.slug)).judgments).toBe(afresh);
      expect((await corpusAgreement(reader)).judgments).toBe(corpusAfresh);
      before = afresh;
      corpusBefore = corpusAfresh;
    }
  });
});

describe('results kept for a fresh instance (lib/compare/results.ts)', () => {
  const json = (value: unknown) => JSON.parse(JSON.stringify(value));
  /** A fresh instance: what this one keeps and reads in the background done, then nothing held. */
  const restart = async () => {
    await storesSettled();
    await warmUpsSettled();
    clearCompareCaches();
  };
  /** Whether this instance has read the document's annotations (it holds them), as ann may compare them. */
  const holds = (reader: Actor, doc: { id: string }) => holdsAnnotations(reader, doc as DocumentRow);

  it('answer a fresh instance without reading the annotations, equal to what was computed', async () => {
    const reader = analysts[0];
    const doc = docs[2];
    await restart();
    await forgetStoredResults();
    const computed = { document: await documentAgreement(reader, doc.slug), corpus: await corpusAgreement(reader), queue: await disagreementQueue(reader) };
    expect(holds(reader, doc)).toBe(true);
    // Each on a fresh instance, which answers without having read the document (checked as soon as
    // it answers: it then reads the documents in the background, so a change is later patched).
    await restart();
    expect(json(await documentAgreement(reader, doc.slug))).toEqual(json(computed.document));
    expect(holds(reader, doc)).toBe(false);
    await warmUpsSettled();
    expect(holds(reader, doc)).toBe(true);
    await restart();
    expect(json(await corpusAgreement(reader))).toEqual(json(computed.corpus));
    expect(holds(reader, doc)).toBe(false);
    await restart();
    expect(json(await disagreementQueue(reader))).toEqual(json(computed.queue));
    expect(holds(reader, doc)).toBe(false);
    // Any other page or filter of the queue is computed (only the first page is kept), and equal.
    await restart();
    const second = await disagreementQueue(reader, { page: 2, kind: 'CLAIM' });
    expect(holds(reader, doc)).toBe(true);
    await restart();
    await forgetStoredResults();
    expect(await disagreementQueue(reader, { page: 2, kind: 'CLAIM' })).toEqual(second);
  });

  it('are not served once an annotation changed (written by anyone), nor to a reader with other probabilities hidden', async () => {
    const [ann, ben] = analysts;
    const doc = docs[2];
    const ids = [...analysts].sort((a, b) => a.name.localeCompare(b.name)).map((a) => a.id);
    await restart();
    await forgetStoredResults();
    const before = (await documentAgreement(ann, doc.slug)).judgments!;
    const corpusBefore = (await corpusAgreement(ann)).judgments!;
    await storesSettled();
    // Another instance (plain SQL) turns every claim's credibility one step round (6 becomes 1): the kept results name the old annotations.
    await prisma.$executeRaw`UPDATE "Annotation" SET credibility = 1 + credibility % 6 WHERE "documentId" = ${doc.id}::uuid AND credibility IS NOT NULL`;
    await restart();
    const after = (await documentAgreement(ann, doc.slug)).judgments!;
    expect(holds(ann, doc)).toBe(true); // read and computed
    const { rows, hidden } = await plainRows(ann, doc.id, ids);
    expectEqual(after, rows, hidden, ids);
    expect(after.credibility.pairs).not.toEqual(before.credibility.pairs);
    await restart();
    expect(json((await corpusAgreement(ann)).judgments)).not.toEqual(json(corpusBefore));
    // Ben has given no probability, so more are hidden from him than from ann: his own results.
    await restart();
    const his = (await documentAgreement(ben, doc.slug)).judgments!;
    expect(holds(ben, doc)).toBe(true);
    const plain = await plainRows(ben, doc.id, ids);
    expect(plain.hidden).toBeGreaterThan(hidden);
    expectEqual(his, plain.rows, plain.hidden, ids);
    await storesSettled();
    const scopes = await prisma.compareResult.count({ where: { documentId: doc.id, scope: { startsWith: 'agreement:' } } });
    expect(scopes).toBe(2);
  });

  it('give a fresh instance the corpus after one document changed from the others’ kept units, reading only the changed one', async () => {
    const ann = analysts[0];
    const [other, changed] = [docs[0], docs[2]];
    await restart();
    await forgetStoredResults();
    await corpusAgreement(ann); // computed, each document's units kept
    await storesSettled();
    await prisma.$executeRaw`UPDATE "Annotation" SET "factStatus" = 'FALSE' WHERE "documentId" = ${changed.id}::uuid AND "factStatus" = 'VERIFIED'`;
    await restart(); // a fresh instance
    const fromKept = (await corpusAgreement(ann)).judgments!;
    expect(holds(ann, changed)).toBe(true);
    expect(holds(ann, other)).toBe(false); // its units came from the database
    await storesSettled();
    await restart();
    await forgetStoredResults();
    const computed = (await corpusAgreement(ann)).judgments!;
    expect(holds(ann, other)).toBe(true);
    expect(json(fromKept)).toEqual(json(computed));
    expect(fromKept.factStatus.units).toBeGreaterThan(0);
  });

  it('are deleted once not computed again for KEEP_RESULTS_DAYS', async () => {
    await restart();
    await forgetStoredResults();
    await documentAgreement(analysts[0], docs[2].slug);
    await corpusAgreement(analysts[0]);
    await storesSettled();
    const kept = await prisma.compareResult.findMany({ select: { scope: true }, orderBy: { scope: 'asc' } });
    expect(kept.length).toBeGreaterThan(2);
    const day = 24 * 60 * 60 * 1000;
    // One older than the limit, one a day younger than it: only the first goes.
    await prisma.compareResult.update({ where: { scope: kept[0].scope }, data: { computedAt: new Date(Date.now() - (KEEP_RESULTS_DAYS + 1) * day) } });
    await prisma.compareResult.update({ where: { scope: kept[1].scope }, data: { computedAt: new Date(Date.now() - (KEEP_RESULTS_DAYS - 1) * day) } });
    expect(await pruneStoredResults()).toBe(1);
    const left = await prisma.compareResult.findMany({ select: { scope: true }, orderBy: { scope: 'asc' } });
    expect(left.map((r) => r.scope)).toEqual(kept.slice(1).map((r) => r.scope));
  });
});
