// ProseMirror plugins of the reader. Highlights are decorations computed from the annotation list
// (DESIGN.md), never marks in the document, so overlapping annotations of many analysts coexist.
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';

export type Highlight = {
  id: string;
  from: number;
  to: number;
  kind: string;
  title: string;
  mine: boolean;
  selected: boolean;
};

export const highlightsKey = new PluginKey<DecorationSet>('assay-highlights');

function decoration(h: Highlight): Decoration {
  const classes = ['hl', `hl-${h.kind.toLowerCase()}`];
  if (h.mine) classes.push('hl-mine');
  if (h.selected) classes.push('hl-selected');
  return Decoration.inline(h.from, h.to, { class: classes.join(' '), 'data-annotation-id': h.id, title: h.title });
}

/** Replaces the drawn highlights: `view.dispatch(setHighlights(view.state.tr, list))`. */
export const setHighlights = <T extends { setMeta(key: PluginKey, value: unknown): T }>(tr: T, list: Highlight[]) =>
  tr.setMeta(highlightsKey, list);

export const Highlights = Extension.create({
  name: 'assayHighlights',
  addProseMirrorPlugins() {
    return [
      new Plugin<DecorationSet>({
        key: highlightsKey,
        state: {
          init: () => DecorationSet.empty,
          apply(tr, set) {
            const list = tr.getMeta(highlightsKey) as Highlight[] | undefined;
            return list ? DecorationSet.create(tr.doc, list.map(decoration)) : set.map(tr.mapping, tr.doc);
          },
        },
        props: { decorations: (state) => highlightsKey.getState(state) },
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
