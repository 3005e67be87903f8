'use server';
import { revalidatePath } from 'next/cache';
import { toActionResult } from '@/lib/actions';
import { getActor } from '@/lib/auth';
import { setRole } from '@/lib/users/service';

export async function setRoleAction(userId: string, role: string) {
  const result = await toActionResult([userId, role], async () => setRole(await getActor(), userId, role));
  revalidatePath('/admin/users');
  return result;
}
