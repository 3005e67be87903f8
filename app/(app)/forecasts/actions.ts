'use server';
import { revalidatePath } from 'next/cache';
import { toActionResult } from '@/lib/actions';
import { getActor } from '@/lib/auth';
import { addEntry } from '@/lib/forecasts/entries';
import { addClarification, reopenQuestion, resolveQuestion, updateQuestion } from '@/lib/forecasts/resolution';

export async function addEntryAction(questionId: string, input: unknown) {
  const result = await toActionResult([questionId, input], async () => addEntry(await getActor(), questionId, input));
  if (result.ok) revalidatePath('/forecasts');
  return result;
}

export async function resolveQuestionAction(questionId: string, input: unknown) {
  const result = await toActionResult([questionId, input], async () => {
    await resolveQuestion(await getActor(), questionId, input);
  });
  if (result.ok) revalidatePath('/forecasts');
  return result;
}

export async function updateQuestionAction(questionId: string, input: unknown) {
  const result = await toActionResult([questionId, input], async () => {
    await updateQuestion(await getActor(), questionId, input);
  });
  if (result.ok) revalidatePath('/forecasts');
  return result;
}

export async function clarifyAction(questionId: string, input: unknown) {
  const result = await toActionResult([questionId, input], async () => {
    await addClarification(await getActor(), questionId, input);
  });
  if (result.ok) revalidatePath('/forecasts');
  return result;
}

export async function reopenAction(questionId: string, input: unknown) {
  const result = await toActionResult([questionId, input], async () => {
    await reopenQuestion(await getActor(), questionId, input);
  });
  if (result.ok) revalidatePath('/forecasts');
  return result;
}
