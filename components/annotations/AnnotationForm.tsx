'use client';
// The form for one annotation: the fields of its kind (DESIGN.md "Data model") and its sources.
// Validation uses the same zod schemas as the service; the server checks again.
import { useRef, useState } from 'react';
import { useFocusTrap } from '@/components/ui/focus';
import {
  type AnnotationView,
  CREDIBILITY_LABELS,
  FACT_STATUSES,
  type Kind,
  KINDS,
  RELATIONS,
  RELIABILITY_LABELS,
  type SourceInput,
  type UpdateAnnotationInput,
  updateAnnotationSchema,
} from '@/lib/annotations/schemas';
import { fieldErrorsFrom, type FieldErrors } from '@/lib/errors';
import type { ActionResult } from '@/lib/actions';
import { PassagePicker } from './Evidence';
import { KIND_LABEL } from './labels';
import { describeProbability, termMidpoint, termMismatch } from '@/lib/forecasts';
import { ConfidenceOptions, TermOptions } from '@/components/forecasts/options';

type SourceDraft = { url: string; title: string; publisher: string; excerpt: string; relation: string; reliability: string; annotation: string };

type Values = {
  kind: Kind;
  note: string;
  attributedTo: string;
  credibility: string;
  status: string;
  statement: string;
  probabilityPercent: string;
  term: string;
  confidence: string;
  resolveBy: string;
  criteria: string;
  sources: SourceDraft[];
};

const emptySource: SourceDraft = { url: '', title: '', publisher: '', excerpt: '', relation: 'SUPPORTS', reliability: '', annotation: '' };

function initialValues(kind: Kind, a?: AnnotationView): Values {
  const probability = a?.forecast?.probability;
  return {
    kind,
    note: a?.note ?? '',
    attributedTo: a?.claim?.attributedTo ?? '',
    credibility: a?.claim?.credibility?.toString() ?? '',
    status: a?.fact?.status ?? '',
    statement: a?.forecast?.statement ?? '',
    probabilityPercent: probability == null ? '' : String(Math.round(probability * 1000) / 10),
    term: '',
    confidence: a?.forecast?.confidence ?? '',
    resolveBy: a?.forecast?.resolveBy ?? '',
    criteria: a?.forecast?.criteria ?? '',
    sources: (a?.sources ?? []).map((s) => ({
      url: s.url ?? '',
      title: s.title ?? '',
      publisher: s.publisher ?? '',
      excerpt: s.excerpt ?? '',
      relation: s.relation,
      reliability: s.reliability ?? '',
      annotation: s.annotation ?? '',
    })),
  };
}

/** Form values → the service's input, or the field errors that stop it. */
function toInput(v: Values): { input?: UpdateAnnotationInput; errors: FieldErrors } {
  const errors: FieldErrors = {};
  let probability: number | undefined;
  if (v.probabilityPercent.trim() !== '') {
    const percent = Number(v.probabilityPercent);
    if (!Number.isFinite(percent) || percent < 0 || percent > 100) errors['forecast.probability'] = 'Probability is 0–100 %';
    else probability = percent / 100;
  }
  const input: UpdateAnnotationInput = {
    kind: v.kind,
    note: v.note,
    sources: v.sources as SourceInput[],
    ...(v.kind === 'CLAIM' && {
      claim: { attributedTo: v.attributedTo, credibility: v.credibility ? Number(v.credibility) : undefined },
    }),
    ...(v.kind === 'FACT' && { fact: { status: v.status || undefined } as UpdateAnnotationInput['fact'] }),
    ...(v.kind === 'FORECAST' && {
      forecast: {
        statement: v.statement,
        probability,
        confidence: (v.confidence || undefined) as 'LOW' | undefined,
        resolveBy: v.resolveBy,
        criteria: v.criteria,
        term: v.term || undefined,
      },
    }),
  };
  const parsed = updateAnnotationSchema.safeParse(input);
  if (!parsed.success) Object.assign(errors, fieldErrorsFrom(parsed.error.issues), errors);
  return Object.keys(errors).length ? { errors } : { input, errors };
}

export function AnnotationForm(props: {
  kind: Kind;
  quote: string;
  annotation?: AnnotationView;
  /** Existing forecast questions overlapping a new forecast's passage (ordered by byOverlap, lib/forecasts/join.ts), best first. */
  questions?: { id: string; statement: string }[];
  /** On create, `questionId` says which question a forecast joins (an id or 'new'); absent, the server picks. */
  onSubmit: (input: UpdateAnnotationInput & { questionId?: string }) => Promise<ActionResult<unknown>>;
  onCancel: () => void;
  /** Where focus goes when the form closes and what had it before is gone (e.g. the card that was edited). */
  returnFocus?: () => HTMLElement | null | undefined;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  // The form is a dialog: focus moves in, Tab stays inside, Esc cancels, and focus goes back after.
  useFocusTrap(formRef, props.returnFocus);
  const [values, setValues] = useState(() => initialValues(props.kind, props.annotation));
  const joinable = props.annotation ? [] : props.questions ?? [];
  const [questionId, setQuestionId] = useState(() => joinable[0]?.id ?? 'new');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));
  const setSource = (i: number, patch: Partial<SourceDraft>) =>
    set('sources', values.sources.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const error = (path: string) => errors[path] && <span className="error">{errors[path]}</span>;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const { input, errors: found } = toInput(values);
    setErrors(found);
    if (!input) return setMessage('Check the marked fields');
    setPending(true);
    const result = await props.onSubmit(values.kind === 'FORECAST' && joinable.length > 0 ? { ...input, questionId } : input);
    setPending(false);
    if (!result.ok) {
      setErrors(result.error.fields ?? {});
      setMessage(result.error.message);
    }
  }

  const editing = Boolean(props.annotation);
  const title = `${editing ? 'Edit' : 'New'} ${KIND_LABEL[values.kind].toLowerCase()}`;

  return (
    <form
      ref={formRef}
      className="annotation-form stack"
      role="dialog"
      aria-label={title}
      onSubmit={submit}
      noValidate
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          props.onCancel();
        }
      }}
    >
      <h2>{title}</h2>
      <blockquote className="quote">{props.quote}</blockquote>
      <fieldset className="kind-switch">
        <legend>Kind</legend>
        {KINDS.map((k) => (
          <label key={k} className={`chip kind-${k.toLowerCase()}`}>
            <input type="radio" name="kind" value={k} checked={values.kind === k} onChange={() => set('kind', k)} data-autofocus={values.kind === k ? '' : undefined} />
            {KIND_LABEL[k]}
          </label>
        ))}
      </fieldset>

      {values.kind === 'CLAIM' && (
        <>
          <label>
            Who makes the claim
            <input value={values.attributedTo} placeholder="The article's author, a quoted official…" onChange={(e) => set('attributedTo', e.target.value)} />
            {error('claim.attributedTo')}
          </label>
          <label>
            Credibility
            <select value={values.credibility} onChange={(e) => set('credibility', e.target.value)}>
              <option value="">Not rated</option>
              {Object.entries(CREDIBILITY_LABELS).map(([n, label]) => (
                <option key={n} value={n}>
                  {n} — {label}
                </option>
              ))}
            </select>
            {error('claim.credibility')}
          </label>
        </>
      )}

      {values.kind === 'FACT' && (
        <label>
          Verification status
          <select value={values.status} onChange={(e) => set('status', e.target.value)}>
            <option value="">Not assessed</option>
            {FACT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.charAt(0) + s.slice(1).toLowerCase()}
              </option>
            ))}
          </select>
          {error('fact.status')}
        </label>
      )}

      {values.kind === 'FORECAST' && (
        <>
          {joinable.length > 0 && (
            <label className="join-question">
              Question
              <select value={questionId} onChange={(e) => setQuestionId(e.target.value)}>
                {joinable.map((q) => (
                  <option key={q.id} value={q.id}>
                    Join question: {q.statement}
                  </option>
                ))}
                <option value="new">New separate question</option>
              </select>
            </label>
          )}
          <label>
            Statement, made checkable
            <textarea rows={2} value={values.statement} placeholder="By 2023-12-31, Russia and Belarus will…" onChange={(e) => set('statement', e.target.value)} />
            {error('forecast.statement')}
          </label>
          <div className="row">
            <label>
              Probability (%)
              <input type="number" min={0} max={100} step={1} inputMode="decimal" value={values.probabilityPercent} onChange={(e) => set('probabilityPercent', e.target.value)} />
              {error('forecast.probability')}
            </label>
            <label>
              Estimative term
              <select
                value={values.term}
                onChange={(e) => {
                  const term = e.target.value;
                  // A term with no number yet stands for the middle of its range.
                  setValues((v) => ({
                    ...v,
                    term,
                    probabilityPercent: term && v.probabilityPercent.trim() === '' ? String(termMidpoint(term) * 100) : v.probabilityPercent,
                  }));
                }}
              >
                <TermOptions />
              </select>
              {error('forecast.term')}
            </label>
            <label>
              Confidence
              <select value={values.confidence} onChange={(e) => set('confidence', e.target.value)}>
                <ConfidenceOptions />
              </select>
              {error('forecast.confidence')}
            </label>
            <label>
              Resolve by
              <input type="date" value={values.resolveBy} onChange={(e) => set('resolveBy', e.target.value)} />
              {error('forecast.resolveBy')}
            </label>
          </div>
          <TermHint percent={values.probabilityPercent} term={values.term} />
          <label>
            Resolution criteria
            <textarea rows={2} value={values.criteria} onChange={(e) => set('criteria', e.target.value)} />
            {error('forecast.criteria')}
          </label>
        </>
      )}

      <label>
        Note
        <textarea rows={3} value={values.note} onChange={(e) => set('note', e.target.value)} />
        {error('note')}
      </label>

      <fieldset className="sources">
        <legend>Sources</legend>
        {values.sources.map((s, i) => (
          <div key={i} className="source-draft" role="group" aria-label={`Source ${i + 1}`}>
            <div className="row">
              <label>
                Relation
                <select value={s.relation} onChange={(e) => setSource(i, { relation: e.target.value })}>
                  {RELATIONS.map((r) => (
                    <option key={r} value={r}>
                      {r.charAt(0) + r.slice(1).toLowerCase()}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Reliability
                <select value={s.reliability} onChange={(e) => setSource(i, { reliability: e.target.value })}>
                  <option value="">—</option>
                  {Object.entries(RELIABILITY_LABELS).map(([r, label]) => (
                    <option key={r} value={r}>
                      {r} — {label}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <label>
              URL
              <input type="url" value={s.url} onChange={(e) => setSource(i, { url: e.target.value })} />
              {error(`sources.${i}.url`)}
            </label>
            <label>
              Title
              <input value={s.title} onChange={(e) => setSource(i, { title: e.target.value })} />
            </label>
            <label>
              Publisher
              <input value={s.publisher} onChange={(e) => setSource(i, { publisher: e.target.value })} />
            </label>
            <label>
              Excerpt
              <textarea rows={2} value={s.excerpt} onChange={(e) => setSource(i, { excerpt: e.target.value })} />
            </label>
            <PassagePicker value={s.annotation} onChange={(annotation) => setSource(i, { annotation })} error={error(`sources.${i}.annotation`)} />
            <button type="button" className="link" onClick={() => set('sources', values.sources.filter((_, j) => j !== i))}>
              Remove source
            </button>
          </div>
        ))}
        <button type="button" onClick={() => set('sources', [...values.sources, { ...emptySource }])}>
          Add source
        </button>
      </fieldset>

      {message && (
        <p role="alert" className="error">
          {message}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={pending}>
          {pending ? 'Saving…' : 'Save'}
        </button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The term for the typed number, and a (non-blocking) warning when a chosen term says otherwise. */
function TermHint({ percent, term }: { percent: string; term: string }) {
  const p = percent.trim() === '' ? NaN : Number(percent) / 100;
  if (!(p >= 0 && p <= 1)) return null;
  const mismatch = term ? termMismatch(term, p) : null;
  return (
    <p className={mismatch ? 'warning' : 'hint'} data-testid="term-hint">
      {mismatch ?? describeProbability(p)}
    </p>
  );
}
