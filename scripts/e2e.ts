// `npm run test:e2e`: a current build, a throw-away stack, then Playwright against it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { startStack } from './stack';
import { freePort } from './db';
import { IDP_CLIENT, startIdentityProvider } from '../e2e/idp';

const root = path.resolve(import.meta.dirname, '..');
const ADMIN = { email: 'admin@e2e.test', name: 'E2E Admin', password: 'correct horse battery' };

async function main() {
  // Single sign-on against a real OpenID provider (e2e/idp.ts): the app learns its issuer at start;
  // the provider learns the app's callback URLs once the app instances have their ports.
  const idpPort = await freePort();
  Object.assign(process.env, { OIDC_ISSUER: `http://127.0.0.1:${idpPort}`, OIDC_CLIENT_ID: IDP_CLIENT.id, OIDC_CLIENT_SECRET: IDP_CLIENT.secret, OIDC_NAME: IDP_CLIENT.name });
  const stack = await startStack({ accounts: [ADMIN], instances: 2 });
  const idp = await startIdentityProvider(idpPort, stack.baseUrls).catch(async (error) => {
    await stack.stop();
    throw error;
  });
  let status = 1;
  try {
    // Not spawnSync: the identity provider answers from this process while Playwright runs.
    const playwright = spawn(
      process.execPath,
      [path.join(root, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', ...process.argv.slice(2)],
      { cwd: root, stdio: 'inherit', env: { ...process.env, E2E_BASE_URL: stack.baseUrl, E2E_SECOND_URL: stack.baseUrls[1], E2E_ADMIN_EMAIL: ADMIN.email } },
    );
    const [code] = await once(playwright, 'exit');
    status = code ?? 1;
  } finally {
    await idp.stop();
    await stack.stop();
  }
  process.exit(status);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
