'use server';
import { toActionResult } from '@/lib/actions';
import { getActor } from '@/lib/auth';
import { createReply, deleteReply, updateReply } from '@/lib/threads/service';

export async function createReplyAction(annotationId: string, body: string) {
  return toActionResult([annotationId, body], async () => createReply(await getActor(), annotationId, { body }));
}

export async function updateReplyAction(id: string, version: number, body: string) {
  return toActionResult([id, version, body], async () => updateReply(await getActor(), id, version, { body }));
}

export async function deleteReplyAction(id: string, version: number) {
  return toActionResult([id, version], async () => deleteReply(await getActor(), id, version));
}
