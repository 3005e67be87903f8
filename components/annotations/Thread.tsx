'use client';
// The discussion under one annotation card: its replies, oldest first, and a box to add one. The
// reader owns the list (live events update it); this component reports its own writes back to it.
import { useEffect, useRef, useState } from 'react';
import { canDelete, canEdit } from '@/lib/visibility/rules';
import type { ReplyView } from '@/lib/threads/schemas';
import type { ActionResult } from '@/lib/actions';
import type { Role } from '@/lib/roles';
import { createReplyAction, deleteReplyAction, updateReplyAction } from '@/app/(app)/documents/[slug]/reply-actions';

type Me = { id: string; role: Role };
export type ReplyChange = { type: 'CREATED' | 'UPDATED' | 'DELETED'; reply: ReplyView };

// Rendered only in the browser (the thread opens on a click), so the reader's own locale and zone apply.
const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function Reply(props: { reply: ReplyView; me: Me; onChange: (change: ReplyChange) => void }) {
  const { reply, me } = props;
  const mine = canEdit(me, { authorId: reply.author.id });
  const deletable = canDelete(me, { authorId: reply.author.id });
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run<T>(work: () => Promise<ActionResult<T>>, done: (value: T) => void) {
    setBusy(true);
    setError(null);
    const result = await work();
    setBusy(false);
    if (result.ok) done(result.value);
    else setError(result.error.fields?.body ?? result.error.message);
  }

  const save = (event: React.FormEvent) => {
    event.preventDefault();
    if (draft === null) return;
    void run(
      () => updateReplyAction(reply.id, reply.version, draft),
      (updated) => {
        props.onChange({ type: 'UPDATED', reply: updated });
        setDraft(null);
      },
    );
  };

  const remove = () => {
    if (!window.confirm('Delete this reply?')) return;
    void run(
      () => deleteReplyAction(reply.id, reply.version),
      () => props.onChange({ type: 'DELETED', reply }),
    );
  };

  return (
    <li className="reply" data-reply={reply.id}>
      <p className="reply-head">
        <span className="author">{reply.author.name}</span>{' '}
        <time className="hint" dateTime={reply.createdAt}>
          {when(reply.createdAt)}
          {reply.version > 1 && ' (edited)'}
        </time>
      </p>
      {draft === null ? (
        <p className="reply-body">{reply.body}</p>
      ) : (
        <form onSubmit={save} className="stack">
          <textarea aria-label="Edit reply" value={draft} onChange={(e) => setDraft(e.target.value)} rows={3} autoFocus />
          <div className="card-actions">
            <button type="button" className="link" onClick={() => setDraft(null)}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={busy}>
              Save reply
            </button>
          </div>
        </form>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {draft === null && deletable && (
        <div className="card-actions">
          {mine && (
            <button type="button" className="link" onClick={() => setDraft(reply.body)}>
              Edit reply
            </button>
          )}
          <button type="button" className="link danger" onClick={remove} disabled={busy}>
            Delete reply
          </button>
        </div>
      )}
    </li>
  );
}

export function Thread(props: {
  annotationId: string;
  replies: ReplyView[];
  me: Me;
  onChange: (change: ReplyChange) => void;
  /** Whether the thread is shown; the card owns this so the keyboard (Enter, r, Esc) can open and close it. */
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Changes each time `r` asks for the reply box: it is then focused. */
  focusReply?: number;
}) {
  const { replies, me, open } = props;
  const canWrite = me.role !== 'VIEWER';
  const setOpen = props.onOpenChange;
  const box = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (props.focusReply && open) box.current?.focus();
  }, [props.focusReply, open]);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function send(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await createReplyAction(props.annotationId, draft);
    setBusy(false);
    if (!result.ok) return setError(result.error.fields?.body ?? result.error.message);
    props.onChange({ type: 'CREATED', reply: result.value });
    setDraft('');
  }

  return (
    <section className="thread" aria-label="Replies">
      <button type="button" className="link" aria-expanded={open} onClick={() => setOpen(!open)}>
        Replies ({replies.length})
      </button>
      {open && (
        <>
          {replies.length > 0 && (
            <ol className="replies">
              {replies.map((reply) => (
                <Reply key={reply.id} reply={reply} me={me} onChange={props.onChange} />
              ))}
            </ol>
          )}
          {canWrite && (
            <form onSubmit={send} className="stack">
              <textarea
                ref={box}
                aria-label="Your reply"
                placeholder="Reply to this annotation"
                value={draft}
                onChange={(e) => setDraft(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) e.currentTarget.form?.requestSubmit();
                }}
                rows={2}
              />
              {error && (
                <p className="error" role="alert">
                  {error}
                </p>
              )}
              <div className="card-actions">
                <button type="submit" className="primary" disabled={busy || draft.trim() === ''}>
                  Reply
                </button>
              </div>
            </form>
          )}
        </>
      )}
    </section>
  );
}
