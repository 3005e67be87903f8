// A real OpenID Connect provider for the single sign-on spec (sso.spec.ts): panva's oidc-provider,
// started by scripts/e2e.ts on 127.0.0.1 before the app, with one client whose redirect URIs are
// the app instances' callbacks. Its development login form takes any login (which becomes the
// email claim) and any password; a login starting with "unverified" gets email_verified: false.
import http from 'node:http';
import Provider from 'oidc-provider';

export const IDP_CLIENT = { id: 'assay-e2e', secret: 'assay-e2e-client-secret', name: 'E2E identity provider' };

export async function startIdentityProvider(port: number, appUrls: string[]): Promise<{ issuer: string; stop: () => Promise<void> }> {
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: IDP_CLIENT.id,
        client_secret: IDP_CLIENT.secret,
        redirect_uris: appUrls.map((url) => `${url}/api/auth/callback/oidc`),
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    async findAccount(_ctx, id) {
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: id, email_verified: !id.startsWith('unverified'), name: `SSO ${id.split('@')[0]}` };
        },
      };
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // The ID token carries the scopes' claims, as next-auth reads them from it.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['assay-e2e-idp-cookie-key'] },
  });
  const server = http.createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { issuer, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
