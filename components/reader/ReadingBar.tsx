'use client';
// Above the reader: the document's blind-mode state, the analyst's "my reading is done" and, for
// admins, the switch. After a change the page is re-rendered on the server, so what the reader
// shows always comes from the service's visibility rule.
import { useRouter } from 'next/navigation';
import { useEffect, useState, useTransition } from 'react';
import Link from 'next/link';
import type { ReadingState } from '@/lib/documents/schemas';
import { markReadingDoneAction, setBlindAction } from '@/app/(app)/documents/[slug]/actions';

export function ReadingBar({ slug, state, isAdmin }: { slug: string; state: ReadingState; isAdmin: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  // Shown at once; the server's state replaces it when the page re-renders.
  const [blind, setBlindShown] = useState(state.blind);
  useEffect(() => setBlindShown(state.blind), [state.blind]);

  const run = (action: () => Promise<{ ok: boolean; error?: { message: string } }>) =>
    startTransition(async () => {
      const result = await action();
      if (!result.ok) setError(result.error?.message ?? 'Failed');
      else {
        setError(null);
        router.refresh();
      }
    });

  return (
    <div className="reading-bar" data-testid="reading-bar">
      {state.blind && !state.revealed && (
        <span className="blind-note">
          <strong>Blind mode.</strong> You see only your own annotations until you mark your reading done.
        </span>
      )}
      {state.blind && state.revealed && <span className="blind-note">Blind mode: everyone’s annotations are shown to you.</span>}
      {state.blind && !state.done && (
        <button type="button" disabled={pending} onClick={() => run(() => markReadingDoneAction(slug))}>
          Mark my reading done
        </button>
      )}
      {state.revealed ? (
        <Link href={`/documents/${slug}/compare`}>Compare analysts</Link>
      ) : (
        <span className="muted">Compare opens when your reading is done</span>
      )}
      {isAdmin && (
        <label className="blind-switch">
          <input
            type="checkbox"
            checked={blind}
            disabled={pending}
            onChange={(event) => {
              const wanted = event.target.checked;
              setBlindShown(wanted);
              run(() => setBlindAction(slug, wanted));
            }}
          />{' '}
          Blind mode
        </label>
      )}
      {error && <span role="alert">{error}</span>}
    </div>
  );
}
