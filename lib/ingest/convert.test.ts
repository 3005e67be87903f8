// Each converter on files made here (test/documents.ts: pdf-lib, docx) or written out below:
// structure, order, joined hyphenation, dropped page furniture, and the canonical text rule.
import { getSchema } from '@tiptap/core';
import { Node } from '@tiptap/pm/model';
import StarterKit from '@tiptap/starter-kit';
import { describe, expect, it } from 'vitest';
import { canonicalText } from '@/lib/corpus/canonical';
import { makeDocx, makePdf, makeScannedPdf } from '@/test/documents';
import { docxToDocument, declaredUnpackedSize } from './docx';
import { htmlToDocument } from './html';
import { decodeText, formatOf, ingest } from './index';
import { markdownToDocument } from './markdown';
import { pdfToDocument } from './pdf';
import type { Converted } from './schema';
import { textToDocument } from './text';

const readerSchema = getSchema([StarterKit]);
const types = (c: Converted) => (c.content.content ?? []).map((b) => (b.type === 'heading' ? `h${b.attrs?.level}` : b.type));
/** The text the reader's own ProseMirror gives the content: must be the stored text. */
const readerText = (c: Converted) => {
  const doc = Node.fromJSON(readerSchema, c.content);
  return doc.textBetween(0, doc.content.size, '\n\n');
};
const blocks = (c: Converted) => c.text.split('\n\n');

describe('Markdown', () => {
  const md = markdownToDocument(
    [
      '# Minsk and Moscow',
      '',
      'The *Union State* was **announced** in [1999](https://example.org/1999).[^a]',
      '',
      '## Outlook',
      '',
      '- first point',
      '- second point',
      '',
      '1. one',
      '2. two',
      '',
      '> A quoted passage.',
      '',
      '![a map](map.png)',
      '<script>alert("x")</script><style>p{}</style>',
      '',
      '[^a]: Treaty of 8 December 1999.',
    ].join('\n'),
  );
  it('keeps headings, paragraphs, lists, quotes, emphasis and order', () => {
    expect(types(md)).toEqual(['h1', 'paragraph', 'h2', 'bulletList', 'orderedList', 'blockquote', 'horizontalRule', 'paragraph']);
    expect(md.title).toBe('Minsk and Moscow');
    const italic = JSON.stringify(md.content).includes('"marks":[{"type":"italic"}],"text":"Union State"');
    expect(italic).toBe(true);
  });
  it('sets footnotes apart after a rule, their reference left as [n]; links become text; no script, style or image', () => {
    expect(blocks(md)).toEqual([
      'Minsk and Moscow',
      'The Union State was announced in 1999.[1]',
      'Outlook',
      'first point',
      'second point',
      'one',
      'two',
      'A quoted passage.',
      '[1] Treaty of 8 December 1999.',
    ]);
    expect(JSON.stringify(md.content)).not.toMatch(/link|image|alert/);
  });
  it('follows the canonical text rule the reader follows', () => {
    expect(md.text).toBe(canonicalText(md.content));
    expect(md.text).toBe(readerText(md));
  });
  it('refuses more footnotes than markdown-it-footnote reads in reasonable time (its cost is quadratic), quickly', () => {
    const notes = (n: number) => Array.from({ length: n }, (_, i) => `Claim ${i}.[^${i}]`).join('\n\n') + '\n\n' + Array.from({ length: n }, (_, i) => `[^${i}]: Note ${i}.`).join('\n');
    // Refused before markdown-it reads them: parsed, 20,000 notes would take minutes, past the test's limit.
    expect(() => markdownToDocument(notes(20_000))).toThrow(expect.objectContaining({ status: 400, message: expect.stringMatching(/at most 1000/) }));
    expect(blocks(markdownToDocument(notes(3))).at(-1)).toBe('[3] Note 2.');
  });
  it('reads front matter as title, byline and date', () => {
    const d = markdownToDocument('---\ntitle: "Front"\nauthor: Ann Lee\ndate: 2023-04-05\n---\nBody text.');
    expect(d).toMatchObject({ title: 'Front', byline: 'Ann Lee', publishedAt: '2023-04-05' });
    expect(d.text).toBe('Body text.');
  });
});

describe('HTML', () => {
  it('keeps the text and structure, drops navigation, scripts, styles, images and event handlers', () => {
    const d = htmlToDocument(
      '<html><head><title>Page &amp; Title</title><style>.x{}</style></head><body><nav>Home | About</nav><h2 onclick="x()">Section</h2><p>One<br>two <a href="javascript:alert(1)">link</a></p><img src="x" onerror="alert(1)"><table><tr><td>cell a</td><td>cell b</td></tr></table><script>evil()</script></body></html>',
    );
    expect(d.title).toBe('Page & Title');
    expect(blocks(d)).toEqual(['Section', 'One two link', 'cell a', 'cell b']);
    expect(d.warnings.join()).toMatch(/Images were left out/);
    expect(d.text).toBe(readerText(d));
  });
  it('survives deep nesting and odd input without throwing', () => {
    const deep = '<div>'.repeat(5000) + 'deep text' + '</div>'.repeat(5000);
    expect(htmlToDocument(deep).text).toBe('deep text');
    expect(htmlToDocument('<p>\u0007bell and \uFFFE</p>').text).toBe('bell and \uFFFE');
  });
  it('reads a footnote reference whose link is not valid percent-encoding as text (it threw URIError: the page was refused)', () => {
    const d = htmlToDocument('<p>Claim<sup><a href="#%E0%A4%A">1</a></sup> stands.</p><ol><li id="%E0%A4%A">The note.</li></ol>');
    expect(blocks(d)).toEqual(['Claim[1] stands.', '[1] The note.']);
  });
  it('sets apart thousands of footnotes in time linear in their number (20,000 took minutes)', () => {
    const n = 10_000;
    const html = Array.from({ length: n }, (_, i) => `<p>Claim ${i}.<sup><a href="#fn${i}">${i}</a></sup></p>`).join('') + `<ol>${Array.from({ length: n }, (_, i) => `<li id="fn${i}">Note ${i}.</li>`).join('')}</ol>`;
    // Under a second here; the search per reference it replaces took minutes, past the test's limit.
    const d = htmlToDocument(html);
    expect(blocks(d).slice(n - 1, n + 1)).toEqual([`Claim ${n - 1}.[${n}]`, '[1] Note 0.']);
  }, 60_000);
});

describe('plain text', () => {
  it('makes paragraphs of blank-line separated groups, joining wrapped lines, and lists of bullet lines', () => {
    const d = textToDocument('Title line\r\n\r\nA paragraph that was\r\nwrapped by hand.\r\n\r\n• one\r\n• two\r\n\r\n1. first\r\n2) second\r\n');
    expect(types(d)).toEqual(['paragraph', 'paragraph', 'bulletList', 'orderedList']);
    expect(blocks(d)).toEqual(['Title line', 'A paragraph that was wrapped by hand.', 'one', 'two', 'first', 'second']);
    expect(d.title).toBe('Title line');
  });
  it('takes one paragraph per line when there are no blank lines, and keeps emoji as they are', () => {
    const d = textToDocument('First 🇧🇾 line\nSecond line');
    expect(blocks(d)).toEqual(['First 🇧🇾 line', 'Second line']);
    expect(d.text).toBe(readerText(d));
  });
  it('refuses a "text" file with NUL characters, and reads UTF-16 with its byte order mark', () => {
    expect(() => decodeText(new Uint8Array([0x61, 0x00, 0x62]))).toThrow(/NUL/);
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0x61, 0x00, 0x62, 0x00]))).toBe('ab');
  });
});

describe('PDF', () => {
  it('rebuilds paragraphs from lines, joins hyphenated words, drops running headers and page numbers, keeps order', async () => {
    const bytes = await makePdf(
      [
        {
          heading: 'Integration Under Pressure',
          paragraphs: [
            ['The treaty on the Union State was signed in 1999 and its', 'programmes were meant to bring the two econ-', 'omies together within a decade.'],
            ['Second paragraph on the first page, which ends', 'with a short line.'],
          ],
        },
        { paragraphs: [['A paragraph on page two about gas prices and', 'the oil tax manoeuvre, which changed every-', 'thing for the budget.']] },
        { paragraphs: [['The last page closes the argument.']] },
      ],
      { header: 'Minsk Review 2023 — Working Paper', title: 'Integration Under Pressure' },
    );
    const d = await pdfToDocument(bytes);
    expect(types(d)).toEqual(['h1', 'paragraph', 'paragraph', 'paragraph', 'paragraph']);
    expect(blocks(d)).toEqual([
      'Integration Under Pressure',
      'The treaty on the Union State was signed in 1999 and its programmes were meant to bring the two economies together within a decade.',
      'Second paragraph on the first page, which ends with a short line.',
      'A paragraph on page two about gas prices and the oil tax manoeuvre, which changed everything for the budget.',
      'The last page closes the argument.',
    ]);
    expect(d.title).toBe('Integration Under Pressure');
    expect(d.text).not.toMatch(/Working Paper|^\d+$/m);
    expect(d.warnings.join()).toMatch(/6 running header/);
    expect(d.text).toBe(readerText(d));
  });
  it('continues a paragraph across a page break when the page ends mid-sentence', async () => {
    const d = await pdfToDocument(await makePdf([{ paragraphs: [['The sentence starts on one page and']] }, { paragraphs: [['ends on the next.']] }]));
    expect(blocks(d)).toEqual(['The sentence starts on one page and ends on the next.']);
  });
  it('refuses a scan without a text layer (422) and a damaged file (400)', async () => {
    await expect(pdfToDocument(await makeScannedPdf())).rejects.toMatchObject({ status: 422, message: expect.stringMatching(/no text layer \(OCR is not supported\)/) });
    const good = await makePdf([{ paragraphs: [['Some text.']] }]);
    await expect(pdfToDocument(good.slice(0, 200))).rejects.toMatchObject({ status: 400 });
    await expect(ingest({ kind: 'file', name: 'x.pdf', type: 'application/pdf', bytes: new TextEncoder().encode('not a pdf at all') })).rejects.toMatchObject({ status: 400 });
  });
});

describe('.docx', () => {
  it('keeps the title, heading, emphasis, footnote and list, in order', async () => {
    const bytes = await makeDocx({
      title: 'Energy Dependence',
      heading: 'Background',
      paragraph: 'Belarus buys nearly all its gas from Russia, as ',
      italic: 'Gazprom',
      note: 'Figures for 2021.',
      items: ['first item', 'second item'],
    });
    const d = await docxToDocument(bytes);
    expect(types(d)).toEqual(['h1', 'h2', 'paragraph', 'bulletList', 'horizontalRule', 'paragraph']);
    expect(blocks(d)).toEqual(['Energy Dependence', 'Background', 'Belarus buys nearly all its gas from Russia, as Gazprom.[1]', 'first item', 'second item', '[1] Figures for 2021.']);
    expect(d.title).toBe('Energy Dependence');
    expect(JSON.stringify(d.content)).toContain('"marks":[{"type":"italic"}],"text":"Gazprom"');
    expect(d.text).toBe(readerText(d));
  });
  it('refuses a damaged .docx, and reads the zip’s declared size', async () => {
    await expect(docxToDocument(new TextEncoder().encode('PK not really a zip'))).rejects.toMatchObject({ status: 400 });
    const bytes = await makeDocx({ title: 'T', heading: 'H', paragraph: 'P', italic: 'I', note: 'N', items: ['x'] });
    expect(declaredUnpackedSize(bytes)).toBeGreaterThan(bytes.length);
  });
});

describe('formats', () => {
  it('are known by extension, else by type; others are a 415 naming the supported ones', async () => {
    expect(formatOf('Report.PDF', '')).toBe('pdf');
    expect(formatOf('notes', 'text/markdown; charset=utf-8')).toBe('markdown');
    expect(formatOf('old.doc', 'application/msword')).toBeNull();
    await expect(ingest({ kind: 'file', name: 'old.doc', type: 'application/msword', bytes: new Uint8Array([1, 2]) })).rejects.toMatchObject({
      status: 415,
      message: expect.stringContaining('.txt, .md, .html, .pdf or .docx'),
    });
  });
});
