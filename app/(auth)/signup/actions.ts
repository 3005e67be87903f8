'use server';
import { toActionResult } from '@/lib/actions';
import { signUp } from '@/lib/users/invitations';
import type { SignUpInput } from '@/lib/users/schemas';

export async function signUpAction(input: SignUpInput & { invitation?: string }) {
  return toActionResult([input], async () => {
    const user = await signUp(input);
    return { email: user.email, role: user.role };
  });
}
