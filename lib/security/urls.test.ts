import { describe, expect, it } from 'vitest';
import { isWebUrl, localPath, webHref } from './urls';

describe('isWebUrl / webHref', () => {
  it('takes http(s) addresses only, however a script URL is disguised', () => {
    for (const url of ['https://example.org/a?b#c', 'http://example.org', 'HTTPS://EXAMPLE.ORG/', ' https://example.org/ ']) expect(isWebUrl(url), url).toBe(true);
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      '\u0001javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      'javascript&colon;alert(1)',
      'javascript:alert(1)//api/annotations/00000000-0000-4000-8000-000000000000',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      '/relative',
      '',
      null,
      undefined,
    ]) {
      expect(isWebUrl(url), String(url)).toBe(false);
      expect(webHref(url), String(url)).toBeUndefined();
    }
    expect(webHref(' https://example.org/a ')).toBe('https://example.org/a');
  });
});

describe('localPath', () => {
  it('keeps paths on this site', () => {
    expect(localPath('/forecasts?sort=spread#q')).toBe('/forecasts?sort=spread#q');
    expect(localPath('/documents/a-b')).toBe('/documents/a-b');
    expect(localPath('/%2F%2Fevil.example')).toBe('/%2F%2Fevil.example');
  });

  it('refuses whatever the browser would read as another site or a script', () => {
    for (const next of ['https://evil.example/', '//evil.example/', '/\\evil.example/', '\\\\evil.example/', '/\t/evil.example/', '/\n/evil.example', ' //evil.example/', '/.//evil.example', '/..//evil.example', '/%2e//evil.example', 'javascript:alert(1)', 'evil.example', '', null, undefined]) {
      expect(localPath(next), JSON.stringify(next)).toBe('/');
    }
    expect(localPath('//evil.example', '/library')).toBe('/library');
  });
});
