// What an import reports, for the import form (browser) and the API: every item of the file ends in
// exactly one of the three lists.
import type { Kind } from '@/lib/annotations/schemas';

export type ImportReport = {
  dryRun: boolean;
  counts: { create: number; matches: number; unplaced: number };
  create: (
    | { index: number; type: 'annotation'; id: string; document: string; kind: Kind; author: string; authorFrom: 'creator' | 'importer'; start: number; end: number; exact: string; placedBy: 'position' | 'exact' | 'fuzzy' }
    | { index: number; type: 'reply'; id: string; annotationId: string; author: string; authorFrom: 'creator' | 'importer' }
  )[];
  matches: { index: number; type: 'annotation' | 'reply'; id: string; by: 'id' | 'content' }[];
  unplaced: { index: number; reason: string }[];
};
