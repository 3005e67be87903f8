import { parse } from 'content-disposition';
import { describe, expect, it } from 'vitest';
import { csvAttachment, formatParam, jsonArray, MAX_BODY_BYTES, readJson } from './http';

const post = (body: BodyInit | null, headers: Record<string, string> = {}) => new Request('http://x/', { method: 'POST', body, headers });

describe('readJson', () => {
  it('parses a JSON body, and refuses one over 256 KiB with 413, empty or broken ones with 400', async () => {
    expect(await readJson(post('{"a":1}'))).toEqual({ a: 1 });
    await expect(readJson(post(`"${'x'.repeat(MAX_BODY_BYTES)}"`))).rejects.toMatchObject({ status: 413, message: 'The body is larger than 256 KiB' });
    await expect(readJson(post('{}', { 'content-length': String(MAX_BODY_BYTES + 1) }))).rejects.toMatchObject({ status: 413 });
    await expect(readJson(post(' '))).rejects.toMatchObject({ status: 400, message: 'Send a JSON body', fields: { '(body)': 'Empty' } });
    await expect(readJson(post(null))).rejects.toMatchObject({ status: 400, fields: { '(body)': 'Empty' } });
    await expect(readJson(post('{not json'))).rejects.toMatchObject({ status: 400, message: 'The body is not valid JSON', fields: { '(body)': 'Not JSON' } });
  });

  it('takes another limit and other messages', async () => {
    const messages = { tooLarge: 'Too big a file', empty: 'Send a file', notJson: 'Not a JSON file' };
    const big = JSON.stringify({ padding: 'x'.repeat(MAX_BODY_BYTES * 2) });
    expect(await readJson(post(big), { maxBytes: 1024 * 1024, messages })).toMatchObject({ padding: expect.any(String) });
    await expect(readJson(post(big), { maxBytes: 1024, messages })).rejects.toMatchObject({ status: 413, message: 'Too big a file' });
    await expect(readJson(post(''), { messages })).rejects.toMatchObject({ status: 400, message: 'Send a file' });
    await expect(readJson(post('nope'), { messages })).rejects.toMatchObject({ status: 400, message: 'Not a JSON file' });
  });
});

describe('formatParam', () => {
  const query = (q: string) => new URLSearchParams(q);
  it('answers the format asked for, the first when none is, and 400 otherwise', () => {
    expect(formatParam(query(''), ['json', 'csv'])).toBe('json');
    expect(formatParam(query('format=csv'), ['json', 'csv'])).toBe('csv');
    expect(() => formatParam(query('format=xml'), ['json', 'csv'])).toThrow(expect.objectContaining({ status: 400, message: 'format is json or csv', fields: { format: 'Use json or csv' } }));
    expect(() => formatParam(query('format='), ['w3c', 'csv', 'jsonl'])).toThrow('format is w3c, csv or jsonl');
  });
});

describe('jsonArray', () => {
  it('answers the same bytes and type as NextResponse.json, with the headers given', async () => {
    const items = [{ a: 1, title: 'Russia’s “next stage” – €', nested: { list: [1, null, 'x'] }, skipped: undefined }, { b: [] }, 'text', 3, null];
    for (const list of [items, [], [items[0]]]) {
      const response = jsonArray(list, { headers: { 'X-Total-Count': '5' } });
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(response.headers.get('x-total-count')).toBe('5');
      expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(JSON.stringify(list)))).toBe(true);
    }
  });
});

describe('csvAttachment', () => {
  it('is a CSV download under the file name', async () => {
    const response = csvAttachment({ fileName: 'agreement.csv', body: 'a,b\r\n' });
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename=agreement.csv');
    expect(await response.text()).toBe('a,b\r\n');
  });
});

describe('text and headers at the door', () => {
  it('refuses NUL and unpaired surrogates anywhere in a JSON body, naming the field', async () => {
    await expect(readJson(post('{"note":"a\\u0000b"}'))).rejects.toMatchObject({ status: 400, fields: { note: expect.stringMatching(/NUL/) } });
    await expect(readJson(post('{"sources":[{"title":"\\ud800"}]}'))).rejects.toMatchObject({ status: 400, fields: { 'sources.0.title': expect.stringMatching(/surrogate/) } });
    expect(await readJson(post('{"note":"\\ud83d\\ude00"}'))).toEqual({ note: '😀' });
  });

  it('refuses a body nested too deeply with 400, not a stack overflow (500)', async () => {
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    await expect(readJson(post(deep(100_000)))).rejects.toMatchObject({ status: 400, fields: { '(body)': expect.stringMatching(/nested/i) } });
    await expect(readJson(post(`{"note":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`))).rejects.toMatchObject({ status: 400, fields: { '(body)': expect.stringMatching(/nested/i) } });
    expect(await readJson(post(deep(64)))).toHaveLength(1);
  });

  it('builds Content-Disposition with an encoder: no injected filename, no CR/LF, non-ASCII as filename*', () => {
    const header = csvAttachment({ fileName: 'a";filename="evil.html\r\n😀.csv', body: '' }).headers.get('content-disposition')!;
    expect(header).not.toMatch(/[\r\n]/);
    // Parsed back, it holds one file name: the whole text sent, quotes and all.
    expect(parse(header)).toMatchObject({ type: 'attachment', parameters: { filename: 'a";filename="evil.html\r\n😀.csv' } });
    expect(Object.keys(parse(header).parameters)).toEqual(['filename', 'filename*']);
  });
});
