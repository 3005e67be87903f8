'use client';
// The document view: TipTap (read-only) with highlights, the selection toolbar, the annotation
// form and the side panel. Writes go through the server actions, i.e. the annotation service.
// Busy documents (issue 13): the page hands over only what drawing needs (lib/reader/highlights.ts:
// id, range, kind, author); a card's details are read as the panel shows it (`requestDetails`),
// and highlights are drawn per kind, not per annotation.
// Keyboard-first (issue 14): the keys are listed in ./KeyHelp.tsx and handled in `onKey` below;
// selections snap to whole words (lib/reader/snap.ts) unless Alt is held.
import { EditorContent, useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import type { JSONContent } from '@tiptap/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { buildPositionMap } from '@/lib/anchoring/prosemirror';
import { CodePointIndex, cpSlice } from '@/lib/anchoring/codepoints';
import { nextWordEnd, previousWordEnd, snapToWords } from '@/lib/reader/snap';
import { canDelete, canEdit } from '@/lib/visibility/rules';
import { type AnnotationView, type DocumentHighlights, type Kind, MAX_DETAIL_IDS, type UpdateAnnotationInput } from '@/lib/annotations/schemas';
import { coveringAt, fromHighlights, fromView, kindRuns, placeInOrder, type ReaderAnnotation } from '@/lib/reader/highlights';
import type { ActionResult } from '@/lib/actions';
import {
  createAnnotationAction,
  deleteAnnotationAction,
  updateAnnotationAction,
} from '@/app/(app)/documents/[slug]/actions';
import { AnnotationForm } from '@/components/annotations/AnnotationForm';
import { byOverlap } from '@/lib/forecasts';
import type { OpenQuestion } from '@/lib/forecasts/schemas';
import type { Role } from '@/lib/roles';
import { AnnotationPanel, focusPendingCard, type PanelFilter } from '@/components/annotations/AnnotationPanel';
import type { ReplyChange } from '@/components/annotations/Thread';
import type { ReplyView } from '@/lib/threads/schemas';
import { KIND_BY_KEY, KIND_LABEL } from '@/components/annotations/labels';
import { Highlights, ReadOnly, setHighlights, setSelected } from './extensions';
import { KeyHelp } from './KeyHelp';
import { MEASURES, ReaderSettings, SIZES, useReaderPrefs } from './ReaderSettings';

type Me = { id: string; name: string; role: Role };
type Range = { start: number; end: number; exact: string };
type FormState = { mode: 'create'; kind: Kind; range: Range } | { mode: 'edit'; annotation: AnnotationView };

/** The cards' details, read through the same service and read rules as the list (hidden ones are left out). */
async function fetchDetails(slug: string, ids: string[]): Promise<AnnotationView[]> {
  const response = await fetch(`/api/documents/${encodeURIComponent(slug)}/annotations?ids=${ids.join(',')}`, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`details: ${response.status}`);
  return (await response.json()) as AnnotationView[];
}

export function Reader(props: {
  /** `revision`: the revision whose text is shown (a newer one makes the reader offer a reload). */
  document: { slug: string; title: string; byline: string | null; publishedAt: string | null; revision: number; content: JSONContent };
  /** What drawing needs of every annotation the reader may see (listHighlights). */
  highlights: DocumentHighlights;
  /** The document's open forecast questions, which a new forecast may join. */
  questions: OpenQuestion[];
  /** The replies on those annotations, oldest first. */
  initialReplies: ReplyView[];
  /** The newest history event when the page was rendered: live updates follow from there. */
  latestEventId: string;
  me: Me;
}) {
  const { me } = props;
  const router = useRouter();
  const canWrite = me.role !== 'VIEWER';
  const slug = props.document.slug;
  const [annotations, setAnnotations] = useState(() => fromHighlights(props.highlights));
  /** The cards' details read so far, by id; live events and saves keep them current. */
  const [details, setDetails] = useState<ReadonlyMap<string, AnnotationView>>(() => new Map());
  const detailsRef = useRef(details);
  detailsRef.current = details;
  /** Ids asked for (or answered without: hidden or gone), so that none is asked for twice. */
  const requested = useRef(new Set<string>());
  const addDetails = useCallback((views: AnnotationView[]) => {
    if (views.length === 0) return;
    setDetails((map) => {
      const next = new Map(map);
      for (const v of views) if ((next.get(v.id)?.version ?? 0) <= v.version) next.set(v.id, v);
      return next;
    });
  }, []);
  const requestDetails = useCallback(
    (ids: string[]) => {
      const wanted = ids.filter((id) => !detailsRef.current.has(id) && !requested.current.has(id));
      for (const id of wanted) requested.current.add(id);
      for (let i = 0; i < wanted.length; i += MAX_DETAIL_IDS) {
        const batch = wanted.slice(i, i + MAX_DETAIL_IDS);
        fetchDetails(slug, batch).then(addDetails, () => {
          for (const id of batch) requested.current.delete(id);
        });
      }
    },
    [slug, addDetails],
  );
  /** One annotation's whole view (to edit or delete it), read now if the panel has not yet. */
  const fullView = useCallback(
    async (id: string): Promise<AnnotationView | null> => {
      const known = detailsRef.current.get(id);
      if (known) return known;
      const [view] = await fetchDetails(slug, [id]).catch(() => []);
      if (view) addDetails([view]);
      return view ?? null;
    },
    [slug, addDetails],
  );
  const latestAnnotations = useRef(annotations);
  latestAnnotations.current = annotations;
  const [filter, setFilter] = useState<PanelFilter>({ kinds: ['CLAIM', 'FORECAST', 'FACT'], author: 'all' });
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [selection, setSelection] = useState<(Range & { top: number; left: number }) | null>(null);
  const [form, setForm] = useState<FormState | null>(null);
  const [viewers, setViewers] = useState<{ id: string; name: string }[]>([]);
  const [replies, setReplies] = useState(props.initialReplies);
  const [openIds, setOpenIds] = useState<ReadonlySet<string>>(new Set());
  const [focusReply, setFocusReply] = useState<{ id: string; n: number } | undefined>();
  const [help, setHelp] = useState(false);
  /** Below ~1,100 px the side panel is a drawer; this says whether it is out. */
  const [drawer, setDrawer] = useState(false);
  const [prefs, setPrefs] = useReaderPrefs(me.id);
  /** Polite announcements for screen readers: others' live changes, where j / k landed. */
  const [announcement, setAnnouncement] = useState('');
  /** The document changed under the open reader: revised (its newest revision) or archived. */
  const [changed, setChanged] = useState<{ revision: number; archived: boolean } | null>(null);
  // Idempotent like the annotation events below: our own writes coming back change nothing.
  const applyReply = useCallback(({ type, reply }: ReplyChange) => {
    setReplies((list) => {
      const current = list.find((r) => r.id === reply.id);
      if (type === 'DELETED') return current ? list.filter((r) => r.id !== reply.id) : list;
      if (current && current.version >= reply.version) return list;
      return current ? list.map((r) => (r.id === reply.id ? reply : r)) : [...list, reply];
    });
  }, []);
  const threads = useMemo(() => {
    const byAnnotation = new Map<string, ReplyView[]>();
    for (const reply of replies) {
      const thread = byAnnotation.get(reply.annotationId);
      if (thread) thread.push(reply);
      else byAnnotation.set(reply.annotationId, [reply]);
    }
    return byAnnotation;
  }, [replies]);
  const bodyRef = useRef<HTMLDivElement>(null);
  const [flash, setFlash] = useState<{ start: number; end: number } | null>(null);

  const startForm = useCallback((kind: Kind, range: Range) => {
    setForm({ mode: 'create', kind, range: { start: range.start, end: range.end, exact: range.exact } });
    setSelection(null);
    setDrawer(true);
  }, []);
  const openForm = useCallback(
    (kind: Kind) => {
      if (selection) startForm(kind, selection);
    },
    [selection, startForm],
  );
  /** The passage the editor's selection stands for now (snapped, trimmed), read at the moment of a key press. */
  const rangeNow = useRef<() => Range | null>(() => null);
  // ProseMirror keeps the props it was created with; the key handler reads the latest state here.
  const latest = useRef({ startForm, canWrite });
  latest.current = { startForm, canWrite };
  /** Alt held while selecting: keep the exact characters instead of snapping to words. */
  const exact = useRef(false);

  const editor = useEditor({
    extensions: [StarterKit, Highlights, ReadOnly],
    content: props.document.content,
    immediatelyRender: false,
    editorProps: {
      attributes: {
        class: 'reader-text',
        'aria-readonly': 'true',
        'aria-label': 'Document text',
        'aria-describedby': 'reader-keys-hint',
        spellcheck: 'false',
      },
      handleKeyDown: (_view, event) => {
        if (event.shiftKey) exact.current = event.altKey;
        const kind = KIND_BY_KEY[event.key];
        const { canWrite, startForm } = latest.current;
        if (!kind || !canWrite || event.ctrlKey || event.metaKey || event.altKey) return false;
        const range = rangeNow.current();
        if (!range) return false;
        startForm(kind, range);
        return true;
      },
      handleDOMEvents: {
        mousedown: (_view, event) => {
          exact.current = event.altKey;
          return false;
        },
      },
    },
  });

  const positions = useMemo(() => (editor ? buildPositionMap(editor.state.doc) : null), [editor]);

  const visible = useMemo(
    () =>
      annotations.filter(
        (a) => filter.kinds.includes(a.kind) && (filter.author === 'all' || a.author.id === filter.author),
      ),
    [annotations, filter],
  );

  /** The highlights shown, in the editor's positions, in document order. */
  const placed = useMemo(
    () =>
      positions
        ? visible
            .filter((a) => !a.orphan)
            .map((a) => ({ id: a.id, from: positions.toPos(a.start), to: positions.toPos(a.end), kind: a.kind, mine: a.author.id === me.id }))
        : [],
    [positions, visible, me.id],
  );

  useEffect(() => {
    if (!editor || !positions) return;
    // A search result's passage, flashed for a moment (not counted: it is no annotation).
    const flashed = flash ? [{ from: positions.toPos(flash.start), to: positions.toPos(flash.end), kind: 'FLASH' as const, mine: false as const }] : [];
    editor.view.dispatch(setHighlights(editor.state.tr, [...kindRuns(placed), ...flashed]));
    // How many highlights are drawn: tests and the paint benchmark wait on this.
    if (bodyRef.current) bodyRef.current.dataset.highlights = String(placed.length);
  }, [editor, positions, placed, flash]);

  /** Set by scrollTo: bring the selected highlight into view once it is outlined. */
  const [scrollRequest, setScrollRequest] = useState(0);
  const scrolled = useRef(0);
  useEffect(() => {
    if (!editor || !positions) return;
    const range = placed.find((p) => p.id === selectedId) ?? null;
    editor.view.dispatch(setSelected(editor.state.tr, range));
    if (scrollRequest !== scrolled.current && range) {
      scrolled.current = scrollRequest;
      bodyRef.current?.querySelector('.hl-selected')?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    }
  }, [editor, positions, placed, selectedId, scrollRequest]);

  // The toolbar follows the selection; offsets are code points of the canonical text. A selection
  // that starts or ends inside a word covers the whole word, unless Alt was held.
  useEffect(() => {
    if (!editor || !positions) return;
    const range = () => {
      const { from, to, empty } = editor.state.selection;
      if (empty) return null;
      let { start, end } = { start: positions.toOffset(from), end: positions.toOffset(to) };
      if (!exact.current) ({ start, end } = snapToWords(positions.text, { start, end }));
      const raw = cpSlice(positions.text, start, end);
      // Double-click and drag selections often carry surrounding spaces; the passage is the words.
      start += raw.length - raw.trimStart().length;
      end -= raw.length - raw.trimEnd().length;
      return end > start ? { start, end } : null;
    };
    const update = () => {
      const body = bodyRef.current;
      const span = range();
      if (!span || !body) return setSelection(null);
      const coords = editor.view.coordsAtPos(positions.toPos(span.end));
      const box = body.getBoundingClientRect();
      setSelection({
        ...span,
        exact: cpSlice(positions.text, span.start, span.end),
        top: coords.bottom - box.top + 6,
        left: Math.min(coords.left - box.left, box.width - 240),
      });
    };
    // A mouse selection is widened on screen too once the button is up (a keyboard one is not, so
    // that Shift+arrows can still shrink it character by character).
    const widen = () => {
      const span = range();
      if (!span) return;
      const from = positions.toPos(span.start);
      const to = positions.toPos(span.end);
      const { selection } = editor.state;
      if (selection.from !== from || selection.to !== to) editor.commands.setTextSelection({ from, to });
    };
    rangeNow.current = () => {
      const span = range();
      return span && { ...span, exact: cpSlice(positions.text, span.start, span.end) };
    };
    const dom = editor.view.dom;
    editor.on('selectionUpdate', update);
    dom.addEventListener('mouseup', widen);
    return () => {
      editor.off('selectionUpdate', update);
      dom.removeEventListener('mouseup', widen);
    };
  }, [editor, positions]);

  // Others' changes arrive live (Server-Sent Events, lib/realtime); applying one is idempotent, so
  // our own changes coming back, or an event replayed after a reconnect, change nothing.
  useEffect(() => {
    const source = new EventSource(`/api/documents/${props.document.slug}/events?after=${props.latestEventId}`);
    source.addEventListener('annotation', (message) => {
      const event = JSON.parse((message as MessageEvent<string>).data) as ReplyChange | { type: string; annotation: AnnotationView };
      if ('reply' in event) {
        if (event.reply.author.id !== me.id && event.type === 'CREATED') setAnnouncement(`${event.reply.author.name} replied`);
        return applyReply(event);
      }
      const { type, annotation } = event;
      setAnnotations((list) => {
        const current = list.find((a) => a.id === annotation.id);
        if (type === 'DELETED') return current ? list.filter((a) => a.id !== annotation.id) : list;
        if (current && current.version >= annotation.version) return list;
        return placeInOrder(list, fromView(annotation));
      });
      if (type !== 'DELETED') addDetails([annotation]);
      if (annotation.author.id !== me.id) {
        const what = `${KIND_LABEL[annotation.kind].toLowerCase()} by ${annotation.author.name}`;
        setAnnouncement(type === 'DELETED' ? `A ${what} was deleted` : type === 'CREATED' ? `New ${what}` : `A ${what} was changed`);
      }
    });
    source.addEventListener('presence', (message) => {
      setViewers(JSON.parse((message as MessageEvent<string>).data) as { id: string; name: string }[]);
    });
    // A new revision re-anchors the highlights onto a text this page does not show yet: say so.
    source.addEventListener('document', (message) => {
      const state = JSON.parse((message as MessageEvent<string>).data) as { revision: number; archived: boolean };
      setChanged(state.revision !== props.document.revision || state.archived ? state : null);
    });
    return () => source.close();
  }, [props.document.slug, props.document.revision, props.latestEventId, applyReply, addDetails, me.id]);
  const others = viewers.filter((v) => v.id !== me.id);

  const scrollTo = useCallback((id: string) => {
    setSelectedId(id);
    setScrollRequest((n) => n + 1);
  }, []);

  const byId = useMemo(() => new Map(annotations.map((a) => [a.id, a])), [annotations]);

  // `#annotation-<id>` (evidence links, the compare page, the disagreement queue, search): select and
  // show it; `#passage-<start>-<end>` (a search result in the text, code points): show and flash it.
  useEffect(() => {
    let timer: number | undefined;
    const flashFor = (range: { start: number; end: number }) => {
      setFlash(range);
      window.clearTimeout(timer);
      timer = window.setTimeout(() => setFlash(null), 2500);
    };
    const jump = () => {
      const id = /^#annotation-([0-9a-f-]{36})$/.exec(window.location.hash)?.[1];
      if (id) {
        window.setTimeout(() => scrollTo(id), 100);
        const annotation = latestAnnotations.current.find((a) => a.id === id);
        if (annotation && !annotation.orphan) flashFor({ start: annotation.start, end: annotation.end });
      }
      const passage = /^#passage-(\d+)-(\d+)$/.exec(window.location.hash);
      if (passage && editor && positions) {
        const range = { start: Number(passage[1]), end: Number(passage[2]) };
        flashFor(range);
        window.setTimeout(() => {
          const { node } = editor.view.domAtPos(positions.toPos(range.start));
          const element = node.nodeType === Node.TEXT_NODE ? node.parentElement : (node as Element);
          element?.scrollIntoView({ block: 'center', behavior: 'smooth' });
        }, 100);
      }
    };
    jump();
    window.addEventListener('hashchange', jump);
    return () => {
      window.removeEventListener('hashchange', jump);
      window.clearTimeout(timer);
    };
  }, [scrollTo, editor, positions]);

  /**
   * The highlights over the character under the pointer, or null off the highlights. Asked of the
   * list (lib/reader/highlights.ts), since one drawn element may stand for many annotations.
   */
  const under = useCallback(
    (event: React.MouseEvent) => {
      const element = (event.target as Element).closest('.hl');
      if (!element || !editor || editor.isDestroyed) return null;
      const at = editor.view.posAtCoords({ left: event.clientX, top: event.clientY });
      if (!at) return null;
      // The caret position nearest the pointer may sit just after the character pointed at; the
      // element under the pointer says which character it is.
      const first = editor.view.posAtDOM(element, 0);
      const last = editor.view.posAtDOM(element, element.childNodes.length) - 1;
      const pos = Math.max(first, Math.min(last, at.pos));
      return { pos, list: coveringAt(placed, pos) };
    },
    [editor, placed],
  );

  /** The shortest annotation under the pointer: the one a click most plausibly means. */
  const onHighlightClick = useCallback(
    (event: React.MouseEvent) => {
      const list = under(event)?.list ?? [];
      const [shortest] = [...list].sort((a, b) => a.to - a.from - (b.to - b.from));
      if (shortest) setSelectedId(shortest.id);
    },
    [under],
  );

  /**
   * Hovering names every annotation under the pointer (kind · author) in a tooltip of our own:
   * writing a title into the highlight would be a DOM change ProseMirror undoes by redrawing.
   */
  const [hover, setHover] = useState<{ key: string; lines: string[]; top: number; left: number } | null>(null);
  const onHighlightHover = useCallback(
    (event: React.MouseEvent) => {
      const found = under(event);
      const body = bodyRef.current;
      if (!found || found.list.length === 0 || !body || !editor) return setHover(null);
      const key = found.list.map((p) => p.id).join();
      setHover((current) => {
        if (current?.key === key) return current;
        const lines = found.list.flatMap((p) => {
          const a = byId.get(p.id);
          return a ? [`${KIND_LABEL[a.kind]} · ${a.author.name}`] : [];
        });
        const line = editor.view.coordsAtPos(found.pos);
        const origin = body.getBoundingClientRect();
        return { key, lines, top: line.top - origin.top, left: Math.max(0, event.clientX - origin.left - 8) };
      });
    },
    [under, byId, editor],
  );

  function replace(updated: AnnotationView) {
    setAnnotations((list) => placeInOrder(list, fromView(updated)));
    addDetails([updated]);
  }

  async function save(input: UpdateAnnotationInput): Promise<ActionResult<unknown>> {
    if (!form) return { ok: false, error: { code: 'INVALID', message: 'Nothing to save' } };
    const result =
      form.mode === 'create'
        ? await createAnnotationAction({ ...input, kind: input.kind ?? form.kind, document: props.document.slug, target: form.range })
        : await updateAnnotationAction(form.annotation.id, form.annotation.version, input);
    if (result.ok) {
      replace(result.value);
      setSelectedId(result.value.id);
      closeForm();
      setAnnouncement(`${KIND_LABEL[result.value.kind]} saved`);
    }
    return result;
  }

  async function remove(annotation: ReaderAnnotation) {
    if (!window.confirm(`Delete this ${KIND_LABEL[annotation.kind].toLowerCase()}?`)) return;
    const result = await deleteAnnotationAction(annotation.id, annotation.version);
    if (result.ok) {
      const placed = visible.filter((a) => !a.orphan);
      const next = placed[placed.findIndex((a) => a.id === annotation.id) + 1] ?? null;
      setAnnotations((list) => list.filter((a) => a.id !== annotation.id));
      setAnnouncement(`${KIND_LABEL[annotation.kind]} deleted`);
      // Focus goes on to the next card (or back to the text), never lost on the removed one.
      setSelectedId(next?.id ?? null);
      if (next) focusCard.current = next.id;
      else editor?.commands.focus();
    } else window.alert(result.error.message);
  }

  /**
   * Closes the form. After a new annotation's form the text has focus again with the caret at the
   * passage's end (in the editor and the page alike), so reading goes on from there and the tag
   * toolbar does not come back for the old selection.
   */
  function closeForm() {
    if (form?.mode === 'create' && editor && positions) editor.chain().setTextSelection(positions.toPos(form.range.end)).focus().run();
    setForm(null);
  }

  /**
   * Set by j / k / Delete: the card to focus once it is drawn. The panel draws only the cards in
   * view, so it tries too, each time it draws (AnnotationPanel).
   */
  const focusCard = useRef<string | null>(null);
  useEffect(() => focusPendingCard(focusCard));

  /** Opens the edit form once the annotation's whole view is at hand. */
  async function edit(annotation: ReaderAnnotation) {
    const view = await fullView(annotation.id);
    if (view) setForm({ mode: 'edit', annotation: view });
    else window.alert('This annotation is no longer there.');
  }

  const cardOf = (id: string) => document.querySelector<HTMLElement>(`[data-annotation-card="${id}"] .card-main`);
  const setOpen = useCallback((id: string, open: boolean) => {
    setOpenIds((ids) => {
      if (ids.has(id) === open) return ids;
      const next = new Set(ids);
      if (open) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);

  /** j / k: the next or previous highlight among those shown, in document order. */
  function move(step: 1 | -1) {
    const placed = visible.filter((a) => !a.orphan);
    if (placed.length === 0) return setAnnouncement('No highlights to move to');
    const at = placed.findIndex((a) => a.id === selectedId);
    const index = at < 0 ? (step === 1 ? 0 : placed.length - 1) : Math.min(placed.length - 1, Math.max(0, at + step));
    const target = placed[index];
    setDrawer(true);
    scrollTo(target.id);
    focusCard.current = target.id;
    setAnnouncement(`${index + 1} of ${placed.length}: ${KIND_LABEL[target.kind]} by ${target.author.name}`);
  }

  // The reader's keys (listed in KeyHelp). Typing in a field, or any key with Ctrl / ⌘ / Alt, is
  // left alone; so is everything while a modal dialog is open (it handles its own keys).
  const pendingG = useRef(false);
  const keys = useRef<(event: KeyboardEvent) => void>(() => {});
  keys.current = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    if (event.defaultPrevented || target.closest('dialog')) return;
    const inText = Boolean(target.closest('.reader-text'));
    if (!inText && target.closest('input, textarea, select, [contenteditable="true"]')) {
      // Esc in a card's reply box leaves it for the card (what was typed stays).
      const card = target.closest<HTMLElement>('[data-annotation-card]');
      if (event.key === 'Escape' && card) card.querySelector<HTMLElement>('.card-main')?.focus();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const current = selectedId ? byId.get(selectedId) : undefined;
    const g = pendingG.current;
    pendingG.current = false;
    if (g && (event.key === 'c' || event.key === 'f')) {
      event.preventDefault();
      return router.push(event.key === 'c' ? `/documents/${props.document.slug}/compare` : '/forecasts');
    }
    const onControl = Boolean(target.closest('button, a, summary'));
    switch (event.key) {
      case 'g':
        pendingG.current = true;
        return event.preventDefault();
      case 'j':
      case 'k':
        event.preventDefault();
        return move(event.key === 'j' ? 1 : -1);
      case '?':
        event.preventDefault();
        return setHelp(true);
      case '[':
      case ']': {
        if (!selection || !editor || !positions || !inText) return;
        event.preventDefault();
        const end =
          event.key === ']'
            ? nextWordEnd(positions.text, selection.end)
            : previousWordEnd(positions.text, selection.end, selection.start);
        if (end <= selection.start) return;
        editor.commands.setTextSelection({ from: positions.toPos(selection.start), to: positions.toPos(end) });
        return;
      }
      case 'Enter':
        if (onControl || !current) return;
        event.preventDefault();
        setOpen(current.id, true);
        focusCard.current = current.id;
        return setDrawer(true);
      case 'e':
        if (!current || current.consensus || !canEdit(me, { authorId: current.author.id })) return;
        event.preventDefault();
        setDrawer(true);
        return void edit(current);
      case 'r':
        if (!current || !canWrite) return;
        event.preventDefault();
        setDrawer(true);
        setOpen(current.id, true);
        return setFocusReply((f) => ({ id: current.id, n: (f?.n ?? 0) + 1 }));
      case 'Delete':
        if (!current || !canDelete(me, { authorId: current.author.id })) return;
        event.preventDefault();
        return void remove(current);
      case 'Escape':
        if (form) return closeForm();
        if (current && openIds.has(current.id)) {
          setOpen(current.id, false);
          return cardOf(current.id)?.focus();
        }
        if (drawer && window.matchMedia('(max-width: 1100px)').matches) {
          setDrawer(false);
          return document.querySelector<HTMLElement>('.drawer-toggle')?.focus();
        }
        if (current) {
          setSelectedId(null);
          return editor?.commands.focus();
        }
        return;
    }
  };
  useEffect(() => {
    const listener = (event: KeyboardEvent) => keys.current(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  const quote = form ? (form.mode === 'create' ? form.range.exact : form.annotation.target.exact) : '';
  const placedCount = visible.filter((a) => !a.orphan).length;
  /** The text indexed once by code point: a card's quote is a slice of it (cpSlice would index it per call). */
  const textIndex = useMemo(() => (positions ? new CodePointIndex(positions.text) : null), [positions]);
  /**
   * A card's quote: the text it covers, or an orphan's own (the text it was made on has changed).
   * It needs neither the card's details nor anything else that changes while the panel scrolls.
   */
  const quoteOf = useCallback((a: ReaderAnnotation) => a.quote ?? (textIndex ? textIndex.slice(a.start, a.end) : ''), [textIndex]);
  const sideRef = useRef<HTMLElement>(null);
  // Stable handlers for the cards, so that a card redraws only when its own data changes.
  const handlers = useRef({ edit, remove });
  handlers.current = { edit, remove };
  const onEditCard = useCallback((a: ReaderAnnotation) => void handlers.current.edit(a), []);
  const onDeleteCard = useCallback((a: ReaderAnnotation) => void handlers.current.remove(a), []);

  return (
    <div
      className={`reader${drawer ? ' drawer-open' : ''}`}
      style={{ '--reader-size': SIZES[prefs.size], '--reader-measure': MEASURES[prefs.measure] } as React.CSSProperties}
    >
      <article className="reader-main" aria-label={props.document.title}>
        <header className="doc-head">
          {/* A document whose text has no title line gets its catalogue title above the text. */}
          {props.document.content.content?.[0]?.attrs?.level !== 1 && <h1 className="doc-title">{props.document.title}</h1>}
          <p className="doc-meta">
            {[props.document.byline, props.document.publishedAt].filter(Boolean).join(' · ')}
          </p>
          {/* Always there (empty when nobody else reads), so that someone arriving does not shift the
              text under the pointer; a polite live region, so arrivals are announced. */}
          <p className="presence" role="status" aria-label="Also reading">
            {others.length > 0 ? `Also reading now: ${others.map((v) => v.name).join(', ')}` : ''}
          </p>
          <div role="status" aria-live="polite">
            {changed && (
              <p className="doc-changed">
                {changed.archived
                  ? 'This document has been archived since you opened it.'
                  : `This document has been revised (revision ${changed.revision}) since you opened it: highlights may be out of place until you reload.`}{' '}
                {!changed.archived && (
                  <button type="button" onClick={() => window.location.reload()}>
                    Reload
                  </button>
                )}
              </p>
            )}
          </div>
          <div className="reader-tools">
            <ReaderSettings prefs={prefs} onChange={setPrefs} />
            <button type="button" className="link" onClick={() => setHelp(true)} aria-keyshortcuts="?">
              Keyboard shortcuts <kbd>?</kbd>
            </button>
            <button
              type="button"
              className="drawer-toggle"
              aria-expanded={drawer}
              aria-controls="reader-side"
              onClick={() => setDrawer(!drawer)}
            >
              {drawer ? 'Hide annotations' : `Annotations (${placedCount})`}
            </button>
          </div>
          <p id="reader-keys-hint" className="sr-only">
            Select with Shift and the arrow keys, then press 1, 2 or 3 to tag. j and k move between highlights. Question mark lists every key.
          </p>
        </header>
        <div className="reader-body" ref={bodyRef} onClick={onHighlightClick} onMouseMove={onHighlightHover} onMouseLeave={() => setHover(null)}>
          <EditorContent editor={editor} />
          {hover && !selection && (
            <div className="hl-tooltip" role="tooltip" style={{ top: hover.top, left: hover.left }}>
              {hover.lines.map((line) => (
                <div key={line}>{line}</div>
              ))}
            </div>
          )}
          {selection && canWrite && !form && (
            <div className="tag-toolbar" role="toolbar" aria-label="Tag selection" style={{ top: selection.top, left: Math.max(0, selection.left) }}>
              {(['CLAIM', 'FORECAST', 'FACT'] as const).map((kind, i) => (
                <button
                  key={kind}
                  type="button"
                  className={`kind-${kind.toLowerCase()}`}
                  aria-keyshortcuts={String(i + 1)}
                  // Keep the text selection: a mousedown on the button would otherwise clear it.
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => openForm(kind)}
                >
                  {KIND_LABEL[kind]} <kbd>{i + 1}</kbd>
                </button>
              ))}
            </div>
          )}
        </div>
      </article>
      <aside className="reader-side" id="reader-side" aria-label="Annotations panel" ref={sideRef}>
        {form ? (
          <AnnotationForm
            key={form.mode === 'edit' ? form.annotation.id : `${form.range.start}-${form.range.end}`}
            kind={form.mode === 'create' ? form.kind : form.annotation.kind}
            quote={quote}
            annotation={form.mode === 'edit' ? form.annotation : undefined}
            questions={form.mode === 'create' ? byOverlap(props.questions, form.range) : undefined}
            onSubmit={save}
            onCancel={closeForm}
            returnFocus={() => (selectedId ? cardOf(selectedId) : null) ?? editor?.view.dom}
          />
        ) : (
          <AnnotationPanel
            annotations={annotations}
            details={details}
            onShow={requestDetails}
            quoteOf={quoteOf}
            scrollElement={sideRef}
            focusCard={focusCard}
            replies={threads}
            onReply={applyReply}
            visible={visible}
            filter={filter}
            onFilter={setFilter}
            selectedId={selectedId}
            openIds={openIds}
            onOpen={setOpen}
            focusReply={focusReply}
            me={me}
            onSelect={scrollTo}
            onEdit={onEditCard}
            onDelete={onDeleteCard}
          />
        )}
      </aside>
      <div className="sr-only" role="status" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
      {help && <KeyHelp onClose={() => setHelp(false)} />}
    </div>
  );
}
