import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { JSONContent } from '@tiptap/core';
import { describe, expect, it } from 'vitest';
import { canonicalText } from './canonical';
import { CORPUS_DIR, type FileMetadata, inline, parseCorpusFile, readCorpus, slugify, type ParsedDocument } from './parse';

const corpus = readCorpus();
const byFile = Object.fromEntries(corpus.map((d) => [d.sourceFile, d]));
const raw = (file: string) => readFileSync(path.join(CORPUS_DIR, file), 'utf8');
const metadata: Record<string, FileMetadata> = JSON.parse(raw('metadata.json'));

function nodes(content: JSONContent, predicate: (n: JSONContent) => boolean): JSONContent[] {
  return [...(predicate(content) ? [content] : []), ...(content.content ?? []).flatMap((child) => nodes(child, predicate))];
}
const textOf = (n: JSONContent) => (n.content ?? []).map((c) => c.text ?? '').join('');

/** Top-level blocks of the body, and the footnote paragraphs after the horizontal rule. */
function sections(d: ParsedDocument) {
  const blocks = d.content.content ?? [];
  const rule = blocks.findIndex((b) => b.type === 'horizontalRule');
  return { body: rule < 0 ? blocks : blocks.slice(0, rule), notes: rule < 0 ? [] : blocks.slice(rule + 1) };
}

function shape(d: ParsedDocument) {
  const { body, notes } = sections(d);
  return {
    headings: nodes(d.content, (n) => n.type === 'heading').map((h) => `h${h.attrs?.level} ${textOf(h)}`),
    paragraphs: body.filter((b) => b.type === 'paragraph').length,
    bulletItems: nodes(d.content, (n) => n.type === 'listItem').length,
    italics: nodes(d.content, (n) => Boolean(n.marks?.some((m) => m.type === 'italic'))).map((n) => n.text),
    footnotes: notes.length,
  };
}

// Counted by hand from the files (blocks are lines; headings are the short unpunctuated ones).
const EXPECTED = {
  '000_9f5b84a7011fddfe.txt': {
    slug: 'belarus-and-russia-accelerated-integration',
    title: 'Belarus and Russia: Accelerated integration',
    byline: null,
    publishedAt: '2021-06-30',
    headings: [
      'h1 Belarus and Russia: Accelerated integration',
      'h2 Integration Programmes',
      'h2 Security Cooperation',
      'h2 Difficulties in Integration',
      'h2 Conclusions and Perspectives',
    ],
    paragraphs: 13,
    bulletItems: 0,
    italics: [],
    footnotes: 0,
  },
  '001_f47a7d65752428e8.txt': {
    slug: 'the-integration-deal-in-russias-strategy-towards-belarus',
    title: 'The integration deal in Russia’s strategy towards Belarus',
    byline: null,
    publishedAt: null,
    headings: [
      'h2 Introduction',
      'h2 The Context of the Integration Deal',
      'h2 The (Poor) Economic Rationale of the Deal',
      'h2 Russia’s Strategic Priorities in Belarus',
      'h2 Integration Deal as Russia’s Strategic Tool',
      'h2 The Integration Deal as a Lose-Lose Game for Belarus',
      'h2 Conclusion',
    ],
    paragraphs: 43,
    bulletItems: 0,
    italics: [],
    footnotes: 1,
  },
  '002_8a288b5169039e03.txt': {
    slug: 'russia-belarus-a-sham-acceleration-of-integration',
    title: 'Russia–Belarus: a sham acceleration of integration',
    byline: null,
    publishedAt: null,
    headings: ['h1 Russia–Belarus: a sham acceleration of integration', 'h2 Commentary'],
    paragraphs: 2,
    bulletItems: 5,
    italics: [],
    footnotes: 0,
  },
  '003_10df2df28770d492.txt': {
    slug: 'belarus-and-russia-move-to-the-next-stage-of-integration',
    title: 'Belarus And Russia Move to The Next Stage Of Integration',
    byline: 'Anna Maria Dyner',
    publishedAt: null,
    headings: ['h1 Belarus And Russia Move to The Next Stage Of Integration'],
    paragraphs: 13,
    bulletItems: 0,
    italics: ['Union Shield', 'Zapad 2023', 'Russkiy mir'],
    footnotes: 0,
  },
  '004_759d334682a0d535.txt': {
    slug: 'on-defense-russias-patience-with-belarus-is-wearing-thin',
    title: 'On Defense, Russia’s Patience With Belarus Is Wearing Thin',
    byline: 'Ekaterina Zolotova',
    publishedAt: null,
    headings: ['h1 On Defense, Russia’s Patience With Belarus Is Wearing Thin'],
    paragraphs: 11,
    bulletItems: 0,
    italics: [],
    footnotes: 0,
  },
};

describe('each corpus file', () => {
  it('is read, in file-name order', () => {
    expect(corpus.map((d) => d.sourceFile)).toEqual(Object.keys(EXPECTED));
  });

  for (const [file, { slug, title, byline, publishedAt, ...counts }] of Object.entries(EXPECTED)) {
    describe(file, () => {
      const d = byFile[file];
      it('has its title, byline, date and slug', () => {
        expect({ slug: d.slug, title: d.title, byline: d.byline, publishedAt: d.publishedAt }).toEqual({ slug, title, byline, publishedAt });
        expect(d.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      });

      it('keeps its headings, paragraphs, bullet items, italics and footnotes', () => {
        expect(shape(d)).toEqual(counts);
      });

      it('parses the same way twice', () => {
        const once = parseCorpusFile(raw(file), file, metadata[file]);
        expect(parseCorpusFile(raw(file), file, metadata[file])).toEqual(once);
        expect(once).toEqual(d);
      });

      it('leaves no markup and no header metadata in the text', () => {
        const text = canonicalText(d.content);
        expect(text).not.toMatch(/\]\(#\)|\*|\\|•|^\s|\s$/);
        expect(text).not.toMatch(/^(\d+|\d{2}\.\d{2}\.\d{4}|Analyses)$/m);
        if (d.byline) expect(text.split('\n\n')).not.toContain(d.byline);
      });
    });
  }
});

describe('corpus rules', () => {
  const text = (file: keyof typeof EXPECTED) => canonicalText(byFile[file].content);

  it('drops every caption, and only captions', () => {
    const CAPTION_LINE = /^(\(click to enlarge\)|Photo from .*)$/gm;
    const captions = corpus.flatMap((d) => raw(d.sourceFile).match(CAPTION_LINE) ?? []);
    expect(captions).toEqual(['Photo from the April meeting between Lukashenko and Putin', '(click to enlarge)', '(click to enlarge)']);
    for (const d of corpus) {
      const blocks = canonicalText(d.content).split('\n\n');
      for (const caption of captions) expect(blocks).not.toContain(caption);
      expect(canonicalText(d.content)).not.toMatch(/click to enlarge|^Photo/m);
    }
    // The paragraphs around a caption are still there, in order.
    expect(text('004_759d334682a0d535.txt')).toMatch(/on the Union State\.\n\nThe alternative, of course/);
    expect(text('004_759d334682a0d535.txt')).toMatch(/between the two countries\.\n\nSince the 1990s/);
  });

  it('turns links with an empty target into their text', () => {
    const links = [...raw('003_10df2df28770d492.txt').matchAll(/\[([^\]]+)\]\(#\)/g)].map((m) => m[1]);
    expect(links).toHaveLength(7);
    for (const link of links) expect(text('003_10df2df28770d492.txt')).toContain(link);
    expect(text('003_10df2df28770d492.txt')).toContain('within the Regional Forces Group, military integration, and');
    for (const d of corpus) expect(canonicalText(d.content)).not.toMatch(/\]\(|\[[^\]\d]*\]/);
  });

  it('sets footnotes apart after a rule, their references staying in the text', () => {
    const { body, notes } = sections(byFile['001_f47a7d65752428e8.txt']);
    expect(notes.map((n) => [n.type, textOf(n).slice(0, 9)])).toEqual([['paragraph', '[1] Such ']]);
    expect(body.filter((b) => textOf(b).includes('[1]'))).toHaveLength(1);
    expect(text('001_f47a7d65752428e8.txt')).toContain('the attributes of independence left intact[1]. ');
  });

  it('makes bullet lines one list with one paragraph per item', () => {
    const [list] = nodes(byFile['002_8a288b5169039e03.txt'].content, (n) => n.type === 'bulletList');
    expect(list.content!.map((item) => item.content!.map((c) => c.type))).toEqual(Array(5).fill(['paragraph']));
    expect(textOf(list.content![0].content![0])).toMatch(/^For years, Lukashenka/);
  });

  it('joins a paragraph the export cut in two, but never glues a truncated one to the next', () => {
    expect(text('003_10df2df28770d492.txt')).toContain('28 economic integration programmes signed in November 2021. The aim');
    const deal = text('001_f47a7d65752428e8.txt');
    for (const cut of ['USD 8 billion in\n\nFacing', 'needs USD\n\nThus,', 'to ensure its\n\nThus,', 'back in\n\nThe scenario']) {
      expect(deal).toContain(cut);
    }
  });

  it('undoes Markdown escapes and keeps the characters of the file', () => {
    expect(text('003_10df2df28770d492.txt')).toContain('Belarus paid $128.50 for 1,000 m³ of gas');
    expect(text('000_9f5b84a7011fddfe.txt')).toContain('A\u00a0$1\u00a0billion loan');
  });

  it('keeps the author’s note of 004 without its name line', () => {
    expect(text('004_759d334682a0d535.txt')).toMatch(/\n\nEkaterina Zolotova is an analyst for Geopolitical Futures\./);
  });

  it('works without metadata, taking the first line as the title', () => {
    const d = parseCorpusFile('\n\nA Title\n\nSome text.\n  • one\n  • two\n(click to enlarge)\nLast words.', 'x.txt');
    expect(d).toMatchObject({ slug: 'a-title', title: 'A Title', byline: null, publishedAt: null });
    expect(d.content.content!.map((b) => b.type)).toEqual(['heading', 'paragraph', 'bulletList', 'paragraph']);
  });
});

describe('inline markup', () => {
  it('makes italics, unwraps empty links and undoes escapes', () => {
    expect(inline('the *Russkiy mir* and [rigged elections](#) cost \\$5.')).toEqual([
      { type: 'text', text: 'the ' },
      { type: 'text', text: 'Russkiy mir', marks: [{ type: 'italic' }] },
      { type: 'text', text: ' and rigged elections cost $5.' },
    ]);
  });

  it('leaves a lone asterisk, a footnote reference and emoji alone', () => {
    expect(inline('5 * 3 = 15[1] 🇧🇾🙂')).toEqual([{ type: 'text', text: '5 * 3 = 15[1] 🇧🇾🙂' }]);
  });
});

describe('slugify', () => {
  it('makes ascii kebab-case from any title', () => {
    expect(slugify('Russia–Belarus: Ça va, Klaipėda’s “port”?')).toBe('russia-belarus-ca-va-klaipedas-port');
  });
});
