// Loads the five corpus documents (idempotent) and, in demo mode, the demo analysts.
// `npm run db:seed` against the app's database; `-- --demo` adds the demo accounts to a
// database given by DATABASE_URL (they are never added there unasked).
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@/lib/users/demo';

export async function seed(options: { demo: boolean }) {
  const { loadCorpus } = await import('@/lib/documents/load');
  const { prisma } = await import('@/lib/db');
  const { createUser } = await import('@/lib/users/service');
  const report = await loadCorpus();
  if (report.created.length) console.log(`Loaded documents: ${report.created.join(', ')}`);
  if (report.updated.length) {
    console.log(`Updated documents: ${report.updated.join(', ')} (${report.reanchored} annotations re-anchored, ${report.orphaned} orphaned)`);
  }
  if (options.demo) {
    for (const account of DEMO_ACCOUNTS) {
      if (await prisma.user.findUnique({ where: { email: account.email } })) continue;
      await createUser({ email: account.email, name: account.name, password: DEMO_PASSWORD }, account.role);
    }
    const { seedDemoSet } = await import('./demo');
    const demo = await seedDemoSet();
    if (demo.annotations) console.log(`Demo set: ${demo.annotations} annotations, ${demo.replies} replies, ${demo.questions} forecast questions (${demo.resolved} resolved)`);
    if (demo.unplaced.length) console.warn(`Demo passages not found in the text: ${demo.unplaced.join(' | ')}`);
  }
}

async function main() {
  const { ensureDatabase } = await import('../scripts/db');
  const { applyMigrations } = await import('../scripts/migrate');
  const database = await ensureDatabase();
  process.env.DATABASE_URL = database.url;
  await applyMigrations(database.url);
  await seed({ demo: database.embedded || process.argv.includes('--demo') });
  const { prisma } = await import('@/lib/db');
  await prisma.$disconnect();
  await database.stop();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
