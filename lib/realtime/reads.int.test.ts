// The read cache (issue #13) on real PostgreSQL: an answer is served again only while nothing was
// written since it began to be read. Writes by this process are counted as they commit (lib/db);
// writes by anyone else arrive by the change triggers' NOTIFY — here a second connection writes in
// plain SQL, as another instance or a script would, which no code of this process sees.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '@/lib/db';
import { UNCACHED_MODELS, writeCount } from '@/lib/db/writes';
import { actor } from '@/test/actors';
import type { Actor } from '@/lib/actor';
import { cachedJson, readCacheStats } from './reads';

let other: pg.Client;
let reader: Actor;
let reads = 0;

/** Asks `url` for `who` through the cache; the answer is the number of reads so far, so a hit repeats an old one. */
async function ask(url = 'http://assay.test/api/documents', who: Actor | null = reader) {
  const response = await cachedJson(who, new Request(url), async () => ({ body: { read: ++reads }, headers: { 'X-Total-Count': '7' } }));
  return { how: /desc="(\w+)"/.exec(response.headers.get('server-timing') ?? '')![1], body: (await response.json()) as { read: number }, total: response.headers.get('x-total-count') };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the cache's LISTEN connection is open (it opens on first use), the notifications of
 * earlier tests' writes have all arrived (none for 300 ms), and an answer is kept.
 */
async function warm(url?: string) {
  await expect.poll(async () => (await ask(url)).how, { timeout: 5_000 }).not.toBe('off');
  for (let seen = -1; seen !== writeCount(); ) {
    seen = writeCount();
    await sleep(300);
  }
  await expect.poll(async () => (await ask(url)).how, { timeout: 5_000 }).toBe('hit');
}

beforeAll(async () => {
  reader = await actor('reina');
  other = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await other.connect();
});
afterAll(() => other.end());

describe('the change triggers', () => {
  it('announce writes to every table but the few no cached answer reads (UNCACHED_MODELS)', async () => {
    const { rows } = await other.query<{ table: string; announced: boolean }>(`
      SELECT c.relname AS table, EXISTS (
        SELECT 1 FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
        WHERE t.tgrelid = c.oid AND p.proname = 'assay_notify_change' AND NOT t.tgisinternal) AS announced
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> '_prisma_migrations'`);
    expect(rows.length).toBeGreaterThan(15);
    const silent = rows.filter((r) => !r.announced).map((r) => r.table).sort();
    // Prisma's model names are the tables' names with a lower-case first letter.
    expect(silent).toEqual([...UNCACHED_MODELS].map((m) => m[0].toUpperCase() + m.slice(1)).sort());
  });

  it('send one announcement per transaction, however many tables it writes', async () => {
    const listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (n) => n.channel === 'assay_changes' && heard.push(n.payload ?? ''));
    await listener.query('LISTEN assay_changes');
    const domain = `one-${Date.now()}.example`;
    await other.query('BEGIN');
    await other.query('INSERT INTO "SignupDomain" (domain) VALUES ($1)', [domain]);
    await other.query('UPDATE "User" SET name = name WHERE id = $1', [reader.id]);
    await other.query('DELETE FROM "SignupDomain" WHERE domain = $1', [domain]);
    await other.query('COMMIT');
    await expect.poll(() => heard.length).toBe(1);
    await sleep(200);
    expect(heard).toEqual(['']);
    await listener.end();
  });
});

describe('writes through prisma are counted once committed', () => {
  it('a model write, a transaction, $executeRaw and a writing $queryRaw each count; reads do not', async () => {
    const domain = `counted-${Date.now()}.example`;
    let before = writeCount();
    await prisma.signupDomain.findMany();
    await prisma.$queryRaw`SELECT 1`;
    expect(writeCount()).toBe(before);

    await prisma.signupDomain.create({ data: { domain } });
    expect(writeCount()).toBeGreaterThan(before);
    before = writeCount();
    await prisma.$transaction(async (tx) => tx.signupDomain.deleteMany({ where: { domain } }));
    expect(writeCount()).toBeGreaterThan(before);
    before = writeCount();
    await prisma.$executeRaw`INSERT INTO "SignupDomain" (domain) VALUES (${domain})`;
    expect(writeCount()).toBeGreaterThan(before);
    before = writeCount();
    await prisma.$queryRaw`WITH gone AS (DELETE FROM "SignupDomain" WHERE domain = ${domain} RETURNING 1) SELECT count(*) FROM gone`;
    expect(writeCount()).toBeGreaterThan(before);
    before = writeCount();
    // A failed write counts too (it may have been a commit whose answer was lost).
    await expect(prisma.user.create({ data: { email: reader.email, name: 'again', passwordHash: 'x' } })).rejects.toThrow();
    expect(writeCount()).toBeGreaterThan(before);
  });

  it('leaves Prisma’s promises lazy: a write nobody awaits is never sent', async () => {
    const domain = `lazy-${Date.now()}.example`;
    void prisma.signupDomain.create({ data: { domain } });
    await sleep(200);
    expect((await other.query('SELECT 1 FROM "SignupDomain" WHERE domain = $1', [domain])).rowCount).toBe(0);
  });
});

describe('cachedJson', () => {
  it('answers the same reader and URL from memory, with the headers read the first time', async () => {
    await warm();
    const first = await ask();
    const second = await ask();
    expect(first.how).toBe('hit');
    expect(second).toEqual(first);
    expect(second.total).toBe('7');
    expect(readCacheStats().entries).toBeGreaterThan(0);
  });

  it('keeps answers apart by reader, role and URL, and never serves no one', async () => {
    await warm();
    const viewer = { ...reader, role: 'VIEWER' as const };
    expect((await ask(undefined, viewer)).how).toBe('miss');
    expect((await ask('http://assay.test/api/documents?page=2')).how).toBe('miss');
    const someone = await actor('sam');
    expect((await ask(undefined, someone)).how).toBe('miss');
    expect((await ask(undefined, null)).how).toBe('off');
    expect((await ask(undefined, null)).how).toBe('off');
  });

  it('reads afresh right after a write of this process', async () => {
    await warm();
    const cached = await ask();
    await prisma.readingDone.deleteMany({ where: { userId: reader.id } });
    const after = await ask();
    expect(after.how).toBe('miss');
    expect(after.body.read).toBeGreaterThan(cached.body.read);
  });

  it('reads afresh once another process writes in plain SQL (NOTIFY), and not before anything is written', async () => {
    await warm();
    const cached = await ask();
    await sleep(300);
    expect(await ask()).toEqual(cached); // nothing written: still the same answer
    await other.query(`UPDATE "User" SET name = name WHERE id = $1`, [reader.id]);
    await expect.poll(async () => (await ask()).body.read, { timeout: 2_000 }).toBeGreaterThan(cached.body.read);
  });

  it('does not announce writes to the tables no cached answer reads', async () => {
    await warm();
    const cached = await ask();
    await other.query(`INSERT INTO "Presence" ("connectionId", "documentId", "userId") SELECT gen_random_uuid(), id, $1 FROM "Document" LIMIT 1`, [reader.id]);
    await other.query(`UPDATE "ApiToken" SET "lastUsedAt" = now()`);
    await sleep(300);
    expect(await ask()).toEqual(cached);
  });

  it('does not keep an answer read while something was written', async () => {
    await warm();
    const racing = await cachedJson(reader, new Request('http://assay.test/api/race'), async () => {
      await prisma.signupDomain.deleteMany({ where: { domain: 'none.example' } });
      return { body: { read: ++reads } };
    });
    expect(racing.headers.get('server-timing')).toContain('miss');
    expect((await ask('http://assay.test/api/race')).how).toBe('miss');
  });
});
