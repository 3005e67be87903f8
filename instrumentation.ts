// Next.js calls register() once per server process: find each request's client address from its
// connection (lib/security/clientAddress.ts), and hook graceful shutdown (lib/health.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { hookClientAddress } = await import('@/lib/security/clientAddress');
    try {
      hookClientAddress();
    } catch (error) {
      // An unusable TRUST_PROXY: Next.js would log a throw here and go on answering 500 to every
      // request; the process ends instead, with the reason.
      console.error(`Assay cannot start: ${(error as Error).message}`);
      process.exit(1);
    }
    const { drainOnSignal } = await import('@/lib/health');
    drainOnSignal();
  }
}
