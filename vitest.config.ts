import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const alias = { '@': fileURLToPath(new URL('.', import.meta.url)) };
// Tests run server code: resolve packages as React's server environment does (Next's server layer,
// `tsx --conditions=react-server` in package.json), so `import 'server-only'` is the no-op it is
// there. Vite's default server conditions follow it. Vitest passes these to its workers too.
const ssr = { resolve: { conditions: ['react-server', 'module', 'node', 'development|production'] } };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        ssr,
        test: {
          name: 'unit',
          include: ['lib/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
        },
      },
      {
        // Real PostgreSQL: one embedded server per run, a fresh database per test file.
        resolve: { alias },
        ssr,
        test: {
          name: 'integration',
          include: ['lib/**/*.int.test.ts', 'scripts/**/*.int.test.ts', 'prisma/**/*.int.test.ts'],
          globalSetup: ['./test/global-setup.ts'],
          setupFiles: ['./test/setup-db.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
