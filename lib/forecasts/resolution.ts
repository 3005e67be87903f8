// A question's own fields and its end: the admin resolves it (YES / NO / AMBIGUOUS / ANNULLED, with
// a note and a source), and its creator or an admin edit its statement, criteria and the document
// author's own likelihood wording.
import 'server-only';
import { prisma } from '@/lib/db';
import { type Actor, requireAdmin, requireWriter } from '@/lib/actor';
import { AppError, invalid } from '@/lib/errors';
import { canEditQuestion } from '@/lib/visibility';
import { canonicalTerm, termMidpoint } from './index';
import { getQuestion } from './board';
import { findQuestionId } from './questions';
import { type QuestionView, questionPatchSchema, resolutionSchema } from './schemas';

export async function resolveQuestion(actor: Actor | null, questionId: string, input: unknown): Promise<QuestionView> {
  const admin = requireAdmin(actor);
  const parsed = resolutionSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues);
  await findQuestionId(questionId);
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
  return getQuestion(admin, questionId);
}

/**
 * Edits the question: its statement and criteria, and the document author's own likelihood wording
 * with the probability it implies (an ICD 203 wording without a number stands for its range's
 * middle). Admins and the question's creator only.
 */
export async function updateQuestion(actor: Actor | null, questionId: string, input: unknown): Promise<QuestionView> {
  const user = requireWriter(actor);
  const parsed = questionPatchSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues);
  const question = await prisma.forecastQuestion.findUnique({ where: { id: await findQuestionId(questionId) } });
  if (!canEditQuestion(user, question!)) {
    throw new AppError('FORBIDDEN', 'Only an admin or the question’s creator can edit it');
  }
  const patch = parsed.data;
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
    },
  });
  return getQuestion(user, questionId);
}
