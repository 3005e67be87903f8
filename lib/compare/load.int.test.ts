// What comparing reads of the database (lib/compare/load.ts), on real PostgreSQL: the compact read
// gives what a plain Prisma read gives, and the per-instance caches keyed by the database's
// fingerprint see every change, including changes made behind this instance's back (raw SQL, as
// another instance or a script would).
import { beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { prisma } from '@/lib/db';
import type { Actor } from '@/lib/actor';
import { loadCorpus } from '@/lib/documents/load';
import { cpLength } from '@/lib/anchoring/codepoints';
import { clearCompareCaches, earlierSnapshot, loadAnnotations, loadKeys } from './load';
import { compareDocument, documentAgreement, judgedDocument } from './service';
import { disagreementQueue } from './queue';
import type { CompareAnnotation } from './types';
import { matchRows, rowStatus } from './rows';
import { severity } from './judgments';
import { actor } from '@/test/actors';

const KINDS = ['CLAIM', 'FORECAST', 'FACT'] as const;
let analysts: Actor[];
let viewer: Actor;
let doc: { id: string; slug: string; title: string; text: string; textHash: string };

beforeAll(async () => {
  await loadCorpus();
  analysts = [];
  for (const name of ['ann', 'ben', 'cat']) analysts.push(await actor(name));
  viewer = await actor('vera', 'VIEWER');
  doc = await prisma.document.findFirstOrThrow({ orderBy: { slug: 'asc' }, select: { id: true, slug: true, title: true, text: true, textHash: true } });
  const length = cpLength(doc.text);
  // A question ann has not forecast on: others' probabilities on it are hidden from her.
  const question = await prisma.forecastQuestion.create({ data: { documentId: doc.id, start: 0, end: 5, exact: 'x', statement: 'Q', createdById: analysts[1].id } });
  let s = 11;
  const random = (n: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return Math.floor((s / 2147483648) * n);
  };
  for (let p = 0; p < 40; p++) {
    const start = random(length - 100);
    const kind = KINDS[random(3)];
    for (const who of analysts) {
      const k = random(4) === 0 ? KINDS[random(3)] : kind;
      const created = await prisma.annotation.create({
        data: {
          documentId: doc.id,
          authorId: who.id,
          kind: k,
          start: start + random(4),
          end: start + 40 + random(4),
          exact: 'x',
          prefix: '',
          suffix: '',
          textHash: 'test',
          // Free text with the characters a compact format could trip on.
          attributedTo: k === 'CLAIM' && random(2) === 0 ? `Minister, "quoted"; {x} ${p}` : null,
          credibility: k === 'CLAIM' && random(5) > 0 ? 1 + random(6) : null,
          factStatus: k === 'FACT' && random(5) > 0 ? (['VERIFIED', 'DISPUTED', 'FALSE', 'UNVERIFIED'] as const)[random(4)] : null,
          statement: k === 'FORECAST' && random(2) === 0 ? `Will it; happen, "soon"? ${p}` : null,
          // Some probabilities PostgreSQL prints in exponent form or with 17 digits: the parser reads them as Number() does.
          probability: k === 'FORECAST' && random(5) > 0 ? [random(1001) / 1000, 1e-7, 0.1 + 0.2][random(3) === 0 ? 1 + random(2) : 0] : null,
          confidence: k === 'FORECAST' && random(2) === 0 ? (['LOW', 'MODERATE', 'HIGH'] as const)[random(3)] : null,
          questionId: k === 'FORECAST' && random(2) === 0 ? question.id : null,
          orphan: random(40) === 0,
          consensus: false,
          deletedAt: random(30) === 0 ? new Date() : null,
        },
      });
      for (let position = 0, n = random(3); position < n; position++) {
        await prisma.source.create({
          data: { annotationId: created.id, position, url: `https://s.test/${random(3)}`, relation: 'SUPPORTS', reliability: random(4) > 0 ? 'ABCDEF'[random(6)] : null },
        });
      }
    }
  }
});

/** The plain read: Prisma, every visible annotation with the key fields of its kind and its rated sources. */
async function plainAnnotations(): Promise<CompareAnnotation[]> {
  const rows = await prisma.annotation.findMany({
    where: { documentId: doc.id, deletedAt: null, orphan: false, consensus: false },
    include: { sources: { orderBy: { position: 'asc' } } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return rows.map((a) => {
    const out: CompareAnnotation = { id: a.id, authorId: a.authorId, kind: a.kind, start: a.start, end: a.end, createdAt: a.createdAt.getTime() };
    if (a.kind === 'CLAIM') out.fields = { attributedTo: a.attributedTo, credibility: a.credibility };
    if (a.kind === 'FACT') out.fields = { status: a.factStatus };
    if (a.kind === 'FORECAST') out.fields = { statement: a.statement, probability: a.probability, confidence: a.confidence, questionId: a.questionId };
    const rated = a.sources.filter((x) => x.reliability !== null);
    if (rated.length > 0) out.fields = { ...out.fields, sources: rated.map((x) => ({ url: x.url, reliability: x.reliability })) };
    return out;
  });
}

describe('loadAnnotations', () => {
  it('reads what a plain Prisma read gives, in creation order', async () => {
    clearCompareCaches();
    const { annotations, loaded } = await loadAnnotations(viewer, doc);
    const plain = await plainAnnotations();
    expect(plain.some((a) => a.fields?.sources)).toBe(true);
    expect(plain.some((a) => a.fields?.attributedTo)).toBe(true);
    expect(plain.some((a) => a.fields?.statement)).toBe(true);
    expect(annotations).toEqual(plain);
    expect([...loaded.marks.keys()].sort()).toEqual(analysts.map((a) => a.id).sort());
  });

  it('serves a repeat read from the cache, and a change made behind its back (raw SQL) from the database', async () => {
    clearCompareCaches();
    const first = await loadAnnotations(viewer, doc);
    const again = await loadAnnotations(viewer, doc);
    expect(again.annotations).toBe(first.annotations); // the same array: held, not read again
    expect(again.key).toBe(first.key);

    // A claim in a row where another analyst rated the credibility too, so the statistic sees it.
    const view = await compareDocument(viewer, doc.slug);
    const claim = view.rows.find((r) => r.gaps.credibility)!.cells.find((c) => c?.kind === 'CLAIM' && c.fields?.credibility != null)!;
    const before = await documentAgreement(viewer, doc.slug);
    const rated = claim.fields!.credibility === 6 ? 1 : 6;
    await prisma.$executeRaw`UPDATE "Annotation" SET credibility = ${rated} WHERE id = ${claim.id}::uuid`;
    const changed = await loadAnnotations(viewer, doc);
    expect(changed.key).not.toBe(first.key);
    expect(changed.annotations).toEqual(await plainAnnotations());
    // The statistics follow: equal to a computation with every cache emptied, and not the old ones.
    const after = await documentAgreement(viewer, doc.slug);
    clearCompareCaches();
    expect(after).toEqual(await documentAgreement(viewer, doc.slug));
    expect(before.judgments!.credibility.units).toBeGreaterThan(0);
    const row = (await compareDocument(viewer, doc.slug)).rows.find((r) => r.cells.some((c) => c?.id === claim.id))!;
    expect(row.cells.find((c) => c?.id === claim.id)!.fields!.credibility).toBe(rated);
    expect(row.gaps.credibility!.values).toContain(rated);

    // A source's reliability, a deletion and a new annotation: each changes the key.
    const cited = changed.annotations.find((a) => a.fields?.sources)!;
    await prisma.$executeRaw`UPDATE "Source" SET reliability = CASE WHEN reliability = 'A' THEN 'F' ELSE 'A' END WHERE "annotationId" = ${cited.id}::uuid AND reliability IS NOT NULL`;
    const resourced = await loadAnnotations(viewer, doc);
    expect(resourced.key).not.toBe(changed.key);
    expect(resourced.annotations).toEqual(await plainAnnotations());
    await prisma.$executeRaw`UPDATE "Annotation" SET "deletedAt" = now() WHERE id = ${claim.id}::uuid`;
    const deleted = await loadAnnotations(viewer, doc);
    expect(deleted.annotations.some((a) => a.id === claim.id)).toBe(false);
    await prisma.$executeRaw`UPDATE "Annotation" SET "deletedAt" = NULL WHERE id = ${claim.id}::uuid`;
    expect((await loadAnnotations(viewer, doc)).annotations).toEqual(await plainAnnotations());
  });

  it('masks per reader without touching the shared annotations', async () => {
    clearCompareCaches();
    const reader = analysts[0];
    const hiddenFromHer = (await plainAnnotations()).filter((a) => a.kind === 'FORECAST' && a.authorId !== reader.id && a.fields?.questionId && a.fields.probability !== null);
    expect(hiddenFromHer.length).toBeGreaterThan(0);
    const hers = await compareDocument(reader, doc.slug);
    const cells = hers.rows.flatMap((r) => r.cells).filter((c) => c !== null && hiddenFromHer.some((h) => h.id === c.id));
    expect(cells.length).toBe(hiddenFromHer.length);
    expect(cells.every((c) => c!.fields?.hidden === true && c!.fields.probability === null)).toBe(true);
    // The viewer, after her, from the same cached annotations: every probability shown.
    const viewers = await compareDocument(viewer, doc.slug);
    const shown = viewers.rows.flatMap((r) => r.cells).filter((c) => c !== null && hiddenFromHer.some((h) => h.id === c.id));
    expect(shown.every((c) => !c!.fields?.hidden && c!.fields?.probability === hiddenFromHer.find((h) => h.id === c!.id)!.fields!.probability)).toBe(true);
    expect(hers.agreement.judgments!.probability.dropped).toBe(hiddenFromHer.length);
    expect(viewers.agreement.judgments!.probability.dropped).toBe(0);
    // And her repeat request, now from the caches, is what it was.
    expect(await compareDocument(reader, doc.slug)).toEqual(hers);
  });

  it('the queue, repeated from the caches, equals the queue computed afresh', async () => {
    clearCompareCaches();
    const fresh = await disagreementQueue(analysts[0]);
    expect(fresh.total).toBeGreaterThan(0);
    expect(await disagreementQueue(analysts[0])).toEqual(fresh);
    expect(await disagreementQueue(analysts[0], { page: 2 })).toEqual(
      await (async () => {
        clearCompareCaches();
        return disagreementQueue(analysts[0], { page: 2 });
      })(),
    );
  });

  it('the queue, merged from each document’s ranking, pages through the one ranking of all rows sorted together', async () => {
    // A second document with the same highlights: equal severities across documents, settled by document order.
    const other = await prisma.document.findFirstOrThrow({ where: { NOT: { id: doc.id } }, orderBy: { slug: 'asc' }, select: { id: true } });
    await prisma.$executeRaw`INSERT INTO "Annotation" (id, "documentId", "authorId", kind, start, "end", exact, prefix, suffix, "textHash", "updatedAt", "createdAt", credibility, "factStatus", probability)
      SELECT gen_random_uuid(), ${other.id}::uuid, "authorId", kind, start, "end", exact, prefix, suffix, "textHash", now(), "createdAt", credibility, "factStatus", probability
      FROM "Annotation" WHERE "documentId" = ${doc.id}::uuid AND "deletedAt" IS NULL AND NOT orphan`;
    const docs = await prisma.document.findMany({ select: { id: true, slug: true }, orderBy: [{ publishedAt: { sort: 'asc', nulls: 'last' } }, { title: 'asc' }] });
    // The plain ranking: every row of every document, one sort (severity, document, position).
    const all: { d: number; slug: string; start: number; end: number; severity: number; status: string }[] = [];
    for (const [d, { id, slug }] of docs.entries()) {
      const annotations = (
        await prisma.annotation.findMany({
          where: { documentId: id, deletedAt: null, orphan: false, consensus: false },
          include: { sources: { where: { reliability: { not: null } }, orderBy: { position: 'asc' } } },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        })
      ).map(
        (a): CompareAnnotation => ({
          id: a.id,
          authorId: a.authorId,
          kind: a.kind,
          start: a.start,
          end: a.end,
          createdAt: a.createdAt.getTime(),
          fields: {
            ...(a.kind === 'CLAIM' ? { credibility: a.credibility } : a.kind === 'FACT' ? { status: a.factStatus } : { probability: a.probability }),
            sources: a.sources.map((x) => ({ url: x.url, reliability: x.reliability })),
          },
        }),
      );
      const ids = [...new Set(annotations.map((a) => a.authorId))].sort();
      for (const row of matchRows(annotations, ids)) {
        const present = row.cells.filter((c) => c !== null);
        const among = rowStatus(present, row.gaps);
        const status = among === 'agree' && present.length < row.cells.length ? 'partial' : among;
        if (status !== 'agree') all.push({ d, slug, start: row.start, end: row.end, status, severity: Math.round(severity({ ...row, status }) * 1000) / 1000 });
      }
    }
    all.sort((x, y) => y.severity - x.severity || x.d - y.d || x.start - y.start || x.end - y.end);
    expect(new Set(all.map((r) => r.slug)).size).toBe(2);
    clearCompareCaches();
    const first = await disagreementQueue(viewer);
    expect(first.total).toBe(all.length);
    const pages = [first];
    for (let page = 2; page <= first.pages; page++) pages.push(await disagreementQueue(viewer, { page }));
    const seen = pages.flatMap((p) => p.rows.map((r) => ({ slug: r.document.slug, start: r.start, end: r.end, status: r.status, severity: r.severity })));
    expect(seen).toEqual(all.map(({ slug, start, end, status, severity }) => ({ slug, start, end, status, severity })));
  });
});

describe('loadAnnotations after a change: the held annotations patched with what was written since', () => {
  /** The annotations and key held now equal what a read with every cache emptied gives; the held ones are kept. */
  async function expectEqualToWholeRead(reader: Actor, held: Awaited<ReturnType<typeof loadAnnotations>>) {
    const latestHeld = await loadAnnotations(reader, doc); // unchanged since: served as held
    expect(latestHeld.how).toBe('held');
    expect(latestHeld.key).toBe(held.key);
    const snapshot = await prisma.annotation.count(); // (a query between, so the next read is not the same instant)
    expect(snapshot).toBeGreaterThan(0);
    clearCompareCaches();
    const whole = await loadAnnotations(reader, doc);
    expect(whole.how).toBe('read');
    expect(held.annotations).toEqual(whole.annotations);
    expect(held.key).toBe(whole.key);
    expect([...held.loaded.marks.entries()]).toEqual([...whole.loaded.marks.entries()]);
    // Patch again from this whole read next time, as from any base.
  }

  it('patches updates, soft deletions, insertions and source changes, equal to a whole read and to a plain Prisma read', async () => {
    clearCompareCaches();
    expect((await loadAnnotations(viewer, doc)).how).toBe('read');
    const pick = (await plainAnnotations()).filter((a) => a.kind === 'CLAIM');
    const [claim, other, moved] = pick;

    // One field of one annotation, behind the instance's back (raw SQL): patched in place.
    await prisma.$executeRaw`UPDATE "Annotation" SET credibility = CASE WHEN credibility = 3 THEN 4 ELSE 3 END WHERE id = ${claim.id}::uuid`;
    let now = await loadAnnotations(viewer, doc);
    expect(now.how).toBe('patched');
    expect(now.annotations).toEqual(await plainAnnotations());
    await expectEqualToWholeRead(viewer, now);

    // The kind and place of one (same id and creation time): in place, its author's marks rebuilt.
    await prisma.$executeRaw`UPDATE "Annotation" SET kind = 'FACT', start = start + 1, credibility = NULL, "factStatus" = 'DISPUTED' WHERE id = ${moved.id}::uuid`;
    now = await loadAnnotations(viewer, doc);
    expect(now.how).toBe('patched');
    expect(now.annotations).toEqual(await plainAnnotations());
    await expectEqualToWholeRead(viewer, now);

    // Several changes between two reads: a soft deletion, a new annotation, a source rated anew, a source added.
    await prisma.$executeRaw`UPDATE "Annotation" SET "deletedAt" = now() WHERE id = ${other.id}::uuid`;
    const created = await prisma.annotation.create({
      data: { documentId: doc.id, authorId: analysts[2].id, kind: 'FORECAST', start: 10, end: 60, exact: 'x', prefix: '', suffix: '', textHash: 'test', probability: 0.35, statement: 'New; "one", {x}' },
    });
    const cited = (await plainAnnotations()).find((a) => a.fields?.sources)!;
    await prisma.$executeRaw`UPDATE "Source" SET reliability = CASE WHEN reliability = 'B' THEN 'C' ELSE 'B' END WHERE "annotationId" = ${cited.id}::uuid AND reliability IS NOT NULL`;
    await prisma.source.create({ data: { annotationId: claim.id, position: 9, url: 'https://s.test/new', relation: 'SUPPORTS', reliability: 'E' } });
    now = await loadAnnotations(viewer, doc);
    expect(now.how).toBe('patched');
    expect(now.annotations.some((a) => a.id === other.id)).toBe(false);
    expect(now.annotations.find((a) => a.id === created.id)!.fields!.statement).toBe('New; "one", {x}');
    expect(now.annotations).toEqual(await plainAnnotations());
    await expectEqualToWholeRead(viewer, now);

    // Undone: the soft deletion lifted, the new annotation soft-deleted.
    await prisma.$executeRaw`UPDATE "Annotation" SET "deletedAt" = NULL WHERE id = ${other.id}::uuid`;
    await prisma.$executeRaw`UPDATE "Annotation" SET "deletedAt" = now() WHERE id = ${created.id}::uuid`;
    now = await loadAnnotations(viewer, doc);
    expect(now.how).toBe('patched');
    expect(now.annotations).toEqual(await plainAnnotations());
    await expectEqualToWholeRead(viewer, now);

    // The statistics from patched annotations equal those computed with every cache emptied: the
    // rows held for the edited document regrouped with the edited claim (rematchRows) included.
    await documentAgreement(viewer, doc.slug);
    await compareDocument(viewer, doc.slug);
    await prisma.$executeRaw`UPDATE "Annotation" SET credibility = CASE WHEN credibility = 1 THEN 6 ELSE 1 END WHERE id = ${claim.id}::uuid`;
    const patched = await documentAgreement(viewer, doc.slug);
    const view = await compareDocument(viewer, doc.slug);
    clearCompareCaches();
    expect(patched).toEqual(await documentAgreement(viewer, doc.slug));
    clearCompareCaches();
    expect(view).toEqual(await compareDocument(viewer, doc.slug));
  });

  it('sees a change by a transaction that was running when the held annotations were read', async () => {
    clearCompareCaches();
    const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    try {
      const claim = (await plainAnnotations()).find((a) => a.kind === 'CLAIM')!;
      await other.query('BEGIN');
      await other.query(`UPDATE "Annotation" SET credibility = CASE WHEN credibility = 2 THEN 5 ELSE 2 END WHERE id = $1`, [claim.id]);
      await other.query('SELECT txid_current()'); // has its transaction id
      // A later transaction ends first, so the read's snapshot lists the first as running (not
      // merely as past its horizon).
      await prisma.$queryRaw`SELECT txid_current()::text`;
      const before = await loadAnnotations(viewer, doc);
      expect(before.annotations.find((a) => a.id === claim.id)).toEqual(claim);
      await other.query('COMMIT');
      const after = await loadAnnotations(viewer, doc);
      expect(after.how).toBe('patched');
      expect(after.annotations).toEqual(await plainAnnotations());
      await expectEqualToWholeRead(viewer, after);
    } finally {
      await other.end();
    }
  });

  it('reads the document whole when the patch cannot be trusted: hard deletions, and a change of what the reader may see', async () => {
    clearCompareCaches();
    await loadAnnotations(viewer, doc);
    const [gone] = await plainAnnotations();
    await prisma.$executeRaw`DELETE FROM "Annotation" WHERE id = ${gone.id}::uuid`;
    let now = await loadAnnotations(viewer, doc);
    expect(now.how).toBe('read');
    expect(now.annotations).toEqual(await plainAnnotations());

    const cited = (await plainAnnotations()).find((a) => a.fields?.sources)!;
    await prisma.$executeRaw`DELETE FROM "Source" WHERE id = (SELECT id FROM "Source" WHERE "annotationId" = ${cited.id}::uuid AND reliability IS NOT NULL LIMIT 1)`;
    now = await loadAnnotations(viewer, doc);
    expect(now.how).toBe('read');
    expect(now.annotations).toEqual(await plainAnnotations());

    // Blind mode for an analyst who has not marked the document done: only her own stay visible.
    const reader = analysts[1];
    clearCompareCaches();
    expect((await loadAnnotations(reader, doc)).annotations.some((a) => a.authorId !== reader.id)).toBe(true);
    await prisma.document.update({ where: { id: doc.id }, data: { blind: true } });
    try {
      now = await loadAnnotations(reader, doc);
      expect(now.how).toBe('read');
      expect(now.annotations.length).toBeGreaterThan(0);
      expect(now.annotations.every((a) => a.authorId === reader.id)).toBe(true);
      await expectEqualToWholeRead(reader, now);
    } finally {
      await prisma.document.update({ where: { id: doc.id }, data: { blind: false } });
    }
  });
});

describe('a document read as two halves of its authors side by side', () => {
  it('gives what one read gives: the annotations, marks and key, with authors in both halves', async () => {
    // Two authors whose ids differ only in the last bit, so each half (by that bit) holds one.
    const pair = ['00000000-0000-4000-8000-0000000000a0', '00000000-0000-4000-8000-0000000000a1'];
    const created: string[] = [];
    try {
      for (const [i, id] of pair.entries()) {
        await prisma.user.create({ data: { id, email: `half${i}@example.test`, name: `Half ${i}`, passwordHash: 'x' } });
        for (const kind of KINDS) {
          const a = await prisma.annotation.create({
            data: {
              documentId: doc.id,
              authorId: id,
              kind,
              start: 10 + i,
              end: 60,
              exact: 'x',
              prefix: '',
              suffix: '',
              textHash: 'test',
              credibility: kind === 'CLAIM' ? 2 + i : null,
              probability: kind === 'FORECAST' ? 0.25 + i / 2 : null,
              sources: { create: [{ position: 0, url: 'https://s.test/half', relation: 'SUPPORTS', reliability: 'AB'[i] }] },
            },
          });
          created.push(a.id);
        }
      }
      clearCompareCaches();
      const read = await loadAnnotations(viewer, doc);
      expect(read.how).toBe('read');
      expect(read.annotations).toEqual(await plainAnnotations());
      for (const id of pair) expect(read.loaded.marks.get(id)?.kind).toEqual([...KINDS]);
      const judged = await judgedDocument(viewer, doc);
      for (const halves of [true, false]) {
        const keyed = await loadKeys(viewer, doc, halves);
        expect(keyed.key).toBe(judged.key);
        expect(Object.fromEntries(keyed.loaded.marks)).toEqual(Object.fromEntries(read.loaded.marks));
      }
    } finally {
      await prisma.annotation.deleteMany({ where: { id: { in: created } } });
      await prisma.user.deleteMany({ where: { id: { in: pair } } });
    }
  });

  it('keeps the earlier snapshot of the halves: every transaction either one did not see counts as written after', () => {
    // xmin:xmax:running. The lower xmax, and the running ones of either below it.
    expect(earlierSnapshot('10:20:12,15', '11:25:12,21')).toBe('10:20:12,15');
    expect(earlierSnapshot('11:25:', '10:20:15')).toBe('10:20:15');
    // 25 committed for the first, still running for the second: written after.
    expect(earlierSnapshot('10:30:', '10:28:25')).toBe('10:28:25');
    // 27 still running for the first, committed for the second (below its xmax): written after.
    expect(earlierSnapshot('10:30:27', '10:28:')).toBe('10:28:27');
    // Ids past 2^53 compare exactly (64-bit transaction ids).
    expect(earlierSnapshot('9007199254740993:9007199254740995:9007199254740994', '9007199254740993:9007199254740996:')).toBe(
      '9007199254740993:9007199254740995:9007199254740994',
    );
  });
});
