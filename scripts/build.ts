// The production build, made when there is none or when the sources changed after it (a `git pull`
// must not leave `npm start` serving yesterday's app).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const SOURCES = ['app', 'components', 'lib', 'next.config.js', 'proxy.ts', 'instrumentation.ts', 'package-lock.json', 'tsconfig.json'];

function newestChange(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry)
    .filter((name) => name !== 'generated')
    .reduce((newest, name) => Math.max(newest, newestChange(path.join(entry, name))), stat.mtimeMs);
}

export function buildIsCurrent(): boolean {
  const stamp = path.join(root, '.next', 'BUILD_ID');
  if (!existsSync(stamp)) return false;
  const built = statSync(stamp).mtimeMs;
  return SOURCES.every((source) => newestChange(path.join(root, source)) <= built);
}

export function build(env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new Error('next build failed');
}

export function ensureBuild(env?: NodeJS.ProcessEnv) {
  if (buildIsCurrent()) return;
  console.log('Building the app (no build yet, or the sources changed since the last one)…');
  build(env);
}
