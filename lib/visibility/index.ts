// Every read rule of Assay, in its server forms. The rules themselves are the predicates of
// ./rules.ts (blind mode, hidden probabilities, who edits and deletes); this module applies them
// where the data is: a Prisma filter and an SQL condition for lists, and checks by id for single
// reads, live events and batches. visibility.int.test.ts holds every form equal to the predicates.
// Services call these; nothing else re-derives a rule (docs/ARCHITECTURE.md, "Rules").
import 'server-only';
import { prisma } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import type { Actor } from '@/lib/actor';
import type { AnnotationView } from '@/lib/annotations/schemas';
import { AppError } from '@/lib/errors';
import { seesAnnotation, seesDocument, seesOthersOn, seesProbabilities, seesProbabilityOf } from './rules';

export * from './rules';

// ---------------------------------------------------------------------------------------------
// Blind mode: seesOthersOn + seesAnnotation, as a filter, as SQL and by id.

/** A filter on annotations: those `actor` may see, on any document. */
export function visibleTo(actor: Actor): Prisma.AnnotationWhereInput {
  if (actor.role === 'VIEWER') return {};
  return {
    OR: [
      { authorId: actor.id },
      { document: { blind: false } },
      { document: { readings: { some: { userId: actor.id } } } },
    ],
  };
}

/**
 * `visibleTo` as an SQL condition on the annotation aliased `alias`, for raw reads that Prisma's
 * filters would slow down (exports, agreement).
 */
export function visibleToSql(actor: Actor, alias = 'a'): Prisma.Sql {
  if (actor.role === 'VIEWER') return Prisma.sql`TRUE`;
  const a = Prisma.raw(`"${alias.replaceAll('"', '""')}"`);
  return Prisma.sql`(${a}."authorId" = ${actor.id}::uuid OR EXISTS (
    SELECT 1 FROM "Document" vd WHERE vd.id = ${a}."documentId"
      AND (NOT vd.blind OR EXISTS (SELECT 1 FROM "ReadingDone" vr WHERE vr."documentId" = vd.id AND vr."userId" = ${actor.id}::uuid))))`;
}

/**
 * What `actor` may see on a document, from one read of it: whether it is archived (seesDocument)
 * and whether they see everyone's annotations there (seesOthersOn; an unknown document hides nothing).
 */
async function onDocument(actor: Actor, documentId: string): Promise<{ archived: boolean; others: boolean }> {
  const document = await prisma.document.findUnique({
    where: { id: documentId },
    select: { archivedAt: true, blind: true, readings: { where: { userId: actor.id }, select: { userId: true } } },
  });
  if (!document) return { archived: false, others: true };
  return { archived: document.archivedAt !== null, others: seesOthersOn(actor, { blind: document.blind, done: document.readings.length > 0 }) };
}

/** Whether `actor` sees everyone's annotations on the document (an unknown document hides nothing). */
export async function seesOthers(actor: Actor, documentId: string): Promise<boolean> {
  return actor.role === 'VIEWER' || (await onDocument(actor, documentId)).others;
}

// ---------------------------------------------------------------------------------------------
// Archived documents: seesDocument, where a document is opened by its slug.

/**
 * The document `slug` names, with the fields of `select`, as `actor` may open it: 404 when there is
 * none, or it is archived and they are not an admin (seesDocument). Every door onto one document
 * by its slug (its annotations, comparing, live events, questions) opens it here.
 */
export async function openDocument<S extends Prisma.DocumentSelect>(actor: Actor, slug: string, select: S): Promise<Prisma.DocumentGetPayload<{ select: S }>> {
  type Found = Prisma.DocumentGetPayload<{ select: S }> & { archivedAt: Date | null };
  const document = (await prisma.document.findUnique({ where: { slug }, select: { ...select, archivedAt: true } as Prisma.DocumentSelect })) as Found | null;
  if (!document || !seesDocument(actor, { archived: document.archivedAt !== null })) throw new AppError('NOT_FOUND', `No document "${slug}"`);
  if (select.archivedAt) return document;
  const { archivedAt: _, ...fields } = document;
  return fields as unknown as Prisma.DocumentGetPayload<{ select: S }>;
}

/** `seesDocument` as an SQL condition on the document aliased `alias`, for reads that join it. */
export function openDocumentSql(actor: Actor, alias = 'd'): Prisma.Sql {
  return actor.role === 'ADMIN' ? Prisma.sql`TRUE` : Prisma.sql`${Prisma.raw(`"${alias.replaceAll('"', '""')}"`)}."archivedAt" IS NULL`;
}

/** `seesDocument` as a filter on documents (sets of annotations across documents: exports). */
export function openDocuments(actor: Actor): Prisma.DocumentWhereInput {
  return actor.role === 'ADMIN' ? {} : { archivedAt: null };
}

/** `openDocuments` as an SQL condition on the document of the annotation aliased `alias` (the few archived ones, looked up once). */
export function inOpenDocumentSql(actor: Actor, alias = 'a'): Prisma.Sql {
  if (actor.role === 'ADMIN') return Prisma.sql`TRUE`;
  return Prisma.sql`${Prisma.raw(`"${alias.replaceAll('"', '""')}"`)}."documentId" NOT IN (SELECT id FROM "Document" WHERE "archivedAt" IS NOT NULL)`;
}

/**
 * Whether `actor` may see an annotation (its thread and history go with it): its document not
 * archived (seesDocument, even for its author), and blind mode (seesOthers) in one query.
 */
export async function canSeeAnnotation(actor: Actor, annotation: { authorId: string; documentId: string }): Promise<boolean> {
  const { archived, others } = await onDocument(actor, annotation.documentId);
  if (!seesDocument(actor, { archived })) return false;
  return seesAnnotation(actor, annotation, annotation.authorId === actor.id || actor.role === 'VIEWER' || others);
}

/** Of these documents, the ids of those on which blind mode hides others' annotations from `actor`: one query. */
export async function hiddenDocuments(actor: Actor, documents: { id: string; blind: boolean }[]): Promise<Set<string>> {
  const blind = documents.filter((d) => d.blind).map((d) => d.id);
  if (actor.role === 'VIEWER' || blind.length === 0) return new Set();
  const done = await prisma.readingDone.findMany({ where: { userId: actor.id, documentId: { in: blind } }, select: { documentId: true } });
  const doneIds = new Set(done.map((d) => d.documentId));
  return new Set(blind.filter((id) => !seesOthersOn(actor, { blind: true, done: doneIds.has(id) })));
}

/** `seesQuestion` as a filter on the questions of one document, given `seesOthers` there. */
export function questionsVisibleTo(actor: Actor, seesOthers: boolean): Prisma.ForecastQuestionWhereInput {
  return seesOthers ? {} : { OR: [{ createdById: actor.id }, { entries: { some: { analystId: actor.id } } }] };
}

/** Whether `actor` has forecast on the question aliased q (`forecastByWho`), in SQL. */
const forecastByWhoSql = (actor: Actor) =>
  Prisma.sql`EXISTS (SELECT 1 FROM "ForecastEntry" fw WHERE fw."questionId" = q.id AND fw."analystId" = ${actor.id}::uuid)`;

/**
 * `seesQuestion` in SQL on the question aliased q, given the documents hidden from `actor`
 * (`hiddenDocuments`): the board pages and sorts with it (rules.int.test.ts holds it to the predicate).
 */
export function questionsVisibleToSql(actor: Actor, hidden: Set<string>): Prisma.Sql {
  // Nothing hidden from the reader: every question is visible, and nothing need be looked up per row.
  if (hidden.size === 0) return Prisma.sql`TRUE`;
  return Prisma.sql`(NOT (q."documentId" = ANY(${[...hidden]}::uuid[])) OR q."createdById" = ${actor.id}::uuid OR ${forecastByWhoSql(actor)})`;
}

/**
 * Whether `actor` sees others' probabilities on the question aliased q — `seesProbabilities`, on a
 * document not hidden from them — in SQL: what the board's disagreement order may use.
 */
export function probabilitiesRevealedSql(actor: Actor, hidden: Set<string>): Prisma.Sql {
  return Prisma.sql`(NOT (q."documentId" = ANY(${[...hidden]}::uuid[])) AND (${actor.role === 'VIEWER'} OR q.outcome IS NOT NULL OR ${forecastByWhoSql(actor)}))`;
}

// ---------------------------------------------------------------------------------------------
// Hidden probabilities: seesProbabilities + seesProbabilityOf, by question.

/** Questions among `questionIds` on which `actor` may see others' probabilities. */
export async function revealedQuestions(actor: Actor, questionIds: string[]): Promise<Set<string>> {
  if (questionIds.length === 0) return new Set();
  if (actor.role === 'VIEWER') return new Set(questionIds);
  const rows = await prisma.forecastQuestion.findMany({
    where: { id: { in: questionIds } },
    select: { id: true, outcome: true, entries: { where: { analystId: actor.id }, select: { id: true }, take: 1 } },
  });
  return new Set(
    rows.filter((q) => seesProbabilities(actor, { resolved: q.outcome !== null, forecastByWho: q.entries.length > 0 })).map((q) => q.id),
  );
}

/** A forecast as the probability rule needs it. */
export type ForecastRef = { authorId: string; questionId: string | null; probability: number | null };

/** For each forecast, whether `actor` must not see its probability (one query for all). */
export async function hiddenProbabilities(actor: Actor, forecasts: ForecastRef[]): Promise<boolean[]> {
  const guarded = (f: ForecastRef) => f.questionId !== null && f.probability !== null && f.authorId !== actor.id;
  const ids = [...new Set(forecasts.filter(guarded).map((f) => f.questionId!))];
  const revealed = ids.length && actor.role !== 'VIEWER' ? await revealedQuestions(actor, ids) : null;
  return forecasts.map((f) => revealed !== null && guarded(f) && !seesProbabilityOf(actor, f, revealed.has(f.questionId!)));
}

/** The views with `forecast.probability` withheld (and `hidden` set) where `actor` may not see it. */
export async function maskForecasts(actor: Actor, views: AnnotationView[]): Promise<AnnotationView[]> {
  const hidden = await hiddenProbabilities(
    actor,
    views.map((v) => ({ authorId: v.author.id, questionId: v.forecast?.questionId ?? null, probability: v.forecast?.probability ?? null })),
  );
  return views.map((v, i) => (hidden[i] ? { ...v, forecast: { ...v.forecast!, probability: null, hidden: true } } : v));
}
