// Giving a probability on the forecast board: an entry appended to the question (never written
// over), mirrored onto the analyst's own forecast passages of it (lib/forecasts/ledger).
import 'server-only';
import { prisma } from '@/lib/db';
import { type Actor, requireWriter } from '@/lib/actor';
import { invalid } from '@/lib/errors';
import { canonicalTerm, termMidpoint, termMismatch } from './index';
import { mirrorForecastEntry } from './ledger';
import { findVisibleQuestion, refusal, scheduledCloseSql } from './questions';
import { type EntryView, entrySchema } from './schemas';

/** Appends the actor's probability for a question (201); a term alone stands for the middle of its range. */
export async function addEntry(actor: Actor | null, questionId: string, input: unknown): Promise<EntryView> {
  const analyst = requireWriter(actor);
  const parsed = entrySchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues);
  const { term, confidence } = parsed.data;
  const probability = parsed.data.probability ?? termMidpoint(term!);
  await findVisibleQuestion(analyst, questionId);
  const rows = await prisma.$transaction(async (tx) => {
    // The checks and the insert are one statement, so an entry cannot slip in after the close or the outcome.
    const inserted = await tx.$queryRaw<{ id: bigint; createdAt: Date }[]>`
      INSERT INTO "ForecastEntry" ("questionId", "analystId", probability, confidence, term)
      SELECT id, ${analyst.id}::uuid, ${probability}::float8, ${confidence ?? null}::"Confidence", ${term ? canonicalTerm(term) : null}
      FROM "ForecastQuestion" q WHERE id = ${questionId}::uuid AND outcome IS NULL AND COALESCE(now() < ${scheduledCloseSql}, TRUE)
      RETURNING id, "createdAt"`;
    if (inserted.length === 0) throw await refusal(questionId);
    await mirrorForecastEntry(tx, analyst, questionId, { probability, confidence: confidence ?? null });
    return inserted;
  });
  const warning = term ? termMismatch(term, probability) : null;
  return {
    id: rows[0].id.toString(),
    questionId,
    analyst: { id: analyst.id, name: analyst.name },
    probability,
    confidence: confidence ?? null,
    term: term ? canonicalTerm(term) : null,
    createdAt: rows[0].createdAt.toISOString(),
    ...(warning ? { warning } : {}),
  };
}
