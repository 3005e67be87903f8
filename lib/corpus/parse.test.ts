import { getSchema, type JSONContent } from '@tiptap/core';
import { Node } from '@tiptap/pm/model';
import StarterKit from '@tiptap/starter-kit';
import { describe, expect, it } from 'vitest';
import { canonicalText } from './canonical';
import { inline, parseCorpusFile, readCorpus } from './parse';

const schema = getSchema([StarterKit]);
const corpus = readCorpus();
const bySlug = Object.fromEntries(corpus.map((d) => [d.slug, d]));

function count(content: JSONContent, predicate: (n: JSONContent) => boolean): number {
  return (predicate(content) ? 1 : 0) + (content.content ?? []).reduce((n, child) => n + count(child, predicate), 0);
}
const headings = (c: JSONContent) => count(c, (n) => n.type === 'heading');
const items = (c: JSONContent) => count(c, (n) => n.type === 'listItem');
const italics = (c: JSONContent) => count(c, (n) => Boolean(n.marks?.some((m) => m.type === 'italic')));

describe('the five corpus files', () => {
  it('are all parsed, with stable slugs', () => {
    expect(corpus.map((d) => d.slug)).toEqual([
      'belarus-and-russia-accelerated-integration',
      'the-integration-deal-in-russias-strategy-towards-belarus',
      'russia-belarus-a-sham-acceleration-of-integration',
      'belarus-and-russia-move-to-the-next-stage-of-integration',
      'on-defense-russias-patience-with-belarus-is-wearing-thin',
    ]);
  });

  it('keep title, date and byline where the text gives them', () => {
    const pism = bySlug['belarus-and-russia-accelerated-integration'];
    expect(pism.publishedAt).toBe('2021-06-30');
    expect(pism.content.content![0]).toMatchObject({ type: 'heading', attrs: { level: 1 } });
    // The date and the bulletin number are metadata, not text.
    expect(canonicalText(pism.content)).not.toMatch(/30\.06\.2021|^125$/m);
    expect(bySlug['belarus-and-russia-move-to-the-next-stage-of-integration'].byline).toBe('Anna Maria Dyner');
    expect(bySlug['on-defense-russias-patience-with-belarus-is-wearing-thin'].byline).toBe('Ekaterina Zolotova');
    expect(corpus.filter((d) => d.publishedAt).length).toBe(1);
  });

  it('keep headings, bullet lists, italics and footnotes', () => {
    expect(headings(bySlug['belarus-and-russia-accelerated-integration'].content)).toBe(5);
    expect(headings(bySlug['the-integration-deal-in-russias-strategy-towards-belarus'].content)).toBe(7);
    const osw = bySlug['russia-belarus-a-sham-acceleration-of-integration'];
    expect(items(osw.content)).toBe(5);
    expect(canonicalText(osw.content)).not.toContain('•');
    expect(canonicalText(osw.content).startsWith('Russia–Belarus')).toBe(true); // the section label is dropped
    const dyner = bySlug['belarus-and-russia-move-to-the-next-stage-of-integration'];
    expect(italics(dyner.content)).toBe(3);
    expect(canonicalText(dyner.content)).toContain('Russkiy mir');
    const deal = bySlug['the-integration-deal-in-russias-strategy-towards-belarus'];
    const blocks = deal.content.content!;
    const rule = blocks.findIndex((b) => b.type === 'horizontalRule');
    expect(rule).toBeGreaterThan(0);
    expect(blocks.slice(rule + 1).map((b) => b.content?.[0].text?.slice(0, 4))).toEqual(['[1] ']);
  });

  it('turn links with an empty target into plain text everywhere', () => {
    for (const d of corpus) expect(canonicalText(d.content)).not.toMatch(/\]\(#\)|\[[^\]\d]+\]/);
    expect(canonicalText(bySlug['belarus-and-russia-move-to-the-next-stage-of-integration'].content)).toContain('within the Regional Forces Group, military integration,');
  });

  it('keep every caption, as a paragraph of its own', () => {
    const gpf = canonicalText(bySlug['on-defense-russias-patience-with-belarus-is-wearing-thin'].content);
    expect(gpf.split('\n\n').filter((b) => b === '(click to enlarge)')).toHaveLength(2);
    const osw = canonicalText(bySlug['russia-belarus-a-sham-acceleration-of-integration'].content);
    expect(osw.split('\n\n')).toContain('Photo from the April meeting between Lukashenko and Putin');
  });

  it('join a paragraph the export cut in two', () => {
    const text = canonicalText(bySlug['belarus-and-russia-move-to-the-next-stage-of-integration'].content);
    expect(text).toContain('28 economic integration programmes signed in November 2021.');
  });

  it('parse the same way twice (idempotent)', () => {
    expect(readCorpus()).toEqual(corpus);
  });

  it('give the same canonical text as ProseMirror for every document', () => {
    for (const d of corpus) {
      const doc = Node.fromJSON(schema, d.content);
      expect(canonicalText(d.content), d.slug).toBe(doc.textBetween(0, doc.content.size, '\n\n'));
    }
  });
});

describe('inline markup', () => {
  it('makes italics and unwraps empty links', () => {
    expect(inline('the *Russkiy mir* and [rigged elections](#).')).toEqual([
      { type: 'text', text: 'the ' },
      { type: 'text', text: 'Russkiy mir', marks: [{ type: 'italic' }] },
      { type: 'text', text: ' and rigged elections.' },
    ]);
  });

  it('keeps emoji and other astral characters intact', () => {
    const d = parseCorpusFile('Title 🙂\n\nMinsk 🇧🇾 and Moscow.', 'x.txt');
    const doc = Node.fromJSON(schema, d.content);
    expect(canonicalText(d.content)).toBe('Title 🙂\n\nMinsk 🇧🇾 and Moscow.');
    expect(doc.textBetween(0, doc.content.size, '\n\n')).toBe(canonicalText(d.content));
  });
});
