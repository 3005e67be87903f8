import Link from 'next/link';
import { existingDemoAccounts } from '@/lib/users/service';
import { DEMO_PASSWORD } from '@/lib/users/demo';
import { SignInForm } from '@/components/ui/SignInForm';
import { oidcSettings } from '@/lib/users/oidc';

export const dynamic = 'force-dynamic';

export default async function SignInPage() {
  const demo = await existingDemoAccounts();
  const sso = oidcSettings();
  return (
    <>
      <SignInForm sso={sso ? sso.name : null} />
      <p>
        No account yet? <Link href="/signup">Sign up</Link>
      </p>
      {demo.length > 0 && (
        <section className="demo" aria-label="Demo accounts">
          <h2>Demo mode</h2>
          <p>
            Sign in as one of the demo analysts with the password <code>{DEMO_PASSWORD}</code>:
          </p>
          <ul>
            {demo.map((a) => (
              <li key={a.email}>
                <code>{a.email}</code> — {a.name}
                {a.role === 'ADMIN' ? ' (admin)' : ''}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
