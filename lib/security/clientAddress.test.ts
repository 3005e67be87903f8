import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Trust, clientAddress, hookClientAddress, normalizeAddress, parseTrustProxy } from './clientAddress';

describe('TRUST_PROXY', () => {
  const trusts = (setting: string | undefined, address: string, hop = 0) => parseTrustProxy(setting)(address, hop);

  it('trusts no proxy when unset, empty, none, false or 0', () => {
    for (const setting of [undefined, '', '  ', 'none', 'NONE', 'false', '0']) {
      expect(trusts(setting, '127.0.0.1'), String(setting)).toBe(false);
      expect(trusts(setting, '10.0.0.1'), String(setting)).toBe(false);
    }
  });

  it('a number trusts that many hops, whatever their addresses', () => {
    expect([0, 1, 2].map((hop) => trusts('1', '203.0.113.1', hop))).toEqual([true, false, false]);
    expect([0, 1, 2].map((hop) => trusts('2', '203.0.113.1', hop))).toEqual([true, true, false]);
  });

  it('addresses, subnets and names trust those addresses at any hop', () => {
    expect(trusts('loopback', '127.0.0.1')).toBe(true);
    expect(trusts('loopback', '::1')).toBe(true);
    expect(trusts('loopback', '::ffff:127.0.0.1', 3)).toBe(true);
    expect(trusts('loopback', '10.0.0.1')).toBe(false);
    expect(trusts(' 10.0.0.0/8 , 192.0.2.7 ', '10.200.3.4', 1)).toBe(true);
    expect(trusts('10.0.0.0/8, 192.0.2.7', '192.0.2.7')).toBe(true);
    expect(trusts('10.0.0.0/8, 192.0.2.7', '192.0.2.8')).toBe(false);
    expect(trusts('2001:db8::/32', '2001:db8::5')).toBe(true);
  });

  it('refuses what it cannot use, naming the setting, and never trusts everyone', () => {
    for (const setting of ['true', 'TRUE', 'yes', 'proxy.example', '10.0.0.0/33', '0.0.0.0/0', '10.0.0.1,', '1, 10.0.0.0/8', '-1', '1.5']) {
      expect(() => parseTrustProxy(setting), setting).toThrow(/TRUST_PROXY/);
    }
    expect(() => parseTrustProxy('10.0.0.0/33')).toThrow(/invalid range/);
  });
});

// The rewrite against real requests: a Node HTTP server, reached over a real socket from 127.0.0.1.
describe('the address a request is given', () => {
  let trust: Trust = parseTrustProxy(undefined);
  let hooked = false;
  const server = http.createServer((request, response) => {
    if (!hooked) normalizeAddress(request, trust);
    const headers = new Headers(request.headers as Record<string, string>);
    response.end(JSON.stringify({ address: clientAddress(headers), forwarded: headers.get('x-forwarded-for'), realIp: headers.get('x-real-ip') }));
  });
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, resolve)); // every interface: IPv4 clients may show as ::ffff:127.0.0.1
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const ask = async (setting: string | undefined, headers: Record<string, string> = {}) => {
    trust = parseTrustProxy(setting);
    return (await fetch(url, { headers })).json() as Promise<{ address: string | null; forwarded: string | null; realIp: string | null }>;
  };

  it('is the connection’s peer by default; what the client claims is dropped', async () => {
    expect(await ask(undefined, { 'X-Forwarded-For': '203.0.113.1, 198.51.100.2', 'X-Real-IP': '192.0.2.3' })).toEqual({
      address: '127.0.0.1',
      forwarded: '127.0.0.1',
      realIp: null,
    });
    expect((await ask(undefined)).address).toBe('127.0.0.1');
  });

  it('is taken from X-Forwarded-For as far back as trusted proxies reach', async () => {
    const chain = { 'X-Forwarded-For': '198.51.100.7, 10.0.0.2, 203.0.113.9' };
    expect((await ask('1', chain)).address).toBe('203.0.113.9');
    expect((await ask('2', chain)).address).toBe('10.0.0.2');
    expect((await ask('9', chain)).address).toBe('198.51.100.7');
    // 203.0.113.9 is not a trusted proxy: what it says came before it is not believed.
    expect((await ask('loopback', chain)).address).toBe('203.0.113.9');
    expect((await ask('loopback, 203.0.113.0/24', chain)).address).toBe('10.0.0.2');
    // A trusted proxy that forwarded no header: the peer itself.
    expect((await ask('loopback', {})).address).toBe('127.0.0.1');
    expect((await ask('loopback', { 'X-Forwarded-For': '::ffff:192.0.2.1' })).forwarded).toBe('192.0.2.1');
  });

  it('passes over an entry that is not an address for the nearest one that is', async () => {
    expect((await ask('1', { 'X-Forwarded-For': 'unknown' })).address).toBe('127.0.0.1');
    expect((await ask('2', { 'X-Forwarded-For': 'unknown, 203.0.113.9' })).address).toBe('203.0.113.9');
  });

  it('is none for a request the rewrite did not see, whatever its headers claim', () => {
    expect(clientAddress(new Headers({ 'x-forwarded-for': '203.0.113.1' }))).toBeNull();
    expect(clientAddress(new Headers({ 'x-forwarded-for': '203.0.113.1', 'x-assay-address-seal': 'guess' }))).toBeNull();
  });

  it('is found for every request once hooked, through diagnostics_channel before the request handler runs', async () => {
    expect(() => hookClientAddress('10.0.0.0/33')).toThrow(/TRUST_PROXY/);
    hookClientAddress('1');
    hooked = true;
    expect(await ask(undefined, { 'X-Forwarded-For': '198.51.100.7, 203.0.113.9', 'X-Assay-Address-Seal': 'guess' })).toEqual({
      address: '203.0.113.9',
      forwarded: '203.0.113.9',
      realIp: null,
    });
  });
});
