// Fetching web pages against real local HTTP servers: what is refused and why (SSRF: private and
// loopback addresses, also after a redirect; schemes other than http(s); time and size limits),
// and what is kept of a page. The allow-list setting (ASSAY_FETCH_ALLOW) is how tests reach their
// own 127.0.0.1 server; without it, that server is refused like any loopback address.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from './index';
import { fetchPage } from './web';

let server: http.Server;
let base: string;
const MiB = 1024 * 1024;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const url = new URL(request.url!, 'http://x');
    switch (url.pathname) {
      case '/page':
        response.writeHead(200, { 'Content-Type': 'text/html' });
        return response.end('<html><head><title>A Page</title></head><body><article><h1>A Page</h1><p>Words of the page, enough of them to be an article worth keeping for the reader.</p></article></body></html>');
      case '/gzip':
        response.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Encoding': 'gzip' });
        return response.end(zlib.gzipSync('Compressed Title\n\nCompressed words.'));
      case '/to-page':
        response.writeHead(302, { Location: '/page' });
        return response.end();
      case '/to-private':
        response.writeHead(302, { Location: url.searchParams.get('to')! });
        return response.end();
      case '/loop':
        response.writeHead(301, { Location: '/loop' });
        return response.end();
      case '/slow':
        return void setTimeout(() => response.end('late'), 5_000).unref();
      case '/huge':
        response.writeHead(200, { 'Content-Type': 'text/plain' });
        return response.end(Buffer.alloc(21 * MiB, 0x61));
      case '/deep':
        response.writeHead(200, { 'Content-Type': 'text/html' });
        return response.end(`<html><body>${'<div>'.repeat(20_000)}<p>Deep words.</p></body></html>`);
      case '/links':
        response.writeHead(200, { 'Content-Type': 'text/html' });
        return response.end(`<html><body><article>${Array.from({ length: 30_000 }, (_, i) => `<a href="/l${i}">link ${i}</a> `).join('')}</article></body></html>`);
      case '/bomb':
        response.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Encoding': 'gzip' });
        return response.end(zlib.gzipSync(Buffer.alloc(30 * MiB, 0x61)));
      default:
        response.writeHead(404);
        return response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  delete process.env.ASSAY_FETCH_ALLOW;
  delete process.env.ASSAY_FETCH_TIMEOUT_MS;
});
const allowLocal = () => (process.env.ASSAY_FETCH_ALLOW = '127.0.0.1');

describe('fetching a web address', () => {
  it('refuses loopback, private and link-local addresses unless allowed', async () => {
    for (const url of [`${base}/page`, 'http://localhost:1/', 'http://10.0.0.1/', 'http://192.168.1.1/', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]/', 'http://[::ffff:127.0.0.1]/', 'http://2130706433/', 'http://0.0.0.0/']) {
      await expect(fetchPage(url, MiB), url).rejects.toMatchObject({ status: 400, fields: { url: expect.stringMatching(/private, loopback or link-local/) } });
    }
    allowLocal();
    expect(new TextDecoder().decode((await fetchPage(`${base}/page`, MiB)).bytes)).toContain('Words of the page');
  });

  it('checks every redirect: to an address not allowed, to another scheme, or too many', async () => {
    allowLocal();
    expect((await fetchPage(`${base}/to-page`, MiB)).url).toBe(`${base}/page`);
    for (const to of ['http://127.0.0.2/', 'http://169.254.169.254/', 'http://[::1]:80/']) {
      await expect(fetchPage(`${base}/to-private?to=${encodeURIComponent(to)}`, MiB), to).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/private, loopback/) });
    }
    await expect(fetchPage(`${base}/to-private?to=${encodeURIComponent('file:///etc/passwd')}`, MiB)).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/http and https/) });
    await expect(fetchPage(`${base}/loop`, MiB)).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/redirects/) });
  });

  it('refuses other schemes, credentials and non-addresses', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://example.org/', 'javascript:alert(1)', 'gopher://x', 'not a url', 'http://user:pw@example.org/']) {
      await expect(fetchPage(url, MiB), url).rejects.toMatchObject({ status: 400 });
    }
  });

  it('gives up after the time limit, and past the size limit (decompressed too)', async () => {
    allowLocal();
    process.env.ASSAY_FETCH_TIMEOUT_MS = '300';
    await expect(fetchPage(`${base}/slow`, MiB)).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/did not answer within/) });
    delete process.env.ASSAY_FETCH_TIMEOUT_MS;
    await expect(fetchPage(`${base}/huge`, 20 * MiB)).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/larger than 20 MiB/) });
    await expect(fetchPage(`${base}/bomb`, 20 * MiB)).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/larger than 20 MiB/) });
  });

  it('keeps a page too deep or too large for Readability in bounded time (before: up to minutes of the server’s one thread, or a 400)', async () => {
    allowLocal();
    for (const [path, text] of [
      ['/deep', 'Deep words.'],
      ['/links', 'link 29999'],
    ]) {
      // A second or two here; before, minutes (past the test's limit) or a 400.
      const page = await ingest({ kind: 'url', url: `${base}${path}` });
      expect(page.text).toContain(text);
    }
  }, 60_000);

  it('reads a compressed answer, and keeps the article of a page', async () => {
    allowLocal();
    expect((await ingest({ kind: 'url', url: `${base}/gzip` })).text).toBe('Compressed Title\n\nCompressed words.');
    const page = await ingest({ kind: 'url', url: `${base}/page` });
    expect(page).toMatchObject({ format: 'web', sourceUrl: `${base}/page`, title: 'A Page' });
    expect(page.text).toContain('Words of the page');
  });
});
