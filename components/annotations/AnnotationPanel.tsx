'use client';
// The side panel: every annotation of the document in document order, filterable by kind and
// analyst; orphans (could not be placed after a text revision) listed apart, never dropped.
import { useEffect, useMemo, useRef, useState } from 'react';
import { type AnnotationView, type Kind, KINDS } from '@/lib/annotations/schemas';
import { fieldSummary } from '@/lib/compare/format';
import type { ReplyView } from '@/lib/threads/schemas';
import type { Role } from '@/lib/roles';
import { CitedBy, LinkedSource } from './Evidence';
import { canDelete, canEdit } from '@/lib/visibility/rules';
import { KIND_LABEL } from './labels';
import { type ReplyChange, Thread } from './Thread';

export type PanelFilter = { kinds: Kind[]; author: string };

type Me = { id: string; role: Role };

const PAGE = 100;

const shorten = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function Fields({ a }: { a: AnnotationView }) {
  const summary = fieldSummary(a.kind, { ...a.claim, ...a.fact, ...a.forecast }, 'long');
  return summary ? <p className="fields">{summary}</p> : null;
}

function Card(props: {
  a: AnnotationView;
  replies: ReplyView[];
  onReply: (change: ReplyChange) => void;
  selected: boolean;
  /** Open: its thread is shown (Enter on the card, `r`). */
  open: boolean;
  onOpen: (id: string, open: boolean) => void;
  focusReply?: number;
  me: Me;
  onSelect: (id: string) => void;
  onEdit: (a: AnnotationView) => void;
  onDelete: (a: AnnotationView) => void;
}) {
  const { a, me } = props;
  const ref = useRef<HTMLLIElement>(null);
  const editable = canEdit(me, { authorId: a.author.id });
  const deletable = canDelete(me, { authorId: a.author.id });
  useEffect(() => {
    if (props.selected) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [props.selected]);
  return (
    <li
      ref={ref}
      className={`card kind-${a.kind.toLowerCase()}${props.selected ? ' selected' : ''}${a.consensus ? ' consensus' : ''}`}
      data-annotation-card={a.id}
      id={`annotation-${a.id}`}
    >
      <button
        type="button"
        className="card-main"
        aria-expanded={props.open}
        onClick={() => {
          props.onSelect(a.id);
          props.onOpen(a.id, true);
        }}
      >
        <span className="card-head">
          <span className={`badge kind-${a.kind.toLowerCase()}`}>{KIND_LABEL[a.kind]}</span>
          <span className="author">{a.author.name}</span>
          {a.consensus && <span className="badge consensus-badge">Team consensus</span>}
        </span>
        <q>{shorten(a.target.exact)}</q>
      </button>
      <Fields a={a} />
      {a.forecast?.statement && <p className="statement">{a.forecast.statement}</p>}
      {a.note && <p className="note">{a.note}</p>}
      {a.sources.length > 0 && (
        <ul className="source-list">
          {a.sources.map((s) => (
            <li key={s.id}>
              <span className={`relation relation-${s.relation.toLowerCase()}`}>{s.relation.toLowerCase()}</span>{' '}
              {s.url ? (
                <a href={s.url} target="_blank" rel="noreferrer noopener">
                  {s.title ?? s.url}
                </a>
              ) : (
                s.title
              )}
              {s.reliability && <span className="reliability"> ({s.reliability})</span>}
              {s.linked && <LinkedSource linked={s.linked} />}
              {s.excerpt && <q className="excerpt">{shorten(s.excerpt, 120)}</q>}
            </li>
          ))}
        </ul>
      )}
      {a.citedBy && <CitedBy citedBy={a.citedBy} />}
      {(editable || deletable) && (
        <div className="card-actions">
          {editable && (
            <button type="button" className="link" onClick={() => props.onEdit(a)}>
              Edit
            </button>
          )}
          {deletable && (
            <button type="button" className="link danger" onClick={() => props.onDelete(a)}>
              Delete
            </button>
          )}
        </div>
      )}
      <Thread
        annotationId={a.id}
        replies={props.replies}
        me={me}
        onChange={props.onReply}
        open={props.open}
        onOpenChange={(open) => props.onOpen(a.id, open)}
        focusReply={props.focusReply}
      />
    </li>
  );
}

const NO_REPLIES: ReplyView[] = [];

export function AnnotationPanel(props: {
  annotations: AnnotationView[];
  /** Each annotation's thread, by annotation id. */
  replies: Map<string, ReplyView[]>;
  onReply: (change: ReplyChange) => void;
  visible: AnnotationView[];
  filter: PanelFilter;
  onFilter: (filter: PanelFilter) => void;
  selectedId: string | null;
  /** The cards whose threads are open, and `r`'s request to focus one's reply box. */
  openIds: ReadonlySet<string>;
  onOpen: (id: string, open: boolean) => void;
  focusReply?: { id: string; n: number };
  me: Me;
  onSelect: (id: string) => void;
  onEdit: (a: AnnotationView) => void;
  onDelete: (a: AnnotationView) => void;
}) {
  const { filter, onFilter } = props;
  const analysts = useMemo(() => {
    const byId = new Map(props.annotations.map((a) => [a.author.id, a.author.name]));
    return [...byId].sort((x, y) => x[1].localeCompare(y[1]));
  }, [props.annotations]);
  const placed = props.visible.filter((a) => !a.orphan);
  // A document can carry thousands of annotations; drawing every card would hold up the reader.
  const [shown, setShown] = useState(PAGE);
  const selectedIndex = placed.findIndex((a) => a.id === props.selectedId);
  const limit = Math.max(shown, selectedIndex + 1);
  const orphans = props.visible.filter((a) => a.orphan);
  const card = (a: AnnotationView) => (
    <Card
      key={a.id}
      a={a}
      replies={props.replies.get(a.id) ?? NO_REPLIES}
      onReply={props.onReply}
      selected={a.id === props.selectedId}
      open={props.openIds.has(a.id)}
      onOpen={props.onOpen}
      focusReply={props.focusReply?.id === a.id ? props.focusReply.n : undefined}
      me={props.me}
      onSelect={props.onSelect}
      onEdit={props.onEdit}
      onDelete={props.onDelete}
    />
  );

  return (
    <section className="panel" aria-label="Annotations">
      <h2>
        Annotations <span className="count">{placed.length}</span>
      </h2>
      <div className="filters">
        {KINDS.map((k) => (
          <label key={k} className={`chip kind-${k.toLowerCase()}`}>
            <input
              type="checkbox"
              checked={filter.kinds.includes(k)}
              onChange={(e) =>
                onFilter({ ...filter, kinds: e.target.checked ? [...filter.kinds, k] : filter.kinds.filter((x) => x !== k) })
              }
            />
            {KIND_LABEL[k]}
          </label>
        ))}
        <select aria-label="Analyst" value={filter.author} onChange={(e) => onFilter({ ...filter, author: e.target.value })}>
          <option value="all">All analysts</option>
          {analysts.map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </select>
      </div>
      {placed.length === 0 &&
        (props.annotations.some((a) => !a.orphan) ? (
          <p className="hint empty-state">No annotation matches these filters: tick a kind above or choose “All analysts”.</p>
        ) : (
          <div className="hint empty-state">
            <p>No annotations on this document yet.</p>
            <p>
              {props.me.role === 'VIEWER'
                ? 'Analysts’ highlights will appear here as they tag passages.'
                : 'Select a passage with the mouse, or with Shift and the arrow keys, then tag it: 1 claim, 2 forecast, 3 fact. Press ? for every key.'}
            </p>
          </div>
        ))}
      <ol className="cards">{placed.slice(0, limit).map(card)}</ol>
      {placed.length > limit && (
        <button type="button" className="more" onClick={() => setShown(limit + PAGE)}>
          Show {Math.min(PAGE, placed.length - limit)} more of {placed.length - limit}
        </button>
      )}
      {orphans.length > 0 && (
        <>
          <h3>Could not be placed</h3>
          <p className="hint">The document text changed and these passages were not found again.</p>
          <ol className="cards orphans">{orphans.map(card)}</ol>
        </>
      )}
    </section>
  );
}
