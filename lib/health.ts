// Health for load balancers (GET /api/health) and graceful shutdown (instrumentation.ts).
import 'server-only';
import { prisma } from '@/lib/db';
import { drainHub, listening } from '@/lib/realtime/hub';
import { stopActorCache } from '@/lib/users/actors';
import { stopReadCache } from '@/lib/realtime/reads';

const state = globalThis as { assayDraining?: boolean };

export type Health = { ok: boolean; database: 'up' | 'down'; live: boolean; draining: boolean };

/** The database answers within two seconds, and the instance is not shutting down. */
export async function health(): Promise<Health> {
  const database = await Promise.race([
    prisma.$queryRaw`SELECT 1`.then(
      () => true,
      () => false,
    ),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2000).unref()),
  ]);
  const draining = state.assayDraining === true;
  return { ok: database && !draining, database: database ? 'up' : 'down', live: listening(), draining };
}

/**
 * On SIGTERM: answer 503 on /api/health from now on (load balancers stop sending), end the open
 * event streams (readers reconnect elsewhere by their last id) so that Next.js's own SIGTERM
 * handler, which stops accepting connections and waits for in-flight requests, can finish.
 */
export function drainOnSignal() {
  if ((globalThis as { assayDrainHooked?: boolean }).assayDrainHooked) return;
  (globalThis as { assayDrainHooked?: boolean }).assayDrainHooked = true;
  process.once('SIGTERM', () => {
    state.assayDraining = true;
    drainHub().catch(() => undefined);
    // In-flight requests still learn their actor, from the database again.
    stopActorCache().catch(() => undefined);
    stopReadCache().catch(() => undefined);
  });
}
