'use client';
// An analyst's probability for a question, as a number or an ICD 203 term, with confidence kept apart.
import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { describeProbability, termMismatch } from '@/lib/forecasts';
import { type EntryInput, entrySchema } from '@/lib/forecasts/schemas';
import { ConfidenceOptions, TermOptions } from './options';
import { addEntryAction } from '@/app/(app)/forecasts/actions';

export function EntryForm({ questionId, label }: { questionId: string; label: string }) {
  const router = useRouter();
  const [percent, setPercent] = useState('');
  const [term, setTerm] = useState('');
  const [confidence, setConfidence] = useState('');
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [pending, setPending] = useState(false);

  const p = percent.trim() === '' ? null : Number(percent) / 100;
  const valid = p === null || (Number.isFinite(p) && p >= 0 && p <= 1);
  const mismatch = term && p !== null && valid ? termMismatch(term, p) : null;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const input = { ...(p !== null && { probability: p }), ...(term && { term }), ...(confidence && { confidence }) } as EntryInput;
    // The service's own schema: the form refuses what the server would, with its words (in percent here).
    const checked = entrySchema.safeParse(input);
    if (!valid || !checked.success) {
      const issue = checked.error?.issues[0];
      const text = !valid || (issue?.path[0] === 'probability' && p !== null) ? 'Probability is 0–100 %' : issue!.message;
      return setMessage({ error: true, text });
    }
    setPending(true);
    const result = await addEntryAction(questionId, input);
    setPending(false);
    if (!result.ok) return setMessage({ error: true, text: result.error.message });
    setMessage({ error: false, text: result.value.warning ? `Saved. Note: ${result.value.warning}` : 'Saved' });
    setPercent('');
    setTerm('');
    router.refresh();
  }

  return (
    <form className="entry-form" aria-label={label} onSubmit={submit} noValidate>
      <label>
        Probability (%)
        <input type="number" min={0} max={100} step={1} value={percent} onChange={(e) => setPercent(e.target.value)} />
      </label>
      <label>
        or term
        <select value={term} onChange={(e) => setTerm(e.target.value)}>
          <TermOptions />
        </select>
      </label>
      <label>
        Confidence
        <select value={confidence} onChange={(e) => setConfidence(e.target.value)}>
          <ConfidenceOptions />
        </select>
      </label>
      <button type="submit" className="primary" disabled={pending}>
        {pending ? 'Saving…' : 'Add'}
      </button>
      {p !== null && valid && !term && <span className="hint">{describeProbability(p)}</span>}
      {mismatch && <span className="warning">{mismatch}</span>}
      {message && <span className={message.error ? 'error' : 'hint'} role={message.error ? 'alert' : 'status'}>{message.text}</span>}
    </form>
  );
}
