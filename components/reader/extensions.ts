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
  mine: boolean;
  selected: boolean;
};

export const highlightsKey = new PluginKey<DecorationSet>('assay-highlights');

/** The class that names an annotation on the highlight elements covering it. */
export const idClass = (id: string) => `hl-id-${id}`;

/**
 * ProseMirror merges decorations that cover the same text into one element (classes
 * concatenated, other attributes overwritten), so every annotation's id travels as a class, and
 * each kind gets its own element name: overlapping highlights of different kinds nest, and their
 * translucent fills stack.
 */
function decoration(h: Highlight): Decoration {
  const classes = ['hl', `hl-${h.kind.toLowerCase()}`, idClass(h.id)];
  if (h.mine) classes.push('hl-mine');
  if (h.selected) classes.push('hl-selected');
  return Decoration.inline(h.from, h.to, { nodeName: `assay-${h.kind.toLowerCase()}`, class: classes.join(' ') });
}

/** The annotation ids of a highlight element and the highlights it sits in, innermost first. */
export function highlightIds(element: Element | null): string[] {
  const ids: string[] = [];
  for (let e = element?.closest('.hl'); e; e = e.parentElement?.closest('.hl')) {
    for (const c of e.classList) if (c.startsWith('hl-id-') && !ids.includes(c.slice(6))) ids.push(c.slice(6));
  }
  return ids;
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
