// The client address that the sign-in limits count and the security log records
// (lib/security/clientAddress.ts): the connection's peer, unless TRUST_PROXY names the proxies in
// front. A client must not choose its own address by sending X-Forwarded-For or X-Real-IP: it
// could then dodge the per-address limit by sending a new one with every guess, and write any
// address it liked into the log.
import { once } from 'node:events';
import { type APIRequestContext, expect, test } from '@playwright/test';
import { freePort } from '../scripts/db';
import { startApp, waitForApp } from '../scripts/stack';
import { ADMIN_EMAIL, createAnalyst, signIn } from './fixtures';

/** Where the test's requests come from, as the app sees them. */
const LOOPBACK = ['127.0.0.1', '::1'];

async function failSignIn(api: APIRequestContext, email: string, headers: Record<string, string>) {
  const { csrfToken } = await (await api.get('/api/auth/csrf')).json();
  const response = await api.post('/api/auth/callback/credentials', { headers, form: { csrfToken, email, password: 'wrong password', json: 'true' }, maxRedirects: 0 });
  expect(response.status()).toBeLessThan(429);
}

/** The addresses the security log recorded for this email's failed sign-ins, newest first. */
async function loggedAddresses(admin: APIRequestContext, email: string): Promise<(string | null)[]> {
  const log: { email: string | null; ip: string | null }[] = await (await admin.get('/api/security-log?type=sign-in-failed&limit=1000')).json();
  return log.filter((event) => event.email === email).map((event) => event.ip);
}

test('by default the address is the connection’s: a forged X-Forwarded-For or X-Real-IP is not taken', async ({ playwright, baseURL }) => {
  const api = await playwright.request.newContext({ baseURL });
  const me = await createAnalyst(api, 'Rotating');
  // A new "address" with every guess, as a client dodging the per-address limit would send.
  const forged = ['203.0.113.1', '203.0.113.2', '198.51.100.3, 203.0.113.3'];
  for (const [i, value] of forged.entries()) await failSignIn(api, me.email, { 'X-Forwarded-For': value, 'X-Real-IP': `192.0.2.${i + 1}` });

  const admin = await playwright.request.newContext({ baseURL });
  await signIn(admin, ADMIN_EMAIL);
  const addresses = await loggedAddresses(admin, me.email);
  expect(addresses).toHaveLength(forged.length);
  // All three failures counted against one address, the test's own.
  expect(new Set(addresses).size).toBe(1);
  expect(LOOPBACK).toContain(addresses[0]);
});

test('with TRUST_PROXY the address is the one the trusted proxy forwarded; an invalid TRUST_PROXY stops the app at start', async ({ playwright, baseURL }) => {
  test.setTimeout(120_000);
  const databaseUrl = process.env.DATABASE_URL!; // the stack's (scripts/e2e.ts)

  // An instance behind one proxy: this test plays the proxy, appending the address it saw to what
  // the client sent.
  const port = await freePort();
  const proxied = startApp(port, databaseUrl, { env: { TRUST_PROXY: '1' } });
  try {
    const url = `http://localhost:${port}`;
    await waitForApp(url);
    const api = await playwright.request.newContext({ baseURL: url });
    const me = await createAnalyst(api, 'Proxied');
    await failSignIn(api, me.email, { 'X-Forwarded-For': '198.51.100.7, 203.0.113.9' });
    // A request that came to the app directly, not through the proxy: its own address.
    await failSignIn(api, me.email, {});

    const admin = await playwright.request.newContext({ baseURL });
    await signIn(admin, ADMIN_EMAIL);
    const [direct, forwarded] = await loggedAddresses(admin, me.email);
    expect(forwarded).toBe('203.0.113.9');
    expect(LOOPBACK).toContain(direct);
  } finally {
    proxied.kill('SIGTERM');
    if (proxied.exitCode === null && proxied.signalCode === null) await once(proxied, 'exit');
  }

  // `true` would trust whatever a client sent: refused, and the app does not serve at all.
  const refused = startApp(await freePort(), databaseUrl, { env: { TRUST_PROXY: 'true' }, stderr: 'pipe' });
  let stderr = '';
  refused.stderr!.on('data', (chunk) => (stderr += chunk));
  const exit = once(refused, 'exit');
  const timer = setTimeout(() => refused.kill('SIGKILL'), 60_000);
  const [code] = await exit;
  clearTimeout(timer);
  expect(code).toBe(1);
  expect(stderr).toContain('TRUST_PROXY');
});
