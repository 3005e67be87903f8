// Next.js calls register() once per server process: hook graceful shutdown (lib/health.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { drainOnSignal } = await import('@/lib/health');
    drainOnSignal();
  }
}
