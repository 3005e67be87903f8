'use client';
// The side panel: every annotation of the document in document order, filterable by kind and
// analyst; orphans (could not be placed after a text revision) listed apart, never dropped.
// A busy document has thousands of cards (issue 13): the list is virtual (@tanstack/react-virtual),
// drawing only the cards in view, and asks the reader for their details as they come into view;
// a card shows its kind, analyst and quote until they arrive.
import { memo, type RefObject, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type AnnotationView, type Kind, KINDS } from '@/lib/annotations/schemas';
import type { ReaderAnnotation } from '@/lib/reader/highlights';
import { fieldSummary } from '@/lib/compare/format';
import type { ReplyView } from '@/lib/threads/schemas';
import { webHref } from '@/lib/security/urls';
import type { Role } from '@/lib/roles';
import { CitedBy, LinkedSource } from './Evidence';
import { canDelete, canEdit } from '@/lib/visibility/rules';
import { KIND_LABEL } from './labels';
import { type ReplyChange, Thread } from './Thread';

export type PanelFilter = { kinds: Kind[]; author: string };

type Me = { id: string; role: Role };

/** A card's height before it is measured, and the space between cards (px). */
const ESTIMATE = 110;
const GAP = 10;
const ALL_DRAWN = 100;

/**
 * Focuses the card `pending` names once it is drawn (and forgets it): j / k and Delete set it, and
 * both the reader and the panel try each time they draw, since the panel draws only cards in view.
 */
export function focusPendingCard(pending: RefObject<string | null>) {
  const id = pending.current;
  if (!id) return;
  const card = document.querySelector<HTMLElement>(`[data-annotation-card="${id}"] .card-main`);
  if (!card) return;
  pending.current = null;
  card.focus({ preventScroll: true });
  card.scrollIntoView({ block: 'nearest' });
}

const shorten = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function Fields({ a }: { a: AnnotationView }) {
  const summary = fieldSummary(a.kind, { ...a.claim, ...a.fact, ...a.forecast }, 'long');
  return summary ? <p className="fields">{summary}</p> : null;
}

// Memoised: scrolling the panel draws the cards coming into view and leaves the others alone.
const Card = memo(function Card(props: {
  a: ReaderAnnotation;
  /** The card's details, once read; until then it shows what the highlight knows (its quote: the text it covers). */
  details: AnnotationView | undefined;
  quote: string;
  /** Set on the cards of the virtual list: its place, where it sits (px), and how its height is reported. */
  index?: number;
  start?: number;
  setSize?: number;
  measure?: (element: HTMLLIElement | null) => void;
  replies: ReplyView[];
  onReply: (change: ReplyChange) => void;
  selected: boolean;
  /** Open: its thread is shown (Enter on the card, `r`). */
  open: boolean;
  onOpen: (id: string, open: boolean) => void;
  focusReply?: number;
  me: Me;
  onSelect: (id: string) => void;
  onEdit: (a: ReaderAnnotation) => void;
  onDelete: (a: ReaderAnnotation) => void;
}) {
  const { a, details: d, me, index } = props;
  const virtual = index !== undefined;
  // A consensus is revised from the compare page (lib/consensus), not with the annotation form.
  const editable = !a.consensus && canEdit(me, { authorId: a.author.id });
  const deletable = canDelete(me, { authorId: a.author.id });
  return (
    <li
      ref={props.measure}
      className={`card kind-${a.kind.toLowerCase()}${props.selected ? ' selected' : ''}${a.consensus ? ' consensus' : ''}`}
      data-annotation-card={a.id}
      data-index={index}
      aria-setsize={props.setSize}
      aria-posinset={virtual ? index + 1 : undefined}
      aria-busy={d ? undefined : true}
      style={virtual ? { position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${props.start}px)` } : undefined}
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
        <q>{shorten(d?.target.exact ?? props.quote)}</q>
      </button>
      {d && <Fields a={d} />}
      {d?.forecast?.statement && <p className="statement">{d.forecast.statement}</p>}
      {d?.note && <p className="note">{d.note}</p>}
      {d && d.sources.length > 0 && (
        <ul className="source-list">
          {d.sources.map((s) => (
            <li key={s.id}>
              <span className={`relation relation-${s.relation.toLowerCase()}`}>{s.relation.toLowerCase()}</span>{' '}
              {webHref(s.url) ? (
                <a href={webHref(s.url)} target="_blank" rel="noreferrer noopener">
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
      {d?.citedBy && <CitedBy citedBy={d.citedBy} />}
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
});

/** The kind and analyst filters, apart so that scrolling the cards does not redraw them. */
const Filters = memo(function Filters(props: { filter: PanelFilter; onFilter: (filter: PanelFilter) => void; annotations: ReaderAnnotation[] }) {
  const { filter, onFilter } = props;
  const analysts = useMemo(() => {
    const byId = new Map(props.annotations.map((a) => [a.author.id, a.author.name]));
    return [...byId].sort((x, y) => x[1].localeCompare(y[1]));
  }, [props.annotations]);
  return (
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
  );
});

const NO_REPLIES: ReplyView[] = [];

/**
 * Memoised: the reader redraws on every hover and tooltip; the panel redraws only when what it
 * shows changes (its props are stable otherwise), or when the list scrolls to other cards.
 */
export const AnnotationPanel = memo(function AnnotationPanel(props: {
  annotations: ReaderAnnotation[];
  /** The cards' details read so far, and the request to read those of cards coming into view. */
  details: ReadonlyMap<string, AnnotationView>;
  onShow: (ids: string[]) => void;
  quoteOf: (a: ReaderAnnotation) => string;
  /** The element the panel scrolls in (the reader's side column or drawer). */
  scrollElement: RefObject<HTMLElement | null>;
  /** The card j / k / Delete asked to focus, once it is drawn. */
  focusCard: RefObject<string | null>;
  /** Each annotation's thread, by annotation id. */
  replies: Map<string, ReplyView[]>;
  onReply: (change: ReplyChange) => void;
  visible: ReaderAnnotation[];
  filter: PanelFilter;
  onFilter: (filter: PanelFilter) => void;
  selectedId: string | null;
  /** The cards whose threads are open, and `r`'s request to focus one's reply box. */
  openIds: ReadonlySet<string>;
  onOpen: (id: string, open: boolean) => void;
  focusReply?: { id: string; n: number };
  me: Me;
  onSelect: (id: string) => void;
  onEdit: (a: ReaderAnnotation) => void;
  onDelete: (a: ReaderAnnotation) => void;
}) {
  const { onShow } = props;
  const placed = useMemo(() => props.visible.filter((a) => !a.orphan), [props.visible]);
  const orphans = useMemo(() => props.visible.filter((a) => a.orphan), [props.visible]);

  // Where the list starts inside the scrolling column (below the heading, the filters and any
  // empty state): read once drawn and again whenever what is above it changes size, never on a
  // mere redraw (reading it then would force a layout on every frame of a scroll).
  const listRef = useRef<HTMLOListElement>(null);
  const headRef = useRef<HTMLDivElement>(null);
  const [listTop, setListTop] = useState(0);
  const { scrollElement } = props;
  useLayoutEffect(() => {
    const list = listRef.current;
    const head = headRef.current;
    if (!list || !head) return;
    const measure = () => {
      const column = scrollElement.current;
      if (!column) return;
      const top = list.getBoundingClientRect().top - column.getBoundingClientRect().top + column.scrollTop;
      setListTop((current) => (Math.abs(top - current) > 0.5 ? top : current));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(head);
    return () => observer.disconnect();
  }, [scrollElement]);
  const virtualizer = useVirtualizer({
    count: placed.length,
    getScrollElement: () => props.scrollElement.current,
    estimateSize: () => ESTIMATE,
    gap: GAP,
    // Up to ALL_DRAWN cards are all drawn, as the panel always did (the browser finds them in the
    // page, and nothing moves on scrolling); beyond, those in view and two either side (each card
    // drawn is style, layout, paint and raster in the frame that brings it: a jump redraws them all).
    overscan: placed.length <= ALL_DRAWN ? placed.length : 2,
    scrollMargin: listTop,
    getItemKey: (index) => placed[index].id,
    // Drawn with the frame rather than inside the scroll event.
    useFlushSync: false,
  });
  // While the list is being scrolled, a card measured for the first time (or grown by its details)
  // above the view does not move the scroll position: the reader is moving it anyway, and each such
  // correction is one more scroll, layout and paint in the middle of a fling or a dragged scroll
  // bar. At rest the virtualizer's own rule applies: the cards in view stay put as those above them
  // change size.
  virtualizer.shouldAdjustScrollPositionOnItemSizeChange = (item, _delta, instance) => {
    if (instance.isScrolling) return false;
    const offset = instance.scrollOffset ?? 0;
    return instance.itemSizeCache.has(item.key) ? item.end <= offset : item.start < offset;
  };
  const items = virtualizer.getVirtualItems();

  // The selected card comes into view (a click on a highlight, j / k, a link to #annotation-<id>).
  const selectedIndex = placed.findIndex((a) => a.id === props.selectedId);
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  // The cards drawn (and the orphans, listed whole) need their details. While a long list is being
  // scrolled they are asked for once it comes to rest (the virtualizer's `isScrolling` clears 150 ms
  // after the last scroll event): a fling or a dragged scroll bar passes hundreds of cards nobody
  // reads, and every answer would redraw and re-measure cards in the middle of the scroll.
  const settled = placed.length <= ALL_DRAWN || !virtualizer.isScrolling;
  const shownIds = settled ? [...items.map((item) => placed[item.index]?.id), ...orphans.map((a) => a.id)].filter(Boolean).join() : '';
  useEffect(() => {
    if (shownIds) onShow(shownIds.split(','));
  }, [shownIds, onShow]);

  useEffect(() => focusPendingCard(props.focusCard));

  const card = (a: ReaderAnnotation, virtual?: { index: number; start: number; setSize: number; measure: (element: HTMLLIElement | null) => void }) => (
    <Card
      key={a.id}
      a={a}
      details={props.details.get(a.id)}
      quote={props.quoteOf(a)}
      {...virtual}
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
      <div className="panel-head" ref={headRef}>
        <h2>
          Annotations <span className="count">{placed.length}</span>
        </h2>
        <Filters filter={props.filter} onFilter={props.onFilter} annotations={props.annotations} />
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
      </div>
      <ol className="cards virtual" ref={listRef} style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) =>
          card(placed[item.index], { index: item.index, start: item.start - listTop, setSize: placed.length, measure: virtualizer.measureElement }),
        )}
      </ol>
      {orphans.length > 0 && (
        <>
          <h3>Could not be placed</h3>
          <p className="hint">The document text changed and these passages were not found again.</p>
          <ol className="cards orphans">{orphans.map((a) => card(a))}</ol>
        </>
      )}
    </section>
  );
});
