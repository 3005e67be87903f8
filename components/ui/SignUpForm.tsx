'use client';
import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { signUpAction } from '@/app/(auth)/signup/actions';
import type { FieldErrors } from '@/lib/errors';

export function SignUpForm({ invitation }: { invitation?: string } = {}) {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(form: FormData) {
    const input = {
      email: String(form.get('email')),
      name: String(form.get('name')),
      password: String(form.get('password')),
      ...(invitation ? { invitation } : {}),
    };
    setPending(true);
    const result = await signUpAction(input);
    if (!result.ok) {
      setPending(false);
      setErrors(result.error.fields ?? {});
      setMessage(result.error.message);
      return;
    }
    await signIn('credentials', { email: input.email, password: input.password, redirect: false });
    router.push('/');
    router.refresh();
  }

  return (
    <form action={submit} className="stack">
      <h2>Create an account</h2>
      <p className="hint">{invitation ? 'You were invited: your role comes with the invitation.' : 'Sign-up needs an invitation unless your email domain is allowed.'}</p>
      <label>
        Name
        <input name="name" autoComplete="name" required />
        {errors.name && <span className="error">{errors.name}</span>}
      </label>
      <label>
        Email
        <input name="email" type="email" autoComplete="username" required />
        {errors.email && <span className="error">{errors.email}</span>}
      </label>
      <label>
        Password (8+ characters)
        <input name="password" type="password" autoComplete="new-password" minLength={8} required />
        {errors.password && <span className="error">{errors.password}</span>}
      </label>
      {message && <p role="alert" className="error">{message}</p>}
      <button type="submit" disabled={pending}>
        {pending ? 'Creating…' : 'Sign up'}
      </button>
    </form>
  );
}
