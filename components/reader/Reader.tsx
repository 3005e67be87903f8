'use client';
// The document view: TipTap (read-only) with highlights, the selection toolbar, the annotation
// form and the side panel. Writes go through the server actions, i.e. the annotation service.
import { EditorContent, useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import type { JSONContent } from '@tiptap/core';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { buildPositionMap } from '@/lib/anchoring/prosemirror';
import { cpSlice } from '@/lib/anchoring/codepoints';
import type { AnnotationView, Kind, UpdateAnnotationInput } from '@/lib/annotations/schemas';
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
import { AnnotationPanel, type PanelFilter } from '@/components/annotations/AnnotationPanel';
import type { ReplyChange } from '@/components/annotations/Thread';
import type { ReplyView } from '@/lib/threads/schemas';
import { KIND_BY_KEY, KIND_LABEL } from '@/components/annotations/labels';
import { Highlights, highlightIds, idClass, ReadOnly, setHighlights } from './extensions';

type Me = { id: string; name: string; role: Role };
type Range = { start: number; end: number; exact: string };
type FormState = { mode: 'create'; kind: Kind; range: Range } | { mode: 'edit'; annotation: AnnotationView };

const byPosition = (a: AnnotationView, b: AnnotationView) =>
  a.target.start - b.target.start || b.target.end - a.target.end || a.createdAt.localeCompare(b.createdAt);

export function Reader(props: {
  document: { slug: string; title: string; byline: string | null; publishedAt: string | null; content: JSONContent };
  initialAnnotations: AnnotationView[];
  /** The document's open forecast questions, which a new forecast may join. */
  questions: OpenQuestion[];
  /** The replies on those annotations, oldest first. */
  initialReplies: ReplyView[];
  /** The newest history event when the page was rendered: live updates follow from there. */
  latestEventId: string;
  me: Me;
}) {
  const { me } = props;
  const canWrite = me.role !== 'VIEWER';
  const [annotations, setAnnotations] = useState(() => [...props.initialAnnotations].sort(byPosition));
  const latestAnnotations = useRef(annotations);
  latestAnnotations.current = annotations;
  const [filter, setFilter] = useState<PanelFilter>({ kinds: ['CLAIM', 'FORECAST', 'FACT'], author: 'all' });
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [selection, setSelection] = useState<(Range & { top: number; left: number }) | null>(null);
  const [form, setForm] = useState<FormState | null>(null);
  const [viewers, setViewers] = useState<{ id: string; name: string }[]>([]);
  const [replies, setReplies] = useState(props.initialReplies);
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

  const openForm = useCallback((kind: Kind) => {
    setSelection((current) => {
      if (current) setForm({ mode: 'create', kind, range: { start: current.start, end: current.end, exact: current.exact } });
      return null;
    });
  }, []);
  // ProseMirror keeps the props it was created with; the key handler reads the latest state here.
  const latest = useRef({ openForm, canWrite, selection });
  latest.current = { openForm, canWrite, selection };

  const editor = useEditor({
    extensions: [StarterKit, Highlights, ReadOnly],
    content: props.document.content,
    immediatelyRender: false,
    editorProps: {
      attributes: { class: 'reader-text', 'aria-readonly': 'true', 'aria-label': 'Document text', spellcheck: 'false' },
      handleKeyDown: (_view, event) => {
        const kind = KIND_BY_KEY[event.key];
        const { canWrite, selection, openForm } = latest.current;
        if (kind && canWrite && selection && !event.ctrlKey && !event.metaKey && !event.altKey) {
          openForm(kind);
          return true;
        }
        return false;
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

  useEffect(() => {
    if (!editor || !positions) return;
    const list = visible
      .filter((a) => !a.orphan)
      .map((a) => ({
        id: a.id,
        from: positions.toPos(a.target.start),
        to: positions.toPos(a.target.end),
        kind: a.kind,
        mine: a.author.id === me.id,
        selected: a.id === selectedId,
      }));
    // A search result's passage, flashed for a moment (not counted: it is no annotation).
    const flashed = flash ? [{ id: 'flash', from: positions.toPos(flash.start), to: positions.toPos(flash.end), kind: 'FLASH', mine: false, selected: false }] : [];
    editor.view.dispatch(setHighlights(editor.state.tr, [...list, ...flashed]));
    // How many highlights are drawn: tests and the paint benchmark wait on this.
    if (bodyRef.current) bodyRef.current.dataset.highlights = String(list.length);
  }, [editor, positions, visible, selectedId, me.id, flash]);

  // The toolbar follows the selection; offsets are code points of the canonical text.
  useEffect(() => {
    if (!editor || !positions) return;
    const update = () => {
      const { from, to, empty } = editor.state.selection;
      const body = bodyRef.current;
      if (empty || !body) return setSelection(null);
      let start = positions.toOffset(from);
      let end = positions.toOffset(to);
      const raw = cpSlice(positions.text, start, end);
      // Double-click and drag selections often carry surrounding spaces; the passage is the words.
      start += raw.length - raw.trimStart().length;
      end -= raw.length - raw.trimEnd().length;
      if (end <= start) return setSelection(null);
      const coords = editor.view.coordsAtPos(to);
      const box = body.getBoundingClientRect();
      setSelection({
        start,
        end,
        exact: cpSlice(positions.text, start, end),
        top: coords.bottom - box.top + 6,
        left: Math.min(coords.left - box.left, box.width - 240),
      });
    };
    editor.on('selectionUpdate', update);
    return () => {
      editor.off('selectionUpdate', update);
    };
  }, [editor, positions]);

  // Others' changes arrive live (Server-Sent Events, lib/realtime); applying one is idempotent, so
  // our own changes coming back, or an event replayed after a reconnect, change nothing.
  useEffect(() => {
    const source = new EventSource(`/api/documents/${props.document.slug}/events?after=${props.latestEventId}`);
    source.addEventListener('annotation', (message) => {
      const event = JSON.parse((message as MessageEvent<string>).data) as ReplyChange | { type: string; annotation: AnnotationView };
      if ('reply' in event) return applyReply(event);
      const { type, annotation } = event;
      setAnnotations((list) => {
        const current = list.find((a) => a.id === annotation.id);
        if (type === 'DELETED') return current ? list.filter((a) => a.id !== annotation.id) : list;
        if (current && current.version >= annotation.version) return list;
        return [...list.filter((a) => a.id !== annotation.id), annotation].sort(byPosition);
      });
    });
    source.addEventListener('presence', (message) => {
      setViewers(JSON.parse((message as MessageEvent<string>).data) as { id: string; name: string }[]);
    });
    return () => source.close();
  }, [props.document.slug, props.latestEventId, applyReply]);
  const others = viewers.filter((v) => v.id !== me.id);

  const scrollTo = useCallback((id: string) => {
    setSelectedId(id);
    const element = bodyRef.current?.querySelector(`.${idClass(id)}`);
    element?.scrollIntoView({ block: 'center', behavior: 'smooth' });
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
        if (annotation && !annotation.orphan) flashFor(annotation.target);
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

  /** The shortest annotation under the pointer: the one a click most plausibly means. */
  const onHighlightClick = useCallback(
    (event: React.MouseEvent) => {
      const under = highlightIds(event.target as Element).flatMap((id) => byId.get(id) ?? []);
      under.sort((a, b) => a.target.end - a.target.start - (b.target.end - b.target.start));
      if (under[0]) setSelectedId(under[0].id);
    },
    [byId],
  );

  /**
   * Hovering names every annotation under the pointer (kind · author) in a tooltip of our own:
   * writing a title into the highlight would be a DOM change ProseMirror undoes by redrawing.
   */
  const [hover, setHover] = useState<{ lines: string[]; top: number; left: number } | null>(null);
  const onHighlightHover = useCallback(
    (event: React.MouseEvent) => {
      const element = (event.target as Element).closest('.hl');
      const body = bodyRef.current;
      if (!element || !body) return setHover(null);
      const lines = highlightIds(element).flatMap((id) => {
        const a = byId.get(id);
        return a ? [`${KIND_LABEL[a.kind]} · ${a.author.name}`] : [];
      });
      const box = element.getBoundingClientRect();
      const origin = body.getBoundingClientRect();
      setHover({ lines, top: box.top - origin.top, left: box.left - origin.left });
    },
    [byId],
  );

  function replace(updated: AnnotationView) {
    setAnnotations((list) => [...list.filter((a) => a.id !== updated.id), updated].sort(byPosition));
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
      setForm(null);
    }
    return result;
  }

  async function remove(annotation: AnnotationView) {
    if (!window.confirm(`Delete this ${KIND_LABEL[annotation.kind].toLowerCase()}?`)) return;
    const result = await deleteAnnotationAction(annotation.id, annotation.version);
    if (result.ok) setAnnotations((list) => list.filter((a) => a.id !== annotation.id));
    else window.alert(result.error.message);
  }

  const quote = form ? (form.mode === 'create' ? form.range.exact : form.annotation.target.exact) : '';

  return (
    <div className="reader">
      <article className="reader-main">
        <header className="doc-head">
          {/* A document whose text has no title line gets its catalogue title above the text. */}
          {props.document.content.content?.[0]?.attrs?.level !== 1 && <h1 className="doc-title">{props.document.title}</h1>}
          <p className="doc-meta">
            {[props.document.byline, props.document.publishedAt].filter(Boolean).join(' · ')}
          </p>
          {others.length > 0 && (
            <p className="presence" aria-label="Also reading">
              Also reading now: {others.map((v) => v.name).join(', ')}
            </p>
          )}
        </header>
        <div className="reader-body" ref={bodyRef} onClick={onHighlightClick} onMouseOver={onHighlightHover} onMouseLeave={() => setHover(null)}>
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
      <aside className="reader-side">
        {form ? (
          <AnnotationForm
            key={form.mode === 'edit' ? form.annotation.id : `${form.range.start}-${form.range.end}`}
            kind={form.mode === 'create' ? form.kind : form.annotation.kind}
            quote={quote}
            annotation={form.mode === 'edit' ? form.annotation : undefined}
            questions={form.mode === 'create' ? byOverlap(props.questions, form.range) : undefined}
            onSubmit={save}
            onCancel={() => setForm(null)}
          />
        ) : (
          <AnnotationPanel
            annotations={annotations}
            replies={threads}
            onReply={applyReply}
            visible={visible}
            filter={filter}
            onFilter={setFilter}
            selectedId={selectedId}
            me={me}
            onSelect={scrollTo}
            onEdit={(annotation) => setForm({ mode: 'edit', annotation })}
            onDelete={remove}
          />
        )}
      </aside>
    </div>
  );
}
