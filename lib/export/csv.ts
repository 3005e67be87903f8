// CSV that opens cleanly in a spreadsheet: RFC 4180 quoting, and cells that a spreadsheet would
// run as a formula (= + - @, tab, carriage return first, also after leading whitespace) neutralised with a leading apostrophe,
// as OWASP recommends against CSV injection.
import type { ExportRow } from './w3c';

export const CSV_COLUMNS = [
  'document',
  'document_title',
  'passage',
  'start',
  'end',
  'kind',
  'author',
  'author_email',
  'attributed_to',
  'credibility',
  'verification_status',
  'statement',
  'probability',
  'confidence',
  'resolve_by',
  'criteria',
  'note',
  'sources',
  'created',
  'updated',
  // Added after the first columns, so a sheet built on them still lines up: the annotation's id, and
  // for the team's consensus (issue #10) "true" and the ids of the annotations it settles.
  'id',
  'consensus',
  'settles',
] as const;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  // Also behind leading whitespace: a sheet that trims cells on import would read ` =1+1` as a formula.
  if (typeof value === 'string' && /^(?:[\t\r]|\s*[=+\-@])/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const line = (cells: (string | number | null | undefined)[]) => `${cells.map(csvCell).join(',')}\r\n`;

export const csvHeader = () => line([...CSV_COLUMNS]);

/**
 * Sources joined in one cell: `relation [reliability] title <url> “excerpt”`, an evidence link as
 * `passage <annotation id>` (the id column of its own row), separated by ` | `.
 */
function sourcesCell(a: ExportRow): string {
  return a.sources
    .map((s) =>
      [s.relation.toLowerCase(), s.reliability && `[${s.reliability}]`, s.title, s.url && `<${s.url}>`, s.annotation && `passage ${s.annotation}`, s.excerpt && `“${s.excerpt}”`]
        .filter(Boolean)
        .join(' '),
    )
    .join(' | ');
}

export function csvRow(a: ExportRow): string {
  return line([
    a.document.slug,
    a.document.title,
    a.target.exact,
    a.target.start,
    a.target.end,
    a.kind,
    a.author.name,
    a.author.email,
    a.claim?.attributedTo,
    a.claim?.credibility,
    a.fact?.status,
    a.forecast?.statement,
    a.forecast?.probability,
    a.forecast?.confidence,
    a.forecast?.resolveBy,
    a.forecast?.criteria,
    a.note,
    sourcesCell(a),
    a.createdAt,
    a.updatedAt,
    a.id,
    a.consensus ? 'true' : '',
    a.consensus?.settles.join(' '),
  ]);
}
