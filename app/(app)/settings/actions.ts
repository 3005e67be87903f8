'use server';
import { revalidatePath } from 'next/cache';
import { toActionResult } from '@/lib/actions';
import { getActor } from '@/lib/auth';
import { createToken, revokeToken } from '@/lib/tokens/service';

export async function createTokenAction(name: string) {
  const result = await toActionResult([name], async () => createToken(await getActor(), { name }));
  revalidatePath('/settings');
  return result;
}

export async function revokeTokenAction(id: string) {
  const result = await toActionResult([id], async () => revokeToken(await getActor(), id));
  revalidatePath('/settings');
  return result;
}
