// Real files for the document tests, made here rather than committed: PDFs written by pdf-lib (a
// text layer in Helvetica, laid out as a book page: running header, page numbers, hyphenated line
// ends) and .docx files written by the `docx` package. Used by unit and integration tests, the
// bench and the end-to-end specs. No imports from lib/.
import { Document, FootnoteReferenceRun, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { PDFDocument, StandardFonts } from 'pdf-lib';

export type PdfPage = {
  /** A heading at the top of the page, in a larger size. */
  heading?: string;
  /** Paragraphs, each given as its lines (the PDF has no paragraphs, only lines). */
  paragraphs: string[][];
};

/** A PDF whose pages carry a running header, the paragraphs' lines, and a page number at the foot. */
export async function makePdf(pages: PdfPage[], options: { header?: string; title?: string } = {}): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  if (options.title) pdf.setTitle(options.title);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  pages.forEach((content, i) => {
    const page = pdf.addPage([595, 842]);
    if (options.header) page.drawText(options.header, { x: 72, y: 800, size: 9, font });
    let y = 760;
    if (content.heading) {
      page.drawText(content.heading, { x: 72, y, size: 18, font: bold });
      y -= 36;
    }
    for (const lines of content.paragraphs) {
      lines.forEach((line, n) => {
        // First lines indented, as books set them.
        page.drawText(line, { x: n === 0 ? 90 : 72, y, size: 11, font });
        y -= 14;
      });
      y -= 10;
    }
    page.drawText(String(i + 1), { x: 292, y: 40, size: 9, font });
  });
  return pdf.save();
}

/** A PDF with pages but no text at all, as a scan without OCR would be. */
export async function makeScannedPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  page.drawRectangle({ x: 72, y: 600, width: 400, height: 150 });
  return pdf.save();
}

/** A .docx with a title, a heading, a paragraph with italics and a footnote, and a bullet list. */
export async function makeDocx(parts: { title: string; heading: string; paragraph: string; italic: string; note: string; items: string[] }): Promise<Uint8Array> {
  const document = new Document({
    footnotes: { 1: { children: [new Paragraph(parts.note)] } },
    sections: [
      {
        children: [
          new Paragraph({ text: parts.title, heading: HeadingLevel.TITLE }),
          new Paragraph({ text: parts.heading, heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ children: [new TextRun(parts.paragraph), new TextRun({ text: parts.italic, italics: true }), new TextRun('.'), new FootnoteReferenceRun(1)] }),
          ...parts.items.map((item) => new Paragraph({ text: item, bullet: { level: 0 } })),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
