'use client';
// The `?` overlay: every key of the reader.
import { Dialog } from '@/components/ui/Dialog';

export const READER_KEYS: [keys: string[], what: string][] = [
  [['j', 'k'], 'Next / previous highlight (in document order, as filtered), its card focused'],
  [['Enter'], 'Open the card: its replies'],
  [['e'], 'Edit the annotation (your own)'],
  [['r'], 'Reply to it'],
  [['Delete'], 'Delete it (your own; admins any)'],
  [['Esc'], 'Close what is open: a form, a card, the panel'],
  [['Shift', '←', '→'], 'Select text from the caret (click in the text or use the skip link first)'],
  [['1', '2', '3'], 'Tag the selection as claim, forecast or fact'],
  [['[', ']'], 'Shrink / extend the selection by a word'],
  [['Alt'], 'Held while selecting: keep the exact characters (selections otherwise snap to whole words)'],
  [['g c'], 'Compare analysts on this document'],
  [['g f'], 'Forecast board'],
  [['?'], 'This help'],
];

export function KeyHelp({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose} className="key-help">
      <table className="keys">
        <caption className="sr-only">Keys of the reader</caption>
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">What they do</th>
          </tr>
        </thead>
        <tbody>
          {READER_KEYS.map(([keys, what]) => (
            <tr key={what}>
              <td>
                {keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 && ' '}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
