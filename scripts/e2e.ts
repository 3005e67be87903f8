// `npm run test:e2e`: a current build, a throw-away stack, then Playwright against it.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { startStack } from './stack';

const root = path.resolve(import.meta.dirname, '..');
const ADMIN = { email: 'admin@e2e.test', name: 'E2E Admin', password: 'correct horse battery' };

async function main() {
  const stack = await startStack({ accounts: [ADMIN], instances: 2 });
  let status = 1;
  try {
    const result = spawnSync(
      process.execPath,
      [path.join(root, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', ...process.argv.slice(2)],
      { cwd: root, stdio: 'inherit', env: { ...process.env, E2E_BASE_URL: stack.baseUrl, E2E_SECOND_URL: stack.baseUrls[1], E2E_ADMIN_EMAIL: ADMIN.email } },
    );
    status = result.status ?? 1;
  } finally {
    await stack.stop();
  }
  process.exit(status);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
