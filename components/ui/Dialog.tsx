'use client';
// A modal dialog on the native <dialog>: showModal() makes the rest of the page inert (focus cannot
// leave it), Esc closes it, and focus goes back to where it was.
import { type ReactNode, useEffect, useRef } from 'react';
import { focusables } from './focus';

export function Dialog(props: { title: string; onClose: () => void; children: ReactNode; className?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const onClose = useRef(props.onClose);
  onClose.current = props.onClose;
  useEffect(() => {
    const dialog = ref.current!;
    const before = document.activeElement as HTMLElement | null;
    dialog.showModal();
    const closed = () => onClose.current();
    // Tab wraps around inside the dialog rather than leaving for the browser's own controls.
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Tab') return;
      const list = focusables(dialog);
      const [head, tail] = [list[0], list[list.length - 1]];
      if (!head) return;
      if (event.shiftKey ? document.activeElement === head : document.activeElement === tail) {
        event.preventDefault();
        (event.shiftKey ? tail : head).focus();
      }
    };
    dialog.addEventListener('close', closed);
    dialog.addEventListener('keydown', onKeyDown);
    return () => {
      dialog.removeEventListener('close', closed);
      dialog.removeEventListener('keydown', onKeyDown);
      if (dialog.open) dialog.close();
      requestAnimationFrame(() => before?.focus());
    };
  }, []);
  return (
    <dialog ref={ref} className={`modal ${props.className ?? ''}`} aria-labelledby="dialog-title">
      <div className="modal-head">
        <h2 id="dialog-title">{props.title}</h2>
        <button type="button" className="link" onClick={() => ref.current?.close()} autoFocus>
          Close <span className="sr-only">{props.title}</span>
        </button>
      </div>
      {props.children}
    </dialog>
  );
}
