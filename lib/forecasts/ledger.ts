// The forecast ledger: how forecast annotations hang off questions. A forecast passage joins (or
// opens) the question its passage overlaps best; each probability given is appended as an entry,
// never overwritten; a probability given on the board becomes the analyst's current one on their
// own passages. Called inside the writing transaction of the annotation service, import and
// entries, so the annotation, its question and its entries change together. Deleting a forecast
// passage withdraws the forecast; closed questions take nothing new.
import 'server-only';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { Actor } from '@/lib/actor';
import { AppError } from '@/lib/errors';
import { overlaps } from '@/lib/anchoring/spans';
import { annotationEvent, withRelations } from '@/lib/annotations/records';
import { byOverlap, canonicalTerm } from './index';
import { refusal, scheduledClose, scheduledCloseSql } from './questions';
import type { Confidence } from './schemas';

type Client = Prisma.TransactionClient;

export type ForecastPassage = {
  documentId: string;
  start: number;
  end: number;
  exact: string;
  statement: string | null;
  resolveBy: Date | null;
  criteria: string | null;
};

/**
 * The question a forecast passage belongs to: `requested` (a question on the same document that
 * overlaps it), a new one for 'new', or when absent the open question on the document that overlaps
 * it best, else a new one.
 */
export async function joinQuestion(tx: Client, actor: Actor, passage: ForecastPassage, requested?: string): Promise<string> {
  // Two analysts tagging the same passage at once must not open two questions.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`forecast-join:${passage.documentId}`}))`;
  if (requested && requested !== 'new') {
    const question = await tx.forecastQuestion.findUnique({
      where: { id: requested },
      select: { id: true, documentId: true, start: true, end: true, outcome: true, createdAt: true, closeAt: true, resolveBy: true },
    });
    if (!question || question.documentId !== passage.documentId || !overlaps(question, passage)) {
      throw new AppError('INVALID', 'That question is not on an overlapping passage of this document', {
        fields: { questionId: 'Not a question on an overlapping passage' },
      });
    }
    if (question.outcome) {
      throw new AppError('INVALID', 'That question is already resolved', { fields: { questionId: 'Already resolved' } });
    }
    if ((scheduledClose(question)?.getTime() ?? Infinity) <= Date.now()) throw await refusal(question.id);
    return question.id;
  }
  if (!requested) {
    const candidates = await tx.forecastQuestion.findMany({
      where: { documentId: passage.documentId, outcome: null, start: { lt: passage.end }, end: { gt: passage.start } },
      select: { id: true, start: true, end: true, createdAt: true, closeAt: true, resolveBy: true },
    });
    const now = Date.now();
    // Closed questions take no new forecasts: a passage overlapping only those opens a new one.
    const best = byOverlap(candidates.filter((q) => (scheduledClose(q)?.getTime() ?? Infinity) > now), passage)[0];
    if (best) return best.id;
  }
  const created = await tx.forecastQuestion.create({
    data: {
      documentId: passage.documentId,
      start: passage.start,
      end: passage.end,
      exact: passage.exact,
      statement: (passage.statement ?? passage.exact).slice(0, 2000),
      resolveBy: passage.resolveBy,
      criteria: passage.criteria,
      createdById: actor.id,
    },
    select: { id: true },
  });
  return created.id;
}

/** Appends an entry unless the question is resolved or closed (its forecasts are final). */
export async function appendFromAnnotation(
  tx: Client,
  analystId: string,
  questionId: string,
  entry: { probability: number; confidence: Confidence | null; term?: string | null },
): Promise<void> {
  const question = await tx.forecastQuestion.findUnique({ where: { id: questionId }, select: { outcome: true, createdAt: true, closeAt: true, resolveBy: true } });
  if (!question || question.outcome || (scheduledClose(question)?.getTime() ?? Infinity) <= Date.now()) return;
  await tx.forecastEntry.create({
    data: {
      questionId,
      analystId,
      probability: entry.probability,
      confidence: entry.confidence,
      term: entry.term ? canonicalTerm(entry.term) : null,
    },
    select: { id: true },
  });
}

/**
 * A probability given on the forecast board becomes the analyst's current one on their own
 * forecast passages of that question (a new version, recorded and announced like any edit), so the
 * reader never shows an outdated number. The entry itself is appended by the caller.
 */
export async function mirrorForecastEntry(
  tx: Client,
  analyst: Actor,
  questionId: string,
  entry: { probability: number; confidence: Confidence | null },
): Promise<void> {
  const own = await tx.annotation.findMany({
    where: { questionId, authorId: analyst.id, kind: 'FORECAST', deletedAt: null },
    select: { id: true },
  });
  for (const { id } of own) {
    const row = await tx.annotation.update({
      where: { id },
      data: { probability: entry.probability, ...(entry.confidence ? { confidence: entry.confidence } : {}), version: { increment: 1 } },
      include: withRelations,
    });
    await tx.annotationEvent.create({ data: annotationEvent(analyst, 'UPDATED', row), select: { id: true } });
  }
}

/**
 * The analyst's forecast passage `annotationId` of the question is gone (deleted, or no longer a
 * forecast): unless another of their forecast passages still holds the question, their forecast is
 * withdrawn from now on — an entry without a probability, so the history stays. Nothing changes on
 * a closed or resolved question, or when the analyst has no forecast in force there.
 */
export async function withdrawForecast(tx: Client, annotation: { id: string; authorId: string; questionId: string | null }): Promise<void> {
  const { questionId, authorId } = annotation;
  if (!questionId) return;
  const others = await tx.annotation.count({
    where: { questionId, authorId, kind: 'FORECAST', deletedAt: null, id: { not: annotation.id } },
  });
  if (others > 0) return;
  await tx.$executeRaw`
    INSERT INTO "ForecastEntry" ("questionId", "analystId", probability, withdrawn)
    SELECT q.id, ${authorId}::uuid, NULL, true FROM "ForecastQuestion" q
    WHERE q.id = ${questionId}::uuid AND q.outcome IS NULL AND COALESCE(now() < ${scheduledCloseSql}, TRUE)
      AND (SELECT NOT e.withdrawn FROM "ForecastEntry" e
           WHERE e."questionId" = q.id AND e."analystId" = ${authorId}::uuid ORDER BY e.id DESC LIMIT 1)`;
}
