// ProseMirror plugins of the reader. Highlights are decorations computed from the annotation list
// (DESIGN.md), never marks in the document, so overlapping annotations of many analysts coexist.
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import type { Run } from '@/lib/reader/highlights';

export const highlightsKey = new PluginKey<DecorationSet>('assay-highlights');
export const selectedKey = new PluginKey<DecorationSet>('assay-selected');

/**
 * One element per kind over each stretch that kind covers (lib/reader/highlights.ts `kindRuns`),
 * named by kind: overlapping kinds nest and their translucent fills stack, each names its kind to
 * screen readers (globals.css), and none carries an annotation's id — which annotations are under
 * a point is asked of the reader's list.
 */
function decoration(run: DrawnRun): Decoration {
  // A search hit's passage flashed for a moment (issue 9): no kind, no annotation.
  if (run.kind === 'FLASH') return Decoration.inline(run.from, run.to, { nodeName: 'assay-flash', class: 'hl-flash' });
  const kind = run.kind.toLowerCase();
  return Decoration.inline(run.from, run.to, { nodeName: `assay-${kind}`, class: `hl hl-${kind}${run.mine ? ' hl-mine' : ''}` });
}

/** A kind's run, or the flashed passage of a search result. */
export type DrawnRun = Run | { from: number; to: number; kind: 'FLASH'; mine: false };

/** Replaces the drawn highlights: `view.dispatch(setHighlights(view.state.tr, runs))`. */
export const setHighlights = <T extends { setMeta(key: PluginKey, value: unknown): T }>(tr: T, runs: DrawnRun[]) => tr.setMeta(highlightsKey, runs);

/** Outlines the selected annotation's range, or nothing: its own layer, so selecting redraws one element. */
export const setSelected = <T extends { setMeta(key: PluginKey, value: unknown): T }>(tr: T, range: { from: number; to: number } | null) =>
  tr.setMeta(selectedKey, range ?? false);

export const Highlights = Extension.create({
  name: 'assayHighlights',
  addProseMirrorPlugins() {
    return [
      new Plugin<DecorationSet>({
        key: highlightsKey,
        state: {
          init: () => DecorationSet.empty,
          apply(tr, set) {
            const runs = tr.getMeta(highlightsKey) as DrawnRun[] | undefined;
            return runs ? DecorationSet.create(tr.doc, runs.map(decoration)) : set.map(tr.mapping, tr.doc);
          },
        },
        props: { decorations: (state) => highlightsKey.getState(state) },
      }),
      new Plugin<DecorationSet>({
        key: selectedKey,
        state: {
          init: () => DecorationSet.empty,
          apply(tr, set) {
            const range = tr.getMeta(selectedKey) as { from: number; to: number } | false | undefined;
            if (range === undefined) return set.map(tr.mapping, tr.doc);
            return range && range.to > range.from
              ? DecorationSet.create(tr.doc, [Decoration.inline(range.from, range.to, { nodeName: 'span', class: 'hl-selected' })])
              : DecorationSet.empty;
          },
        },
        props: { decorations: (state) => selectedKey.getState(state) },
      }),
    ];
  },
});

/**
 * The reader stays contenteditable so the caret and Shift+arrow keyboard selection work, but no
 * transaction may change the document.
 */
export const ReadOnly = Extension.create({
  name: 'assayReadOnly',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        filterTransaction: (tr) => !tr.docChanged,
        props: {
          handlePaste: () => true,
          handleDrop: () => true,
          handleTextInput: () => true,
        },
      }),
    ];
  },
});
