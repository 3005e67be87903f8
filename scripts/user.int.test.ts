// The operator's account commands, run as a person would from a shell, against this file's database.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { verifyCredentials } from '@/lib/users/service';

const run = (...args: string[]) =>
  promisify(execFile)(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), '--conditions=react-server', 'scripts/user.ts', ...args], {
    env: { ...process.env },
  });

// Each command is a Node process compiling the script (tsx): seconds apiece on a busy 2-core machine.
const COMMANDS_MS = 90_000;

describe('npm run user', () => {
  it('creates accounts, changes roles and lists them', async () => {
    const created = await run('create', '--email', 'Ops@Example.test', '--password', 'operator pass', '--name', 'Ops', '--role', 'ADMIN');
    expect(created.stdout).toContain('created ops@example.test (ADMIN)');
    await run('create', '--email', 'reader@example.test', '--password', 'reader pass');
    expect((await run('set-role', '--email', 'reader@example.test', '--role', 'viewer')).stdout).toContain('is now VIEWER');
    const listed = (await run('list')).stdout;
    expect(listed).toMatch(/ADMIN\s+ops@example.test\tOps/);
    expect(listed).toMatch(/VIEWER\s+reader@example.test\treader/);
    expect(await verifyCredentials('ops@example.test', 'operator pass')).toMatchObject({ role: 'ADMIN' });
  }, COMMANDS_MS);

  it('says what is wrong and exits non-zero', async () => {
    await expect(run('create', '--email', 'bad', '--password', 'short')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/email: Enter a valid email address[\s\S]*password: At least 8 characters/),
    });
    await expect(run('set-role', '--email', 'nobody@example.test', '--role', 'ADMIN')).rejects.toMatchObject({ stderr: expect.stringContaining('No user with email') });
    await expect(run('frobnicate')).rejects.toMatchObject({ stderr: expect.stringContaining('usage:') });
  }, COMMANDS_MS);
});
