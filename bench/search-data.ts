// `tsx --conditions=react-server bench/search-data.ts <folder>`: the search bench's data set
// (bench/documents.ts: the corpus, a 2 MB Markdown document, 1,000 documents, 200,000
// annotations) in an embedded PostgreSQL kept in <folder> and left running, for EXPLAIN (ANALYZE,
// BUFFERS) by hand. Prints the database's URL and the analysts' ids; a second run reuses the data.
import path from 'node:path';
import pg from 'pg';
import { createDatabaseIfMissing, freePort, startEmbedded } from '../scripts/db';
import { applyMigrations } from '../scripts/migrate';
import { bigMarkdown, fill } from './documents';

async function main() {
  const folder = path.resolve(process.argv[2] ?? '.data/search-bench');
  const server = await startEmbedded(path.join(folder, 'data'), await freePort(), { keepRunning: true });
  await createDatabaseIfMissing(server.adminUrl, 'assay');
  const databaseUrl = server.adminUrl.replace(/\/postgres$/, '/assay');
  await applyMigrations(databaseUrl);
  process.env.DATABASE_URL = databaseUrl;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "Annotation"`);
  if (Number(rows[0].n) === 0) {
    const { seed } = await import('../prisma/seed');
    await seed({ demo: false });
    const { createUser } = await import('@/lib/users/service');
    const { addDocument } = await import('@/lib/documents/manage');
    const users = [];
    for (let i = 0; i < 5; i++) users.push(await createUser({ email: `reader${i}@bench.test`, name: `Reader ${i}`, password: 'bench-password-1' }));
    await addDocument(users[0], { json: { format: 'markdown', content: bigMarkdown(2 * 1024 * 1024) } });
    console.log(`filled in ${await fill(databaseUrl, users.map((u) => u.id))} s`);
  }
  const users = await client.query<{ id: string; email: string }>(`SELECT id, email FROM "User" ORDER BY email`);
  await client.end();
  console.log(JSON.stringify({ databaseUrl, users: users.rows }, null, 1));
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
