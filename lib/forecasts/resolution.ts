// A question's own fields and its lifecycle: the admin closes it (or lets it close at the end of its
// resolve-by date), clarifies it (append-only, announced live), resolves it (YES / NO / AMBIGUOUS /
// ANNULLED, with a note and a source) and may re-open a resolution with a note (the undone
// resolution is kept); its creator or an admin edit its statement, criteria and the document
// author's own likelihood wording.
import 'server-only';
import { prisma } from '@/lib/db';
import { type Actor, requireActor, requireAdmin, requireWriter } from '@/lib/actor';
import { AppError, invalid } from '@/lib/errors';
import { canEditQuestion, canManageQuestion } from '@/lib/visibility';
import { canonicalTerm, termMidpoint } from './index';
import { getQuestion } from './board';
import { findVisibleQuestion } from './questions';
import { scorePending } from './scoring';
import { type Clarification, clarificationSchema, type QuestionView, questionPatchSchema, reopenSchema, resolutionSchema } from './schemas';

/** Only admins manage a question's lifecycle; checked before the body is read. */
function requireManager(actor: Actor | null): Actor {
  const user = requireActor(actor);
  if (!canManageQuestion(user)) throw new AppError('FORBIDDEN', 'Only an admin can do this');
  return user;
}

export async function resolveQuestion(actor: Actor | null, questionId: string, input: unknown): Promise<QuestionView> {
  const admin = requireAdmin(actor);
  const parsed = resolutionSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues);
  await findVisibleQuestion(admin, questionId);
  const { count } = await prisma.forecastQuestion.updateMany({
    where: { id: questionId, outcome: null },
    data: {
      outcome: parsed.data.outcome,
      resolutionNote: parsed.data.note,
      resolutionSource: parsed.data.source ?? null,
      resolvedAt: new Date(),
      resolvedById: admin.id,
    },
  });
  if (count === 0) throw new AppError('CONFLICT', 'This question is already resolved');
  // Its scores are stored now, for the leaderboard (lib/forecasts/scoring.ts).
  await scorePending([questionId]);
  return getQuestion(admin, questionId);
}

/**
 * Undoes a resolution (admins, with a note): the question is unresolved again — taking entries if
 * its close time has not passed — and the resolution it had is kept in its re-openings.
 */
export async function reopenQuestion(actor: Actor | null, questionId: string, input: unknown): Promise<QuestionView> {
  const admin = requireManager(actor);
  const parsed = reopenSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues);
  await findVisibleQuestion(admin, questionId);
  await prisma.$transaction(async (tx) => {
    // Locks the question so two re-openings (or a re-opening and a resolution) take turns.
    const [question] = await tx.$queryRaw<
      { outcome: string | null; resolutionNote: string | null; resolutionSource: string | null; resolvedAt: Date | null; resolvedById: string | null }[]
    >`SELECT outcome::text AS outcome, "resolutionNote", "resolutionSource", "resolvedAt", "resolvedById"
      FROM "ForecastQuestion" WHERE id = ${questionId}::uuid FOR UPDATE`;
    if (!question.outcome) throw new AppError('CONFLICT', 'This question is not resolved; there is nothing to re-open');
    await tx.forecastReopening.create({
      data: {
        questionId,
        actorId: admin.id,
        note: parsed.data.note,
        outcome: question.outcome as 'YES' | 'NO' | 'AMBIGUOUS' | 'ANNULLED',
        resolutionNote: question.resolutionNote,
        resolutionSource: question.resolutionSource,
        resolvedAt: question.resolvedAt,
        resolvedById: question.resolvedById,
      },
      select: { id: true },
    });
    await tx.forecastQuestion.update({
      where: { id: questionId },
      data: { outcome: null, resolutionNote: null, resolutionSource: null, resolvedAt: null, resolvedById: null },
    });
  });
  return getQuestion(admin, questionId);
}

/** Appends a clarification (admins); the database announces it to every open board (lib/forecasts/live.ts). */
export async function addClarification(actor: Actor | null, questionId: string, input: unknown): Promise<Clarification> {
  const admin = requireManager(actor);
  const parsed = clarificationSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues);
  await findVisibleQuestion(admin, questionId);
  const row = await prisma.forecastClarification.create({
    data: { questionId, authorId: admin.id, text: parsed.data.text },
    select: { id: true, text: true, createdAt: true },
  });
  return { id: row.id.toString(), text: row.text, at: row.createdAt.toISOString(), by: { id: admin.id, name: admin.name } };
}

/**
 * Edits the question: its statement and criteria, and the document author's own likelihood wording
 * with the probability it implies (an ICD 203 wording without a number stands for its range's
 * middle) — admins and the question's creator; and its close time — admins only.
 */
export async function updateQuestion(actor: Actor | null, questionId: string, input: unknown): Promise<QuestionView> {
  const user = requireWriter(actor);
  const parsed = questionPatchSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues);
  const question = await prisma.forecastQuestion.findUnique({ where: { id: await findVisibleQuestion(user, questionId) } });
  if (!canEditQuestion(user, question!)) {
    throw new AppError('FORBIDDEN', 'Only an admin or the question’s creator can edit it');
  }
  const patch = parsed.data;
  if (patch.closeAt !== undefined && !canManageQuestion(user)) {
    throw new AppError('FORBIDDEN', 'Only an admin can set a question’s close time');
  }
  const closeAt = patch.closeAt === undefined ? undefined : patch.closeAt === null ? null : new Date(patch.closeAt);
  if (closeAt && closeAt <= question!.createdAt) {
    throw new AppError('INVALID', 'The close time must come after the question opened', {
      fields: { closeAt: `After ${question!.createdAt.toISOString()}` },
    });
  }
  let authorProbability = patch.authorProbability;
  if (authorProbability === undefined && patch.authorWording && canonicalTerm(patch.authorWording)) {
    authorProbability = termMidpoint(patch.authorWording);
  }
  await prisma.forecastQuestion.update({
    where: { id: questionId },
    data: {
      statement: patch.statement,
      resolveBy: patch.resolveBy === undefined ? undefined : patch.resolveBy ? new Date(`${patch.resolveBy}T00:00:00Z`) : null,
      criteria: patch.criteria,
      authorWording: patch.authorWording,
      authorProbability,
      closeAt,
    },
  });
  // A resolved question's scores follow its close time and its author's probability.
  if (question!.outcome) await scorePending([questionId]);
  return getQuestion(user, questionId);
}
