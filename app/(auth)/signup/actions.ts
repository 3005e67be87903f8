'use server';
import { toActionResult } from '@/lib/actions';
import { createUser } from '@/lib/users/service';
import type { SignUpInput } from '@/lib/users/schemas';

export async function signUpAction(input: SignUpInput) {
  return toActionResult(async () => {
    const user = await createUser(input);
    return { email: user.email, role: user.role };
  });
}
