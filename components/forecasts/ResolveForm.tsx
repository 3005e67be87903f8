'use client';
// An admin settles a question; resolved YES/NO questions are scored from then on.
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { resolveQuestionAction } from '@/app/(app)/forecasts/actions';

const OUTCOMES = ['YES', 'NO', 'AMBIGUOUS', 'ANNULLED'] as const;

export function ResolveForm({ questionId }: { questionId: string }) {
  const router = useRouter();
  const [outcome, setOutcome] = useState('');
  const [note, setNote] = useState('');
  const [source, setSource] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setPending(true);
    const result = await resolveQuestionAction(questionId, { outcome, note, source });
    setPending(false);
    if (!result.ok) return setError(result.error.fields ? Object.values(result.error.fields).join('; ') : result.error.message);
    setError(null);
    router.refresh();
  }

  return (
    <details className="resolve">
      <summary>Resolve</summary>
      <form className="stack" aria-label="Resolve question" onSubmit={submit} noValidate>
        <label>
          Outcome
          <select value={outcome} onChange={(e) => setOutcome(e.target.value)}>
            <option value="">Choose…</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {o.charAt(0) + o.slice(1).toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <label>
          Resolution note
          <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        <label>
          Source
          <input value={source} placeholder="https://…" onChange={(e) => setSource(e.target.value)} />
        </label>
        {error && (
          <span className="error" role="alert">
            {error}
          </span>
        )}
        <button type="submit" className="primary" disabled={pending}>
          {pending ? 'Resolving…' : 'Resolve'}
        </button>
      </form>
    </details>
  );
}
