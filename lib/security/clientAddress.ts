// The client's address, found once per request where the connection is still at hand, and handed
// to everything downstream (the sign-in limits, the security log) as the request's one
// X-Forwarded-For. Route handlers never see the socket, and Next.js keeps any X-Forwarded-For the
// client sent (it only fills the header in when it is missing), so without this a client chooses
// its own address.
//
// The address is the connection's peer, unless TRUST_PROXY says which proxies are in front of
// Assay: then it is taken from X-Forwarded-For as far back as trusted proxies reach (proxy-addr,
// the computation Express uses for its `trust proxy`).
import 'server-only';
import { randomUUID } from 'node:crypto';
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import proxyaddr from 'proxy-addr';

/** Whether the hop `hop` away (0: the connection's peer) is a proxy whose X-Forwarded-For counts. */
export type Trust = (address: string, hop: number) => boolean;

const EXPECTED = 'Give the number of proxies in front of Assay (e.g. 1), or their addresses and subnets (e.g. loopback, 10.0.0.0/8), or leave it unset when clients connect directly';

/**
 * TRUST_PROXY: unset, empty, `none` or `false` trusts no proxy; a whole number trusts that many
 * hops; otherwise a comma-separated list of addresses, subnets (CIDR) and proxy-addr's names
 * (loopback, linklocal, uniquelocal). Anything else throws, naming the setting: a typo must stop
 * the app, not quietly trust too much or too little.
 */
export function parseTrustProxy(value: string | undefined): Trust {
  const setting = (value ?? '').trim();
  if (['', 'none', 'false'].includes(setting.toLowerCase())) return () => false;
  if (/^\d+$/.test(setting)) {
    const hops = Number(setting);
    return (_address, hop) => hop < hops;
  }
  if (setting.toLowerCase() === 'true')
    throw new Error(`TRUST_PROXY=true would take whatever address a client writes in X-Forwarded-For. ${EXPECTED}.`);
  try {
    const entries = setting.split(',').map((entry) => entry.trim());
    if (entries.includes('')) throw new Error('an entry is empty');
    // proxy-addr would read a bare number as an IPv4 address (1 as 0.0.0.1).
    if (entries.some((entry) => /^\d+$/.test(entry))) throw new Error('a number of proxies cannot be mixed with addresses');
    return proxyaddr.compile(entries);
  } catch (error) {
    throw new Error(`TRUST_PROXY=${JSON.stringify(value)} is not understood (${(error as Error).message}). ${EXPECTED}.`);
  }
}

/** `::ffff:192.0.2.1` (an IPv4 client of a dual-stack socket) as 192.0.2.1; other addresses as they are. */
const plain = (address: string) => /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] ?? address;

/**
 * The client's address: the peer, or the farthest X-Forwarded-For entry that trusted proxies
 * vouch for. An entry that is not an address at all is passed over for the nearest one that is.
 */
export function clientAddressOf(request: Pick<IncomingMessage, 'headers' | 'socket'>, trust: Trust): string | null {
  if (!request.socket?.remoteAddress) return null;
  const chain = proxyaddr.all(request as IncomingMessage, trust).map((address) => plain(address.trim()));
  return chain.filter((address) => isIP(address)).at(-1) ?? null;
}

/**
 * Marks the requests this module rewrote, so that a request it never saw (one that reached the
 * server before register() subscribed: at start-up, or the first ones under `next dev`) is not
 * taken at its word. A random value per process, never sent to the client.
 */
const SEAL = 'x-assay-address-seal';
const state = globalThis as { assayAddressSeal?: string; assayAddressHooked?: boolean };
const seal = () => (state.assayAddressSeal ??= randomUUID());

/** Replaces the request's X-Forwarded-For with its client's address alone, and drops X-Real-IP. */
export function normalizeAddress(request: Pick<IncomingMessage, 'headers' | 'socket'>, trust: Trust) {
  const address = clientAddressOf(request, trust);
  delete request.headers['x-real-ip'];
  delete request.headers[SEAL];
  delete request.headers['x-forwarded-for'];
  if (address === null) return;
  request.headers['x-forwarded-for'] = address;
  request.headers[SEAL] = seal();
}

/**
 * Called once per server process (instrumentation.ts): reads TRUST_PROXY, throwing on a value it
 * cannot use, and from then on normalizes every request as Node.js receives it, before Next.js
 * or anything else reads its headers ('http.server.request.start' is published synchronously
 * before the server's 'request' event).
 */
export function hookClientAddress(setting = process.env.TRUST_PROXY) {
  const trust = parseTrustProxy(setting);
  if (state.assayAddressHooked) return;
  state.assayAddressHooked = true;
  subscribe('http.server.request.start', (message) => {
    const { request } = message as { request: IncomingMessage };
    try {
      normalizeAddress(request, trust);
    } catch (error) {
      // A throw here would reach the process as an uncaught exception: the request goes on with no address.
      for (const name of ['x-forwarded-for', 'x-real-ip', SEAL]) delete request.headers[name];
      console.error('Client address not found:', error);
    }
  });
}

/** The address normalizeAddress found for this request; null for a request it did not see. */
export function clientAddress(headers: Headers): string | null {
  if (headers.get(SEAL) !== seal()) return null;
  return headers.get('x-forwarded-for');
}
