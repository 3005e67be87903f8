// The server stays lean (issue #13, item 4). Two figures:
// - `npm start`'s own long-lived processes besides the npm CLI, Next.js and PostgreSQL (target
//   < 80 MB RSS): `npm start` is run against the bench's database, and once it serves, every process
//   under it is classified by its command line;
// - a cold server's peak RSS growth while it streams an export of 100,000 annotations (target
//   < 150 MB): a fresh `next start` on the same database, one sign-in, then the export, its memory
//   sampled every 20 ms; then the same export again on the now warm server, for comparison.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../scripts/db';
import { createAnalysts, type Doc, round, type Row, rssMb, seedExportSet, sessionCookie } from './accounts';

const root = path.resolve(import.meta.dirname, '..');
const EXPORT_ANNOTATIONS = Number(process.env.BENCH_EXPORT ?? 100_000);

/** Every process under `pid` (itself included), with its command line. */
function tree(pid: number): { pid: number; command: string }[] {
  const lines = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' }).trim().split('\n');
  const rows = lines.map((line) => {
    const [, p, pp, command] = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line)!;
    return { pid: Number(p), ppid: Number(pp), command };
  });
  const found = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of rows) if (found.has(r.ppid) && !found.has(r.pid)) (found.add(r.pid), (grew = true));
  }
  return rows.filter((r) => found.has(r.pid)).map(({ pid: p, command }) => ({ pid: p, command }));
}

async function waitFor(url: string, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer`);
}

function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const killer = setTimeout(() => child.kill('SIGKILL'), 40_000);
    child.once('exit', () => (clearTimeout(killer), resolve()));
    child.kill(signal);
  });
}

export type StartFootprint = { supervisorMb: number; processes: { command: string; mb: number; role: string }[]; stoppedCleanly: boolean };

/** `npm start` against `databaseUrl`; the RSS of its own processes once it serves. */
export async function startFootprint(databaseUrl: string): Promise<StartFootprint> {
  const port = await freePort();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), NEXTAUTH_SECRET: 'bench-secret', NEXTAUTH_URL: `http://localhost:${port}`, ASSAY_SIGNUP: 'open' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitFor(`http://127.0.0.1:${port}/api/health`);
    await new Promise((resolve) => setTimeout(resolve, 2000)); // settled: migrations and seeding are over
    const processes = tree(child.pid!).map(({ pid, command }) => {
      const role = /\bnpm\b|npm-cli/.test(command) && !/tsx|scripts\/start/.test(command)
        ? 'npm CLI'
        : /next-server|next\/dist\/bin\/next|\bnext start\b/.test(command)
          ? 'Next.js'
          : /postgres/.test(command)
            ? 'PostgreSQL'
            : /^sh -c/.test(command)
              ? 'shell'
              : 'own';
      return { command: command.slice(0, 120), mb: round(rssMb(pid)), role };
    });
    const supervisorMb = round(processes.filter((p) => p.role === 'own' || p.role === 'shell').reduce((s, p) => s + p.mb, 0));
    // Stopped as a process manager would stop the app: SIGTERM to what npm runs (npm itself does not
    // pass SIGTERM on), then everything under it must be gone.
    const pids = tree(child.pid!).map((p) => p.pid);
    const own = tree(child.pid!).find((p) => /scripts\/start/.test(p.command) && !/^sh -c/.test(p.command));
    if (own) process.kill(own.pid, 'SIGTERM');
    const deadline = Date.now() + 40_000;
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    while (pids.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    return { supervisorMb, processes, stoppedCleanly: !pids.some(alive) };
  } finally {
    await stop(child, 'SIGKILL');
  }
}

export type ColdExport = {
  baselineMb: number;
  peakMb: number;
  growthMb: number;
  perSecond: number;
  format: string;
  /** A second export right after, on the same (now warm) server. */
  warm: { baselineMb: number; peakMb: number; growthMb: number };
};

/** A fresh `next start` on the database; after one sign-in, the export of every annotation, its RSS sampled. */
export async function coldExport(databaseUrl: string, doc: Doc, format = 'w3c'): Promise<ColdExport> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-p', String(port)], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, NEXTAUTH_SECRET: 'bench-secret', NEXTAUTH_URL: `http://localhost:${port}`, ASSAY_SIGNUP: 'open', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitFor(`${baseUrl}/api/auth/csrf`);
    const [analyst] = await createAnalysts(baseUrl, 1, 'cold');
    await seedExportSet(client, doc, analyst.id, EXPORT_ANNOTATIONS);
    const cookie = await sessionCookie(baseUrl, analyst.email);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const pid = server.pid!;
    /** One export, its RSS sampled every 20 ms: the peak, and how long it took. */
    const exportOnce = async () => {
      let peakMb = rssMb(pid);
      const sampler = setInterval(() => (peakMb = Math.max(peakMb, rssMb(pid))), 20);
      const started = performance.now();
      const response = await fetch(`${baseUrl}/api/export?format=${format}`, { headers: { cookie } });
      const reader = response.body!.getReader();
      while (!(await reader.read()).done);
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      return { peakMb: Math.max(peakMb, rssMb(pid)), seconds };
    };
    const baselineMb = rssMb(pid);
    const { peakMb, seconds } = await exportOnce();
    // The same export again on the now warm server: what the first one cost beyond the export itself
    // (code loaded, the heap grown to its working size) shows as the difference.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const warmBaselineMb = rssMb(pid);
    const warm = await exportOnce();
    return {
      baselineMb: round(baselineMb),
      peakMb: round(peakMb),
      growthMb: round(peakMb - baselineMb),
      perSecond: round(EXPORT_ANNOTATIONS / seconds, 0),
      format,
      warm: { baselineMb: round(warmBaselineMb), peakMb: round(warm.peakMb), growthMb: round(warm.peakMb - warmBaselineMb) },
    };
  } finally {
    await stop(server);
    await client.end();
  }
}

export function memoryRows(start: StartFootprint | null, cold: ColdExport | null): Record<string, Row> {
  const rows: Record<string, Row> = {};
  if (start) {
    rows['npm start: own processes besides npm, Next.js, PostgreSQL'] = {
      value: `${start.supervisorMb} MB`,
      detail: `${start.processes.map((p) => `${p.role} ${p.mb} MB`).join('; ')}; SIGTERM ${start.stoppedCleanly ? 'exits 0' : 'did not exit 0'}`,
      target: '< 80 MB RSS',
    };
  }
  if (cold) {
    rows['export from a cold server: RSS growth'] = {
      value: `+${cold.growthMb} MB`,
      detail: `${EXPORT_ANNOTATIONS} annotations as ${cold.format}, ${cold.baselineMb} → ${cold.peakMb} MB, ${cold.perSecond}/s; the same export again, warm: ${cold.warm.baselineMb} → ${cold.warm.peakMb} MB (+${cold.warm.growthMb} MB)`,
      target: '< 150 MB',
    };
  }
  return rows;
}
