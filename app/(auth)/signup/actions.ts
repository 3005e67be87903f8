'use server';
import { toActionResult } from '@/lib/actions';
import { createUser } from '@/lib/users/service';

export async function signUpAction(input: { email: string; name: string; password: string }) {
  return toActionResult(async () => {
    const user = await createUser(input);
    return { email: user.email, role: user.role };
  });
}
