import { describe, expect, it } from 'vitest';
import { API_POLICY, commonHeaders, newNonce, pagePolicy } from './headers';

describe('security headers', () => {
  it('send HSTS only over https, and the rest always', () => {
    expect(commonHeaders({ https: true })['Strict-Transport-Security']).toMatch(/max-age=\d+/);
    expect(commonHeaders({ https: false })).not.toHaveProperty('Strict-Transport-Security');
    expect(commonHeaders({ https: false })).toMatchObject({ 'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'DENY' });
  });

  it('allow page scripts only by nonce, never framing; API answers render nothing', () => {
    const nonce = newNonce();
    expect(nonce).not.toBe(newNonce());
    const policy = pagePolicy(nonce, { dev: false, https: true });
    expect(policy).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain('upgrade-insecure-requests');
    expect(pagePolicy(nonce, { dev: true, https: false })).toContain("'unsafe-eval'");
    expect(API_POLICY).toContain("default-src 'none'");
  });
});
