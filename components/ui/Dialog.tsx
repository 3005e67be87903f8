'use client';
// A modal dialog on the native <dialog>: showModal() makes the rest of the page inert (focus cannot
// leave it), Esc closes it, and focus goes back to where it was.
import { type ReactNode, useEffect, useRef } from 'react';

export function Dialog(props: { title: string; onClose: () => void; children: ReactNode; className?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const onClose = useRef(props.onClose);
  onClose.current = props.onClose;
  useEffect(() => {
    const dialog = ref.current!;
    const before = document.activeElement as HTMLElement | null;
    dialog.showModal();
    const closed = () => onClose.current();
    dialog.addEventListener('close', closed);
    return () => {
      dialog.removeEventListener('close', closed);
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
