// What the reader draws for a document's highlights (issue 13: busy documents paint at once).
// Drawing one decoration per annotation made ProseMirror split and merge thousands of overlapping
// decorations, every text piece carrying a class per annotation over it. Instead the reader draws,
// per kind, the stretches of text that kind covers, built in one sweep over the annotations' ends:
// one element per kind over any piece of text, however many annotations of that kind overlap there,
// so the work grows with the annotations but the drawing with the text. Which annotations are under
// a point (the tooltip, a click) is asked of the list itself (`coveringAt`), not of the elements.
// Pure and browser-safe: the reader uses it, the unit tests pin it.
import { type AnnotationView, type DocumentHighlights, HIGHLIGHT_CONSENSUS, HIGHLIGHT_ORPHAN, type Kind } from '@/lib/annotations/schemas';

/** One annotation as drawn: its range in the editor's positions (end exclusive), kind, and whether it is the reader's. */
export type Placed = { id: string; from: number; to: number; kind: Kind; mine: boolean };

/** A stretch of text covered by at least one annotation of `kind`; `mine` when one of them is the reader's. */
export type Run = { from: number; to: number; kind: Kind; mine: boolean };

const KIND_ORDER: readonly Kind[] = ['CLAIM', 'FORECAST', 'FACT'];

/**
 * Per kind, the maximal stretches its annotations cover, split only where "one of them is mine"
 * changes; ordered by position, then kind. One sort of the 2n ends and one sweep: O(n log n).
 * Empty or inverted ranges draw nothing.
 */
export function kindRuns(placed: readonly Placed[]): Run[] {
  // The ends of every annotation: where, whose, and whether it opens (+1) or closes (-1).
  const at = new Float64Array(placed.length * 2);
  const owner = new Uint32Array(placed.length * 2);
  const step = new Int8Array(placed.length * 2);
  let n = 0;
  placed.forEach((p, i) => {
    if (!(p.to > p.from)) return;
    at[n] = p.from;
    owner[n] = i;
    step[n++] = 1;
    at[n] = p.to;
    owner[n] = i;
    step[n++] = -1;
  });
  const ends = new Uint32Array(n).map((_, i) => i).sort((x, y) => at[x] - at[y]);
  const covering = [0, 0, 0];
  const mineCovering = [0, 0, 0];
  const open: (Run | null)[] = [null, null, null];
  const runs: Run[] = [];
  for (let i = 0; i < n; ) {
    const position = at[ends[i]];
    // Every end at this position first, then the state after them.
    for (; i < n && at[ends[i]] === position; i++) {
      const p = placed[owner[ends[i]]];
      const k = KIND_ORDER.indexOf(p.kind);
      covering[k] += step[ends[i]];
      if (p.mine) mineCovering[k] += step[ends[i]];
    }
    for (let k = 0; k < 3; k++) {
      const run = open[k];
      const present = covering[k] > 0;
      const mine = mineCovering[k] > 0;
      if (run && (!present || run.mine !== mine)) {
        run.to = position;
        runs.push(run);
        open[k] = null;
      }
      if (present && !open[k]) open[k] = { from: position, to: position, kind: KIND_ORDER[k], mine };
    }
  }
  return runs.sort((x, y) => x.from - y.from || KIND_ORDER.indexOf(x.kind) - KIND_ORDER.indexOf(y.kind));
}

/** The annotations over the character at `position` (from ≤ position < to), in the list's order. */
export function coveringAt<T extends { from: number; to: number }>(placed: readonly T[], position: number): T[] {
  const out: T[] = [];
  for (const p of placed) if (p.from <= position && position < p.to) out.push(p);
  return out;
}

/** An annotation as the reader holds it before (or without) its card's details. */
export type ReaderAnnotation = {
  id: string;
  kind: Kind;
  author: { id: string; name: string };
  /** Code points of the canonical text, end exclusive. */
  start: number;
  end: number;
  orphan: boolean;
  consensus: boolean;
  version: number;
  /** An orphan's quote (a placed annotation's is the text at start..end). */
  quote?: string;
};

/** The page's compact rows as the reader's list, in the order the server gave (document order). */
export function fromHighlights(h: DocumentHighlights): ReaderAnnotation[] {
  return h.rows.map(([id, start, end, kind, author, flags, version]) => ({
    id,
    kind,
    author: h.authors[author],
    start,
    end,
    orphan: (flags & HIGHLIGHT_ORPHAN) !== 0,
    consensus: (flags & HIGHLIGHT_CONSENSUS) !== 0,
    version,
    ...(flags & HIGHLIGHT_ORPHAN ? { quote: h.orphanQuotes[id] ?? '' } : {}),
  }));
}

/** A whole view (a live event, a saved form) as the reader's list holds it. */
export function fromView(v: AnnotationView): ReaderAnnotation {
  return {
    id: v.id,
    kind: v.kind,
    author: v.author,
    start: v.target.start,
    end: v.target.end,
    orphan: v.orphan,
    consensus: Boolean(v.consensus),
    version: v.version,
    ...(v.orphan ? { quote: v.target.exact } : {}),
  };
}

/**
 * The list with `item` in place of the annotation of its id (or added), in document order: by start,
 * the longer first; among equal ranges an annotation keeps its place, and a new one goes last (it is
 * the newest, as the server orders them).
 */
export function placeInOrder(list: readonly ReaderAnnotation[], item: ReaderAnnotation): ReaderAnnotation[] {
  const at = list.findIndex((a) => a.id === item.id);
  if (at >= 0 && list[at].start === item.start && list[at].end === item.end) {
    const next = [...list];
    next[at] = item;
    return next;
  }
  const rest = at >= 0 ? [...list.slice(0, at), ...list.slice(at + 1)] : [...list];
  const after = (a: ReaderAnnotation) => a.start > item.start || (a.start === item.start && a.end < item.end);
  let lo = 0;
  let hi = rest.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (after(rest[mid])) hi = mid;
    else lo = mid + 1;
  }
  rest.splice(lo, 0, item);
  return rest;
}
