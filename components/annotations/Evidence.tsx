'use client';
// Evidence links (issue #10): a linked passage on a source, "cited by" on the passage cited, and
// the picker that finds a passage to cite by its text. Additive pieces of the cards and the form.
import { useState } from 'react';
import type { AnnotationView, LinkedPassage, PassageHit } from '@/lib/annotations/schemas';
import { KIND_LABEL } from './labels';

const href = (slug: string, id: string) => `/documents/${encodeURIComponent(slug)}#annotation-${id}`;
const short = (s: string, n = 120) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function LinkedSource({ linked }: { linked: LinkedPassage }) {
  if (linked.state === 'hidden') return <span className="linked-passage linked-hidden">a passage you cannot see yet</span>;
  if (linked.state === 'removed') {
    return (
      <span className="linked-passage linked-removed" data-linked={linked.id}>
        removed passage <q>{short(linked.exact)}</q>
      </span>
    );
  }
  return (
    <span className="linked-passage" data-linked={linked.id}>
      <span className={`badge kind-${linked.kind.toLowerCase()}`}>{KIND_LABEL[linked.kind]}</span> by {linked.author} in{' '}
      <a href={href(linked.document.slug, linked.id)}>{linked.document.title}</a>: <q>{short(linked.exact)}</q>
    </span>
  );
}

export function CitedBy({ citedBy }: { citedBy: NonNullable<AnnotationView['citedBy']> }) {
  return (
    <p className="cited-by" data-cited-by>
      Cited by{' '}
      {citedBy.map((c, i) => (
        <span key={c.id}>
          {i > 0 && ', '}
          <a href={href(c.document.slug, c.id)}>
            {KIND_LABEL[c.kind].toLowerCase()} by {c.author} ({c.document.title})
          </a>
        </span>
      ))}
    </p>
  );
}

/** Search passages by text and pick one; `value` is the chosen annotation id ('' for none). */
export function PassagePicker({ value, onChange, error }: { value: string; onChange: (id: string, hit?: PassageHit) => void; error?: React.ReactNode }) {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<PassageHit[] | null>(null);
  const [chosen, setChosen] = useState<PassageHit | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const search = async () => {
    setProblem(null);
    const response = await fetch(`/api/passages?q=${encodeURIComponent(query)}`);
    const body = await response.json();
    if (!response.ok) setProblem(body?.error?.message ?? 'Search failed');
    else setHits(body as PassageHit[]);
  };
  return (
    <div className="passage-picker">
      <label>
        Linked passage (search by text)
        <span className="row">
          <input
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void search();
              }
            }}
            aria-label="Search passages"
          />
          <button type="button" onClick={() => void search()}>
            Search
          </button>
        </span>
      </label>
      {problem && <span className="error">{problem}</span>}
      {value && (
        <p className="hint" data-picked={value}>
          Linked: {chosen ? <q>{short(chosen.exact, 80)}</q> : value}{' '}
          <button type="button" className="link" onClick={() => (setChosen(null), onChange(''))}>
            Unlink
          </button>
        </p>
      )}
      {hits && (
        <ul className="passage-hits" aria-label="Passages found">
          {hits.length === 0 && <li className="hint">No passage found</li>}
          {hits.map((h) => (
            <li key={h.id}>
              <button
                type="button"
                className="link"
                onClick={() => {
                  setChosen(h);
                  setHits(null);
                  onChange(h.id, h);
                }}
              >
                {KIND_LABEL[h.kind]} by {h.author} in {h.document.title}: <q>{short(h.exact, 80)}</q>
              </button>
            </li>
          ))}
        </ul>
      )}
      {error}
    </div>
  );
}
