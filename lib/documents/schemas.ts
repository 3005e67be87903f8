// Blind mode's shapes, shared by lib/documents/blind (the service), its doors and the reading bar.
// Framework-free, so client components may import it.
import '@/lib/zod-csp';
import { z } from 'zod';

/** The admin's switch: `{ "blind": true }` or `{ "blind": false }`. */
export const blindSchema = z.strictObject({ blind: z.boolean('blind is true or false') });

export type BlindInput = z.input<typeof blindSchema>;

/** Where the acting user stands with a document's blind mode. */
export type ReadingState = {
  /** The document is in blind mode. */
  blind: boolean;
  /** The actor has marked their reading done. */
  done: boolean;
  /** The actor sees everyone's annotations here (not blind, done, or a viewer). */
  revealed: boolean;
};
