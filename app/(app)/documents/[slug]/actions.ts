'use server';
import { toActionResult } from '@/lib/actions';
import { getActor } from '@/lib/auth';
import { createAnnotation, deleteAnnotation, updateAnnotation } from '@/lib/annotations/service';
import { markReadingDone, setBlind } from '@/lib/documents/blind';
import type { CreateAnnotationInput, UpdateAnnotationInput } from '@/lib/annotations/schemas';

export async function createAnnotationAction(input: CreateAnnotationInput) {
  return toActionResult([input], async () => createAnnotation(await getActor(), input));
}

export async function updateAnnotationAction(id: string, version: number, input: UpdateAnnotationInput) {
  return toActionResult([id, version, input], async () => updateAnnotation(await getActor(), id, version, input));
}

export async function deleteAnnotationAction(id: string, version: number) {
  return toActionResult([id, version], async () => deleteAnnotation(await getActor(), id, version));
}

export async function setBlindAction(slug: string, blind: boolean) {
  return toActionResult([slug, blind], async () => setBlind(await getActor(), slug, { blind }));
}

export async function markReadingDoneAction(slug: string) {
  return toActionResult([slug], async () => markReadingDone(await getActor(), slug));
}
