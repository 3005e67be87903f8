// `prisma generate` needs no schema engine, but the CLI still tries to download one unless told
// where it lives; any existing file satisfies it (Node's own binary is always there).
import { spawnSync } from 'node:child_process';

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
const result = spawnSync('npx', ['prisma', 'generate'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
