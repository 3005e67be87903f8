'use client';
// An admin's hand on a question's lifecycle: append a clarification, set when it closes, re-open a
// resolution with a note. Each a small disclosure form beside the question.
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import type { ActionResult } from '@/lib/actions';
import { clarifyAction, reopenAction, updateQuestionAction } from '@/app/(app)/forecasts/actions';

function useSubmit(run: () => Promise<ActionResult<unknown>>, onDone: () => void) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setPending(true);
    const result = await run();
    setPending(false);
    if (!result.ok) return setError(result.error.fields ? Object.values(result.error.fields).join('; ') : result.error.message);
    setError(null);
    onDone();
    router.refresh();
  }
  return { error, pending, submit };
}

const Problem = ({ error }: { error: string | null }) =>
  error ? (
    <span className="error" role="alert">
      {error}
    </span>
  ) : null;

export function ClarifyForm({ questionId }: { questionId: string }) {
  const [text, setText] = useState('');
  const { error, pending, submit } = useSubmit(() => clarifyAction(questionId, { text }), () => setText(''));
  return (
    <details className="clarify">
      <summary>Clarify</summary>
      <form className="stack" aria-label="Add a clarification" onSubmit={submit} noValidate>
        <label>
          Clarification
          <textarea rows={2} value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <Problem error={error} />
        <button type="submit" disabled={pending}>
          Add clarification
        </button>
      </form>
    </details>
  );
}

/** `closeAt` as the value of a datetime-local input, in UTC. */
const localValue = (iso: string | null) => (iso ? iso.slice(0, 16) : '');

export function CloseForm({ questionId, closeAt }: { questionId: string; closeAt: string | null }) {
  const [value, setValue] = useState(localValue(closeAt));
  const { error, pending, submit } = useSubmit(
    () => updateQuestionAction(questionId, { closeAt: value ? `${value}:00Z` : null }),
    () => undefined,
  );
  return (
    <details className="close-time">
      <summary>Close time</summary>
      <form className="stack" aria-label="Close time" onSubmit={submit} noValidate>
        <label>
          Closes at (UTC; empty: end of the resolve-by date)
          <input type="datetime-local" value={value} onChange={(e) => setValue(e.target.value)} />
        </label>
        <Problem error={error} />
        <button type="submit" disabled={pending}>
          Set close time
        </button>
      </form>
    </details>
  );
}

export function ReopenForm({ questionId }: { questionId: string }) {
  const [note, setNote] = useState('');
  const { error, pending, submit } = useSubmit(() => reopenAction(questionId, { note }), () => setNote(''));
  return (
    <details className="reopen">
      <summary>Re-open</summary>
      <form className="stack" aria-label="Re-open question" onSubmit={submit} noValidate>
        <label>
          Why re-open
          <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        <Problem error={error} />
        <button type="submit" disabled={pending}>
          Re-open
        </button>
      </form>
    </details>
  );
}
