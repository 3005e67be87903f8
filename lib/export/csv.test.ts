import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvCell, csvHeader, csvRow } from './csv';
import type { ExportRow } from './w3c';

const row: ExportRow = {
  id: '4f1c2a4e-0000-4000-8000-000000000001',
  documentId: 'd',
  kind: 'FORECAST',
  author: { id: 'u', name: 'Ana, "the" analyst', email: 'ana@example.test' },
  target: { start: 3, end: 9, exact: '=HYPERLINK("x")', prefix: '', suffix: '' },
  note: 'line one\nline two',
  forecast: { statement: '-1 sign', probability: 0.7, confidence: 'HIGH', resolveBy: '2024-01-01', criteria: '@SUM(A1)' },
  sources: [{ id: 's', url: 'https://e.org', title: 'T', publisher: null, excerpt: 'quoted', relation: 'SUPPORTS', reliability: 'B' }],
  version: 1,
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-02T00:00:00.000Z',
  orphan: false,
  document: { slug: 'doc', title: 'A doc' },
  textHash: 'h',
  revision: { number: 1, at: '2026-01-01T00:00:00.000Z' },
  replies: [],
};

describe('CSV', () => {
  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(0.7)).toBe('0.7');
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    for (const danger of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(csvCell(danger).replace(/^"/, '').startsWith("'")).toBe(true);
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
  });

  it('neutralises a formula behind leading whitespace too (a sheet that trims cells on import would run it)', () => {
    for (const danger of [' =1+1', '  +1', '\n=1+1', '\u00a0@SUM(A1)', '\u3000-1', ' \t=1']) expect(csvCell(danger).replace(/^"/, '').startsWith("'"), JSON.stringify(danger)).toBe(true);
    for (const safe of [' plain', '  a=b', 'x -1']) expect(csvCell(safe).replace(/^"/, '')).not.toMatch(/^'/);
  });

  it('writes one row per annotation with every column', () => {
    expect(csvHeader()).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
    const line = csvRow(row);
    expect(line.endsWith('\r\n')).toBe(true);
    expect(line).toContain('"Ana, ""the"" analyst"');
    expect(line).toContain(`"'=HYPERLINK(""x"")"`);
    expect(line).toContain("'@SUM(A1)");
    expect(line).toContain('"line one\nline two"');
    expect(line).toContain('supports [B] T <https://e.org> “quoted”');
    // The last columns: id, then not a consensus (two empty cells).
    expect(line.endsWith(`,${row.id},,\r\n`)).toBe(true);
  });

  it('marks the team’s consensus with the annotations it settles, and an evidence link by the id of the passage', () => {
    const settles = ['4f1c2a4e-0000-4000-8000-000000000002', '4f1c2a4e-0000-4000-8000-000000000003'];
    const linked = { id: 't', url: null, title: null, publisher: null, excerpt: null, relation: 'REFUTES' as const, reliability: 'C', annotation: settles[0] };
    const line = csvRow({ ...row, consensus: { settles }, sources: [linked] });
    expect(line.endsWith(`,${row.id},true,${settles.join(' ')}\r\n`)).toBe(true);
    expect(line).toContain(`refutes [C] passage ${settles[0]}`);
    expect(CSV_COLUMNS.slice(-3)).toEqual(['id', 'consensus', 'settles']);
  });
});
