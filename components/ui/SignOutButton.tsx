'use client';
import { signOut } from 'next-auth/react';
import { useState } from 'react';

/**
 * Signs out, ending the session on the server (lib/users/sessions.ts), then goes to the sign-in
 * page. When the server could not end it (503), the page stays and says so: next-auth's own
 * redirect would go to the sign-in page all the same, as if the session were over.
 */
export function SignOutButton() {
  const [failed, setFailed] = useState(false);

  async function leave() {
    setFailed(false);
    const answer = await signOut({ callbackUrl: '/signin', redirect: false }).catch(() => null);
    if (answer && typeof answer.url === 'string') window.location.assign(answer.url);
    else setFailed(true);
  }

  return (
    <>
      <button type="button" className="link" onClick={leave}>
        Sign out
      </button>
      {failed && (
        <span role="alert" className="error">
          Not signed out: try again
        </span>
      )}
    </>
  );
}
