// The team's consensus on a compare row (issue #10). A consensus is an annotation marked
// `consensus`, so it is versioned, kept in history (AnnotationEvent), announced live (the history
// trigger's NOTIFY), shown by the reader and exported like any annotation; only an admin records
// or revises one (canRecordConsensus), and it names the analysts' annotations it settles.
import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { prisma } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { type Actor, requireActor } from '@/lib/actor';
import { AppError, invalid } from '@/lib/errors';
import { parseVersion } from '@/lib/versions';
import { canRecordConsensus, hiddenDocuments, maskForecasts, seesAnnotation, visibleTo } from '@/lib/visibility';
import { describeRange, targetMatches } from '@/lib/anchoring/selectors';
import type { AnnotationView } from '@/lib/annotations/schemas';
import { type AnnotationRow, annotationEvent, kindColumns, sourceRows, toView, withRelations } from '@/lib/annotations/records';
import { insertAnnotation } from '@/lib/annotations/service';
import { checkLinks, withLinks } from '@/lib/annotations/links';
import { findDocument, judgedDocuments } from '@/lib/compare/service';
import { consensusAgreement } from './agreement';
import { type ConsensusAgreement, createConsensusSchema, updateConsensusSchema } from './schemas';

/** Who may record consensus, checked by the door before it reads a body and again here. */
export function requireConsensusWriter(actor: Actor | null): Actor {
  const user = requireActor(actor);
  if (!canRecordConsensus(user)) throw new AppError('FORBIDDEN', 'Only an admin records the team’s consensus');
  return user;
}

/**
 * 409 when another live consensus on the document already settles one of `settles`: the team's
 * consensus on a row is revised, not recorded twice (a double submit, or two leads at once, would
 * otherwise put two answers for one row into the gold set). Run under the document's consensus
 * lock (lockConsensus), so two writers cannot both pass it.
 */
async function refuseSecondConsensus(tx: Prisma.TransactionClient, documentId: string, settles: string[], except: string | null) {
  const [other] = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM "Annotation"
    WHERE "documentId" = ${documentId}::uuid AND consensus AND "deletedAt" IS NULL AND settles && ${settles}::uuid[]
      AND (${except}::uuid IS NULL OR id <> ${except}::uuid)
    ORDER BY "createdAt" LIMIT 1`;
  if (other) {
    throw new AppError('CONFLICT', 'The team’s consensus on this row is already recorded; revise it instead', { detail: { consensusId: other.id } });
  }
}

/** Serialises consensus writes on one document until the transaction ends (see refuseSecondConsensus). */
const lockConsensus = (tx: Prisma.TransactionClient, documentId: string) => tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`consensus:${documentId}`}))`;

/** 400 on `settles` naming an annotation that is not a live analyst annotation on this document that the writer can see. */
async function checkSettles(writer: Actor, documentId: string, ids: string[]) {
  const rows = await prisma.annotation.findMany({
    where: { id: { in: ids }, documentId, deletedAt: null, consensus: false },
    select: { id: true, authorId: true, document: { select: { id: true, blind: true } } },
  });
  const hidden = await hiddenDocuments(writer, rows.slice(0, 1).map((r) => r.document));
  const ok = new Set(rows.filter((r) => seesAnnotation(writer, r, !hidden.has(r.document.id))).map((r) => r.id));
  const bad = ids.findIndex((id) => !ok.has(id));
  if (bad >= 0) {
    throw new AppError('INVALID', `settles.${bad}: no analyst annotation ${ids[bad]} on this document that you can see`, {
      fields: { [`settles.${bad}`]: 'Not an analyst annotation on this document that you can see' },
    });
  }
}

export async function createConsensus(actor: Actor | null, slug: string, input: unknown): Promise<AnnotationView> {
  const admin = requireConsensusWriter(actor);
  const parsed = createConsensusSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues);
  const { start, end, exact, kind, note, sources, settles } = parsed.data;
  // An archived document takes no annotations, a consensus neither (as createAnnotation).
  const document = await prisma.document.findUnique({ where: { slug, archivedAt: null }, select: { id: true, text: true, textHash: true } });
  if (!document) throw new AppError('NOT_FOUND', `No document "${slug}"`);
  await findDocument(admin, slug); // blind and not done: 403, as comparing
  if (!targetMatches(document.text, { start, end, exact })) {
    throw new AppError('INVALID', 'exact does not match the document text at start..end', { fields: { exact: 'Does not match the document text at start..end (code points)' } });
  }
  await checkSettles(admin, document.id, [...new Set(settles)]);
  await checkLinks(admin, sources);
  const now = new Date();
  const row: AnnotationRow = {
    id: randomUUID(),
    documentId: document.id,
    authorId: admin.id,
    author: { id: admin.id, name: admin.name },
    kind,
    ...describeRange(document.text, start, end),
    textHash: document.textHash,
    orphan: false,
    note: note ?? '',
    ...kindColumns(kind, parsed.data),
    // A consensus forecast is the team's answer, not an analyst's entry: it joins no question.
    questionId: null,
    consensus: true,
    settles: [...new Set(settles)],
    version: 1,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
    sources: [],
  };
  row.sources = sourceRows(sources ?? []).map((s) => ({ ...s, id: randomUUID(), annotationId: row.id }));
  const { fresh } = await prisma.$transaction(async (tx) => {
    await lockConsensus(tx, document.id);
    await refuseSecondConsensus(tx, document.id, row.settles, null);
    return insertAnnotation(tx, row);
  });
  if (!fresh) throw new AppError('CONFLICT', 'The document changed while the consensus was written; try again');
  return toView(row);
}

export async function updateConsensus(actor: Actor | null, slug: string, id: string, expectedVersion: unknown, input: unknown): Promise<AnnotationView> {
  const admin = requireConsensusWriter(actor);
  const version = parseVersion(expectedVersion);
  const parsed = updateConsensusSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues);
  const patch = parsed.data;
  await findDocument(admin, slug);
  // Not an id at all is no such consensus (PostgreSQL would refuse it as a uuid: a 500).
  if (!z.uuid().safeParse(id).success) throw new AppError('NOT_FOUND', 'No such consensus on this document');
  return prisma.$transaction(async (tx) => {
    const existing = await tx.annotation.findFirst({ where: { id, consensus: true, deletedAt: null, document: { slug } }, include: withRelations });
    if (!existing) throw new AppError('NOT_FOUND', 'No such consensus on this document');
    const kind = patch.kind ?? existing.kind;
    const misplaced = (['claim', 'fact', 'forecast'] as const).filter((g) => patch[g] !== undefined && g !== kind.toLowerCase());
    if (misplaced.length) throw invalid(misplaced.map((g) => ({ path: [g], message: `Not allowed on a ${kind.toLowerCase()} consensus` })));
    if (patch.settles) {
      await checkSettles(admin, existing.documentId, [...new Set(patch.settles)]);
      await lockConsensus(tx, existing.documentId);
      await refuseSecondConsensus(tx, existing.documentId, [...new Set(patch.settles)], id);
    }
    if (patch.sources) await checkLinks(admin, patch.sources, id);
    const groupGiven = { CLAIM: patch.claim, FACT: patch.fact, FORECAST: patch.forecast }[kind] !== undefined;
    const columns = kind !== existing.kind || groupGiven ? kindColumns(kind, patch) : null;
    const { count } = await tx.annotation.updateMany({
      where: { id, version, deletedAt: null },
      data: {
        kind,
        ...(patch.note !== undefined ? { note: patch.note } : {}),
        ...(patch.settles ? { settles: [...new Set(patch.settles)] } : {}),
        ...columns,
        version: { increment: 1 },
      },
    });
    if (count === 0) {
      throw new AppError('CONFLICT', 'Someone revised this consensus after you opened it; reload to see their change', { detail: { currentVersion: existing.version } });
    }
    if (patch.sources) {
      await tx.source.deleteMany({ where: { annotationId: id } });
      await tx.source.createMany({ data: sourceRows(patch.sources).map((s) => ({ ...s, annotationId: id })) });
    }
    const row = await tx.annotation.findUniqueOrThrow({ where: { id }, include: withRelations });
    await tx.annotationEvent.create({ data: annotationEvent(admin, 'UPDATED', row), select: { id: true } });
    return toView(row);
  });
}

export type ConsensusList = { consensus: AnnotationView[]; agreement: ConsensusAgreement };

/** The consensus on a document as `actor` may see it, and each analyst's agreement with it. */
export async function listConsensus(actor: Actor | null, slug: string): Promise<ConsensusList> {
  const reader = requireActor(actor);
  const doc = await findDocument(reader, slug);
  const [rows, [{ annotations, loaded }]] = await Promise.all([
    prisma.annotation.findMany({
      where: { documentId: doc.id, consensus: true, deletedAt: null, ...visibleTo(reader) },
      include: withRelations,
      orderBy: [{ start: 'asc' }, { createdAt: 'asc' }],
    }),
    judgedDocuments(reader, [doc]),
  ]);
  const consensus = await withLinks(reader, await maskForecasts(reader, rows.map(toView)));
  const ids = [...loaded.marks.keys()];
  const users = await prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true }, orderBy: { name: 'asc' } });
  const items = rows.map((r) => ({
    id: r.id,
    authorId: r.authorId,
    kind: r.kind,
    start: r.start,
    end: r.end,
    createdAt: r.createdAt.getTime(),
    settles: r.settles,
    fields: { credibility: r.credibility, status: r.factStatus, probability: r.probability },
  }));
  return { consensus, agreement: consensusAgreement(items, annotations, users) };
}
