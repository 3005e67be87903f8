// Failed sign-ins are limited per account and per client address (an IPv6 client per /64) with
// rate-limiter-flexible's PostgreSQL store (the "RateLimit" table, made by a migration), so the
// limits hold across app instances. Only failures count: a team signing in from one office
// address never locks itself out by succeeding. A blocked account or address is refused (429,
// Retry-After) even with the right password, until the block ends.
import 'server-only';
import ipaddr from 'ipaddr.js';
import pg from 'pg';
import type { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';

/** Failures allowed per window; then blocked for the block time. */
export const ACCOUNT_LIMIT = { points: 10, duration: 15 * 60, blockDuration: 15 * 60 };
export const ADDRESS_LIMIT = { points: 100, duration: 15 * 60, blockDuration: 15 * 60 };

type Limiters = { account: RateLimiterPostgres; address: RateLimiterPostgres; pool: pg.Pool; url: string };
const cache = globalThis as { assayLimiters?: Limiters };

// Loaded on first sign-in, not at import: the shell commands (`npm run user`) never need it.
async function limiters(): Promise<Limiters> {
  const url = process.env.DATABASE_URL!;
  if (cache.assayLimiters?.url === url) return cache.assayLimiters;
  const { RateLimiterPostgres } = await import('rate-limiter-flexible');
  const pool = new pg.Pool({ connectionString: url, max: 3 });
  pool.on('error', () => undefined); // an idle connection lost with the database; the next query reconnects
  const common = { storeClient: pool, storeType: 'pool', tableName: 'RateLimit', tableCreated: true, clearExpiredByTimeout: true } as const;
  cache.assayLimiters = {
    url,
    pool,
    account: new RateLimiterPostgres({ ...common, keyPrefix: 'signin-account', ...ACCOUNT_LIMIT }),
    address: new RateLimiterPostgres({ ...common, keyPrefix: 'signin-address', ...ADDRESS_LIMIT }),
  };
  return cache.assayLimiters;
}

const accountKey = (email: string) => email.trim().toLowerCase().slice(0, 200);

/**
 * Whose failures count together: an IPv4 address alone (an IPv4-mapped IPv6 one as its IPv4), an
 * IPv6 address by its /64 network. One subscriber (a home, a hosted server) is usually given a whole
 * /64 and may send from any of its 2^64 addresses, so a limit per IPv6 address limits no one.
 * Parsed by ipaddr.js, so every spelling of one address (zeros compressed or not) is one key.
 */
export function addressKey(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  return parsed.kind() === 'ipv6' ? `${ipaddr.IPv6.networkAddressFromCIDR(`${parsed.toString()}/64`).toString()}/64` : parsed.toString();
}

/** Seconds until this account and address may try again; 0 when they may now. */
export async function retryAfter(email: string, address: string | null): Promise<number> {
  const { account, address: byAddress } = await limiters();
  const blocked = (res: RateLimiterRes | null, limit: { points: number }) => (res && res.consumedPoints > limit.points ? Math.ceil(res.msBeforeNext / 1000) : 0);
  const [a, b] = await Promise.all([account.get(accountKey(email)), address ? byAddress.get(addressKey(address)) : null]);
  return Math.max(blocked(a, ACCOUNT_LIMIT), blocked(b, ADDRESS_LIMIT));
}

/** Counts a failure; answers whether it blocked the account or the address just now. */
export async function recordFailure(email: string, address: string | null): Promise<{ locked: 'account' | 'address' | null }> {
  const { account, address: byAddress } = await limiters();
  const consume = (limiter: RateLimiterPostgres, key: string) =>
    limiter.consume(key).then(
      () => false,
      (rejection: unknown) => {
        if (rejection instanceof Error) throw rejection;
        // Rejected with a RateLimiterRes: this failure went over the limit.
        return (rejection as RateLimiterRes).consumedPoints === (limiter === account ? ACCOUNT_LIMIT : ADDRESS_LIMIT).points + 1;
      },
    );
  const [accountLocked, addressLocked] = await Promise.all([consume(account, accountKey(email)), address ? consume(byAddress, addressKey(address)) : false]);
  return { locked: accountLocked ? 'account' : addressLocked ? 'address' : null };
}
