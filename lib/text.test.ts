import { describe, expect, it } from 'vitest';
import { badText, badUrl, findBadText } from './text';

describe('text at the door', () => {
  it('refuses NUL and unpaired surrogates, keeps everything else (paired surrogates, emoji, controls)', () => {
    expect(badText('a\u0000b')).toMatch(/NUL/);
    expect(badText('\ud800')).toMatch(/surrogate/);
    expect(badText('x\udc00')).toMatch(/surrogate/);
    expect(badText('😀 ünïcødé \t\n')).toBeNull();
  });

  it('names the first bad field of a JSON value by its dotted path, keys included', () => {
    expect(findBadText({ note: 'ok', sources: [{ title: 'fine' }, { title: 'bad\u0000' }] })).toEqual({ field: 'sources.1.title', reason: expect.stringMatching(/NUL/) });
    expect(findBadText('\ud800')).toEqual({ field: '(body)', reason: expect.stringMatching(/surrogate/) });
    expect(findBadText({ ['k\u0000']: 1 })?.field).toBe('k?');
    expect(findBadText(null)).toBeNull();
    expect(findBadText([1, true, { a: 'b' }])).toBeNull();
  });

  it('refuses malformed percent-encoding in the path and bad text in path or query', () => {
    const at = (path: string) => badUrl(new URL(`http://h${path}`));
    expect(at('/api/documents/%ZZ')?.field).toBe('(path)');
    expect(at('/api/documents/%C0%AE')?.field).toBe('(path)');
    expect(at('/api/documents/%ED%A0%80')?.field).toBe('(path)');
    expect(at('/api/documents/%00')?.field).toBe('(path)');
    expect(at('/api/export?document=%00')?.field).toBe('document');
    expect(at('/api/documents/caf%C3%A9?q=%F0%9F%98%80')).toBeNull();
    // URLSearchParams decodes leniently: malformed escapes stay as text, which is harmless.
    expect(at('/api/export?document=%ZZ')).toBeNull();
  });
});
