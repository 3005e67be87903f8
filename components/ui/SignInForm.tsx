'use client';
import { signIn } from 'next-auth/react';
import { useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { localPath } from '@/lib/security/urls';

/** What next-auth's `?error=` means to the person signing in (single sign-on comes back with one). */
const SIGN_IN_ERRORS: Record<string, string> = {
  AccessDenied: 'Your identity provider signed you in, but there is no Assay account for that email that you may use: the email must be verified by the provider, and a new account needs an invitation from an admin (or an allowed email domain).',
  OAuthSignin: 'Single sign-on could not start: the identity provider did not answer. Try again, or sign in with your password.',
  OAuthCallback: 'Single sign-on did not complete: the identity provider’s answer could not be checked. Try again.',
  Callback: 'Single sign-on did not complete. Try again.',
};

/** `sso`: the single sign-on provider's name when one is configured (lib/users/oidc.ts). */
export function SignInForm({ sso = null }: { sso?: string | null }) {
  const router = useRouter();
  const params = useSearchParams();
  // Only a path on this site: `//evil.example` and its disguises would be an open redirect.
  const next = localPath(params.get('callbackUrl'));
  const returned = params.get('error');
  const [error, setError] = useState<string | null>(returned ? (SIGN_IN_ERRORS[returned] ?? 'Sign-in did not complete. Try again.') : null);
  const [pending, setPending] = useState(false);

  async function submit(form: FormData) {
    setPending(true);
    setError(null);
    const result = await signIn('credentials', {
      email: String(form.get('email')),
      password: String(form.get('password')),
      redirect: false,
    });
    setPending(false);
    if (result?.ok) {
      router.push(next);
      router.refresh();
    } else {
      setError('Wrong email or password');
    }
  }

  return (
    <form action={submit} className="stack">
      <h2>Sign in</h2>
      <label>
        Email
        <input name="email" type="email" autoComplete="username" required />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {error && <p role="alert" className="error">{error}</p>}
      <button type="submit" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
      {sso && (
        <p>
          or{' '}
          <button type="button" onClick={() => signIn('oidc', { callbackUrl: next })}>
            Sign in with {sso}
          </button>
        </p>
      )}
    </form>
  );
}
