// Keeping keyboard focus where it belongs: inside an open dialog (Tab and Shift+Tab wrap around),
// and back where it was when the dialog closes.
import { type RefObject, useEffect } from 'react';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"]), summary';

export function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((e) => e.getClientRects().length > 0);
}

/**
 * While mounted: focus moves into `ref` (its `[data-autofocus]` element, else the first field), Tab
 * cycles within it, and on unmount focus returns to what had it before — or, when that is gone, to
 * `fallback()`.
 */
export function useFocusTrap(ref: RefObject<HTMLElement | null>, fallback?: () => HTMLElement | null | undefined) {
  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    const before = document.activeElement as HTMLElement | null;
    const first = root.querySelector<HTMLElement>('[data-autofocus]') ?? focusables(root)[0];
    first?.focus();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Tab') return;
      const list = focusables(root);
      if (list.length === 0) return;
      const [head, tail] = [list[0], list[list.length - 1]];
      if (event.shiftKey && document.activeElement === head) {
        event.preventDefault();
        tail.focus();
      } else if (!event.shiftKey && document.activeElement === tail) {
        event.preventDefault();
        head.focus();
      }
    };
    root.addEventListener('keydown', onKeyDown);
    return () => {
      root.removeEventListener('keydown', onKeyDown);
      // After React has replaced the dialog, so that what comes back in its place can take focus.
      requestAnimationFrame(() => {
        const back = before && before.isConnected && before !== document.body ? before : fallback?.();
        back?.focus();
      });
    };
    // The trap is set up once per mount of the dialog.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
}
