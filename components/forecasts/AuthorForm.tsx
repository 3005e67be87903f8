'use client';
// The document author's own likelihood wording and the probability it implies, so sources are scored too.
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { canonicalTerm, termMidpoint } from '@/lib/forecasts';
import { updateQuestionAction } from '@/app/(app)/forecasts/actions';

export function AuthorForm(props: { questionId: string; wording: string | null; probability: number | null }) {
  const router = useRouter();
  const [wording, setWording] = useState(props.wording ?? '');
  const [percent, setPercent] = useState(props.probability == null ? '' : String(Math.round(props.probability * 1000) / 10));
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const implied = canonicalTerm(wording) ? termMidpoint(wording) : null;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const p = percent.trim() === '' ? null : Number(percent) / 100;
    setPending(true);
    const result = await updateQuestionAction(props.questionId, {
      authorWording: wording,
      authorProbability: p ?? implied,
    });
    setPending(false);
    if (!result.ok) return setError(result.error.fields ? Object.values(result.error.fields).join('; ') : result.error.message);
    setError(null);
    router.refresh();
  }

  return (
    <details className="author-form">
      <summary>Author’s wording</summary>
      <form className="stack" aria-label="Author’s wording" onSubmit={submit} noValidate>
        <label>
          Wording in the document
          <input value={wording} placeholder="highly probable, can be expected…" onChange={(e) => setWording(e.target.value)} />
        </label>
        <label>
          Implied probability (%)
          <input
            type="number"
            min={0}
            max={100}
            value={percent}
            placeholder={implied === null ? '' : String(implied * 100)}
            onChange={(e) => setPercent(e.target.value)}
          />
        </label>
        {error && (
          <span className="error" role="alert">
            {error}
          </span>
        )}
        <button type="submit" disabled={pending}>
          Save
        </button>
      </form>
    </details>
  );
}
