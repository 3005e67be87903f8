// Consensus and evidence links (issue #10) on real PostgreSQL: permissions, versions, history,
// agreement with the consensus, links across documents with visibility, exports of the consensus set.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db';
import type { Actor } from '@/lib/actor';
import { loadCorpus } from '@/lib/documents/load';
import { annotationHistory, createAnnotation, deleteAnnotation, getAnnotation, listAnnotations, updateAnnotation } from '@/lib/annotations/service';
import { sentenceRanges } from '@/lib/compare/sentences';
import { compareDocument } from '@/lib/compare/service';
import { exportAnnotations } from '@/lib/export/service';
import { archiveDocument, restoreDocument } from '@/lib/documents/manage';
import { searchPassages } from '@/lib/annotations/links';
import { createConsensus, listConsensus, updateConsensus } from './service';
import { actor } from '@/test/actors';

let lead: Actor;
let alice: Actor;
let bob: Actor;
let carol: Actor;
let docs: { slug: string; text: string; sentences: { start: number; end: number }[] }[];
let claims: string[];

const target = (d: number, i: number) => {
  const { start, end } = docs[d].sentences[i];
  return { start, end, exact: docs[d].text.slice(start, end) };
};

async function collect(query: Record<string, string>, who: Actor) {
  const result = await exportAnnotations(who, query, 'https://assay.test');
  let body = '';
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true }); // the export's UTF-8 bytes, a CSV's BOM kept
  for await (const chunk of result.chunks) body += decoder.decode(chunk, { stream: true });
  return { total: result.total, body };
}

beforeAll(async () => {
  await loadCorpus();
  lead = await actor('lead'); // the first account: ADMIN
  alice = await actor('alice');
  bob = await actor('bob');
  carol = await actor('carol');
  const rows = await prisma.document.findMany({ select: { slug: true, text: true }, orderBy: { slug: 'asc' }, take: 2 });
  docs = rows.map((d) => ({ ...d, sentences: sentenceRanges(d.text).filter((s) => s.end - s.start > 20 && /^[\x20-\x7e]+$/.test(d.text.slice(s.start, s.end))) }));
  claims = [];
  for (const [who, credibility] of [[alice, 2], [bob, 2], [carol, 5]] as const) {
    claims.push((await createAnnotation(who, { document: docs[0].slug, kind: 'CLAIM', target: target(0, 0), claim: { credibility } })).id);
  }
});

/** A fresh analyst claim on sentence `i` of the first document, for a consensus of its own to settle; removed after the test. */
let extra: string[] = [];
const claimAt = async (i: number) => {
  const { id } = await createAnnotation(alice, { document: docs[0].slug, kind: 'CLAIM', target: target(0, i), claim: { credibility: 3 } });
  extra.push(id);
  return id;
};
afterEach(async () => {
  for (const id of extra) await deleteAnnotation(alice, id);
  extra = [];
});

describe('consensus', () => {
  it('is recorded by an admin only (403 otherwise), validated field by field', async () => {
    const input = { ...target(0, 0), kind: 'CLAIM', claim: { credibility: 2 }, note: 'Two sources agree', settles: claims };
    await expect(createConsensus(alice, docs[0].slug, input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(createConsensus(null, docs[0].slug, input)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(createConsensus(lead, docs[0].slug, { ...input, settles: [] })).rejects.toMatchObject({ code: 'INVALID', fields: { settles: expect.any(String) } });
    await expect(createConsensus(lead, docs[0].slug, { ...input, claim: undefined, fact: { status: 'FALSE' } })).rejects.toMatchObject({
      code: 'INVALID',
      fields: { fact: expect.any(String) },
    });
    await expect(createConsensus(lead, docs[0].slug, { ...input, settles: ['00000000-0000-4000-8000-000000000000'] })).rejects.toMatchObject({
      code: 'INVALID',
      fields: { 'settles.0': expect.any(String) },
    });
    await expect(createConsensus(lead, docs[0].slug, { ...input, exact: 'not the text' })).rejects.toMatchObject({ code: 'INVALID', fields: { exact: expect.any(String) } });
  });

  it('is versioned and kept in history, revised with the version, and each analyst’s agreement with it shown', async () => {
    const created = await createConsensus(lead, docs[0].slug, { ...target(0, 0), kind: 'CLAIM', claim: { credibility: 2 }, note: 'Two sources agree', settles: claims });
    expect(created).toMatchObject({ version: 1, consensus: { settles: claims }, claim: { credibility: 2 } });
    await expect(updateConsensus(alice, docs[0].slug, created.id, 1, { note: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(updateConsensus(lead, docs[0].slug, created.id, undefined, { note: 'x' })).rejects.toMatchObject({ code: 'INVALID', fields: { version: expect.any(String) } });
    const revised = await updateConsensus(lead, docs[0].slug, created.id, 1, { claim: { credibility: 3 }, note: 'Revised after the thread' });
    expect(revised).toMatchObject({ version: 2, claim: { credibility: 3 }, note: 'Revised after the thread' });
    await expect(updateConsensus(lead, docs[0].slug, created.id, 1, { note: 'stale' })).rejects.toMatchObject({ code: 'CONFLICT' });
    const history = await annotationHistory(lead, created.id);
    expect(history.map((h) => h.type)).toEqual(['CREATED', 'UPDATED']);

    const { consensus, agreement } = await listConsensus(alice, docs[0].slug);
    expect(consensus.map((c) => c.id)).toEqual([created.id]);
    const byName = Object.fromEntries(agreement.analysts.map((a) => [a.analyst.name, a]));
    // Consensus credibility 3: alice and bob (2) are within one step, carol (5) is not.
    expect(byName.alice).toMatchObject({ rows: 1, matched: 1, sameKind: 1, fields: { credibility: { compared: 1, within: 1 } } });
    expect(byName.carol.fields.credibility).toMatchObject({ compared: 1, within: 0 });
    // The reader lists it, marked; the compare rows leave it out.
    const listed = await listAnnotations(bob, docs[0].slug);
    expect(listed.find((a) => a.id === created.id)?.consensus).toEqual({ settles: claims });
    const view = await compareDocument(bob, docs[0].slug);
    expect(view.rows.flatMap((r) => r.cells).some((c) => c?.id === created.id)).toBe(false);
  });

  it('is not recorded on an archived document, which takes no annotations', async () => {
    await archiveDocument(lead, docs[0].slug);
    try {
      await expect(createConsensus(lead, docs[0].slug, { ...target(0, 5), kind: 'FACT', settles: claims.slice(0, 1) })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      await restoreDocument(lead, docs[0].slug);
    }
    expect(await prisma.annotation.count({ where: { consensus: true, documentId: (await prisma.document.findUniqueOrThrow({ where: { slug: docs[0].slug } })).id, start: target(0, 5).start } })).toBe(0);
  });

  it('clears its rationale when a revision sends it blank, and keeps it when left out', async () => {
    const created = await createConsensus(lead, docs[0].slug, { ...target(0, 6), kind: 'FACT', note: 'why we settled', settles: [await claimAt(6)] });
    expect((await updateConsensus(lead, docs[0].slug, created.id, 1, { fact: { status: 'VERIFIED' } })).note).toBe('why we settled');
    expect((await updateConsensus(lead, docs[0].slug, created.id, 2, { note: '' })).note).toBe('');
    await deleteAnnotation(lead, created.id);
  });

  it('is recorded once per row: a second one settling any of the same annotations is 409 naming the first, even when two are sent at once', async () => {
    const [a, b, c] = [await claimAt(7), await claimAt(7), await claimAt(8)];
    const count = () => prisma.annotation.count({ where: { consensus: true, deletedAt: null, settles: { hasSome: [a, b, c] } } });
    // Two leads (or a double click) at once: one is recorded, the other refused.
    const input = { ...target(0, 7), kind: 'CLAIM', claim: { credibility: 3 }, settles: [a, b] };
    const results = await Promise.allSettled([createConsensus(lead, docs[0].slug, input), createConsensus(lead, docs[0].slug, input)]);
    const recorded = results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<{ id: string }>).value);
    expect(recorded).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'CONFLICT', detail: { consensusId: recorded[0].id } } });
    // Settling one of the same annotations among others is the same row.
    await expect(createConsensus(lead, docs[0].slug, { ...input, settles: [c, b] })).rejects.toMatchObject({ code: 'CONFLICT', detail: { consensusId: recorded[0].id } });
    expect(await count()).toBe(1);
    // Another row is recorded; revising it to settle the first row's annotations is refused, unchanged.
    const other = await createConsensus(lead, docs[0].slug, { ...target(0, 8), kind: 'CLAIM', claim: { credibility: 4 }, settles: [c] });
    await expect(updateConsensus(lead, docs[0].slug, other.id, 1, { settles: [c, a] })).rejects.toMatchObject({ code: 'CONFLICT', detail: { consensusId: recorded[0].id } });
    expect(await prisma.annotation.findUniqueOrThrow({ where: { id: other.id } })).toMatchObject({ version: 1, settles: [c] });
    // A consensus revised with its own list again is no conflict with itself; once removed, the row takes a new one.
    expect(await updateConsensus(lead, docs[0].slug, recorded[0].id, 1, { settles: [b, a] })).toMatchObject({ version: 2 });
    await deleteAnnotation(lead, recorded[0].id);
    const again = await createConsensus(lead, docs[0].slug, input);
    for (const id of [again.id, other.id]) await deleteAnnotation(lead, id);
  });

  it('answers 404, not 500, to a consensus id that is not an id', async () => {
    await expect(updateConsensus(lead, docs[0].slug, 'xyz', 1, { note: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('is revised only as a consensus: the annotation route refuses it, so it never joins a forecast question', async () => {
    const created = await createConsensus(lead, docs[0].slug, { ...target(0, 5), kind: 'FORECAST', forecast: { probability: 0.3 }, settles: [await claimAt(5)] });
    // Its author (an admin) through PATCH /api/annotations/:id: a forecast there would join a question as an entry.
    await expect(updateAnnotation(lead, created.id, 1, { forecast: { probability: 0.31, statement: 'q' } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const row = await prisma.annotation.findUniqueOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({ version: 1, questionId: null, probability: 0.3 });
    expect(await prisma.forecastQuestion.count({ where: { createdById: lead.id } })).toBe(0);
    // Through its own door it is revised and still joins no question.
    expect(await updateConsensus(lead, docs[0].slug, created.id, 1, { forecast: { probability: 0.35 } })).toMatchObject({ version: 2, forecast: { probability: 0.35, questionId: null } });
    await deleteAnnotation(lead, created.id);
  });

  it('exports alone with set=consensus, marked in W3C with the annotations it settles', async () => {
    const w3c = await collect({ format: 'w3c', set: 'consensus' }, alice);
    expect(w3c.total).toBe(1);
    const item = JSON.parse(w3c.body).first.items[0];
    expect(item.consensus).toBe(true);
    expect(item.settles).toEqual(claims.map((id) => `https://assay.test/api/annotations/${id}`));
    for (const format of ['csv', 'jsonl']) expect((await collect({ format, set: 'consensus' }, alice)).total).toBe(1);
    // In CSV too, among everyone's: its row ends with "true" and the ids it settles.
    const csv = (await collect({ format: 'csv' }, alice)).body.split('\r\n');
    expect(csv.filter((line) => line.endsWith(`,true,${claims.join(' ')}`))).toHaveLength(1);
    expect((await collect({ format: 'jsonl', set: 'analysts' }, alice)).total).toBe(3);
    await expect(collect({ format: 'csv', set: 'gold' }, alice)).rejects.toMatchObject({ code: 'INVALID', fields: { set: expect.any(String) } });
  });
});

describe('evidence links', () => {
  it('links a passage in another document; the card shows it, the target shows "cited by"; W3C names the annotation', async () => {
    const fact = await createAnnotation(bob, { document: docs[1].slug, kind: 'FACT', target: target(1, 1), fact: { status: 'VERIFIED' } });
    const claim = await createAnnotation(alice, {
      document: docs[0].slug,
      kind: 'CLAIM',
      target: target(0, 2),
      sources: [{ annotation: fact.id, relation: 'SUPPORTS', reliability: 'B' }],
    });
    const seen = await getAnnotation(carol, claim.id);
    expect(seen.sources[0]).toMatchObject({
      annotation: fact.id,
      linked: { state: 'shown', kind: 'FACT', exact: target(1, 1).exact, author: 'bob', document: { slug: docs[1].slug } },
    });
    const cited = await getAnnotation(carol, fact.id);
    expect(cited.citedBy).toEqual([{ id: claim.id, kind: 'CLAIM', author: 'alice', document: { slug: docs[0].slug, title: expect.any(String) } }]);
    const w3c = JSON.parse((await collect({ format: 'w3c', document: docs[0].slug, analyst: alice.id }, carol)).body).first.items;
    const linking = w3c.find((i: { id: string }) => i.id.endsWith(claim.id)).body.find((b: { purpose: string }) => b.purpose === 'linking');
    expect(linking).toMatchObject({ type: 'SpecificResource', source: `https://assay.test/api/annotations/${fact.id}`, relation: 'SUPPORTS' });

    // Deleted: still listed, as a removed passage with its quote.
    await deleteAnnotation(bob, fact.id);
    expect((await getAnnotation(carol, claim.id)).sources[0].linked).toEqual({ id: fact.id, state: 'removed', exact: target(1, 1).exact });
  });

  it('refuses a target the writer may not see (400 naming the field), and never reveals a hidden one to a reader', async () => {
    await expect(
      createAnnotation(alice, { document: docs[0].slug, kind: 'CLAIM', target: target(0, 3), sources: [{ annotation: '00000000-0000-4000-8000-000000000000', relation: 'SUPPORTS' }] }),
    ).rejects.toMatchObject({ code: 'INVALID', fields: { 'sources.0.annotation': expect.any(String) } });
    // docs[1] goes blind: carol's passage there is hidden from alice (not done), so alice cannot cite it…
    const hiddenFact = await createAnnotation(carol, { document: docs[1].slug, kind: 'FACT', target: target(1, 2) });
    await prisma.document.update({ where: { slug: docs[1].slug }, data: { blind: true } });
    await expect(
      createAnnotation(alice, { document: docs[0].slug, kind: 'CLAIM', target: target(0, 3), sources: [{ annotation: hiddenFact.id, relation: 'SUPPORTS' }] }),
    ).rejects.toMatchObject({ code: 'INVALID', fields: { 'sources.0.annotation': expect.any(String) } });
    // …and a claim by carol citing it shows alice nothing of the passage.
    const citing = await createAnnotation(carol, { document: docs[0].slug, kind: 'CLAIM', target: target(0, 3), sources: [{ annotation: hiddenFact.id, relation: 'REFUTES' }] });
    expect((await getAnnotation(alice, citing.id)).sources[0].linked).toEqual({ id: hiddenFact.id, state: 'hidden' });
    expect((await getAnnotation(carol, citing.id)).sources[0].linked).toMatchObject({ state: 'shown' });
    // Editing to cite itself is refused.
    await expect(updateAnnotation(carol, citing.id, 1, { sources: [{ annotation: citing.id, relation: 'CONTEXT' }] })).rejects.toMatchObject({
      code: 'INVALID',
      fields: { 'sources.0.annotation': expect.any(String) },
    });
    await prisma.document.update({ where: { slug: docs[1].slug }, data: { blind: false } });
  });

  it('treats a passage on an archived document as hidden to all but admins: not offered, not citable, shown as hidden, no "cited by"', async () => {
    const fact = await createAnnotation(bob, { document: docs[1].slug, kind: 'FACT', target: target(1, 4) });
    const citing = await createAnnotation(carol, { document: docs[0].slug, kind: 'CLAIM', target: target(0, 4), sources: [{ annotation: fact.id, relation: 'SUPPORTS' }] });
    const quote = target(1, 4).exact.slice(0, 30);
    expect((await searchPassages(alice, quote)).map((p) => p.id)).toContain(fact.id);
    await archiveDocument(lead, docs[1].slug);
    try {
      expect((await searchPassages(alice, quote)).map((p) => p.id)).not.toContain(fact.id);
      await expect(
        createAnnotation(alice, { document: docs[0].slug, kind: 'CLAIM', target: target(0, 4), sources: [{ annotation: fact.id, relation: 'SUPPORTS' }] }),
      ).rejects.toMatchObject({ code: 'INVALID', fields: { 'sources.0.annotation': expect.any(String) } });
      expect((await getAnnotation(alice, citing.id)).sources[0].linked).toEqual({ id: fact.id, state: 'hidden' });
      expect((await getAnnotation(lead, citing.id)).sources[0].linked).toMatchObject({ state: 'shown' });
      // A claim on the archived document citing one elsewhere is not listed as "cited by" either.
      const back = await createAnnotation(bob, { document: docs[0].slug, kind: 'FACT', target: target(0, 6) });
      await restoreDocument(lead, docs[1].slug);
      await createAnnotation(bob, { document: docs[1].slug, kind: 'CLAIM', target: target(1, 5), sources: [{ annotation: back.id, relation: 'CONTEXT' }] });
      await archiveDocument(lead, docs[1].slug);
      expect((await getAnnotation(alice, back.id)).citedBy).toBeUndefined();
      expect((await getAnnotation(lead, back.id)).citedBy).toHaveLength(1);
    } finally {
      await restoreDocument(lead, docs[1].slug);
    }
  });
});
