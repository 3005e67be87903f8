// Live updates under faults: events committed out of id order, and a PostgreSQL restart while a
// stream is open. This file runs its own embedded PostgreSQL (not the shared test server), so it
// can restart it without disturbing other files.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabaseIfMissing, databaseUrl, freePort, scratchFolder, startEmbedded, type Embedded } from '../../scripts/db';
import { applyMigrations } from '../../scripts/migrate';
import type { Actor } from '@/lib/actor';

const folder = mkdtempSync(path.join(scratchFolder(), 'assay-faults-'));
chmodSync(folder, 0o755);
const port = await freePort();
let server: Embedded = await startEmbedded(path.join(folder, 'data'), port, { throwaway: true });
await createDatabaseIfMissing(server.adminUrl, 'faults');
const url = databaseUrl(server.adminUrl, 'faults');
await applyMigrations(url);
process.env.DATABASE_URL = url;

const { prisma } = await import('@/lib/db');
const { loadCorpus } = await import('@/lib/documents/load');
const { createUser } = await import('@/lib/users/service');
const { createAnnotation } = await import('@/lib/annotations/service');
const hub = await import('./hub');
const { followLibrary } = await import('@/lib/documents/live');
const { listening, latestEventId, subscribe } = hub;

let ana: Actor;
let slug: string;
let documentId: string;
let text: string;
const fact = () => ({ document: slug, kind: 'FACT', target: { start: 0, end: 10, exact: [...text].slice(0, 10).join('') } });
const idOf = (e: import('./hub').LiveEvent) => ('annotation' in e ? e.annotation.id : e.reply.id);

const until = async (check: () => boolean | Promise<boolean>, ms = 30_000) => {
  for (const deadline = Date.now() + ms; !(await check()); ) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

beforeAll(async () => {
  await loadCorpus();
  const u = await createUser({ email: 'ana@example.test', name: 'Ana', password: 'long enough' });
  ana = { id: u.id, email: u.email, name: u.name, role: u.role };
  const doc = await prisma.document.findFirstOrThrow({ orderBy: { slug: 'asc' } });
  slug = doc.slug;
  documentId = doc.id;
  text = doc.text;
}, 60_000);

afterAll(async () => {
  await hub.closeHub();
  await prisma.$disconnect();
  await server.stop();
  rmSync(folder, { recursive: true, force: true });
});

describe('live updates under faults', () => {
  it('never skip an event whose transaction commits after a later id was sent', async () => {
    const before = await latestEventId(documentId);
    const first = await createAnnotation(ana, fact());
    // T1 takes the next event id and stays open…
    const t1 = new pg.Client({ connectionString: url });
    await t1.connect();
    await t1.query('BEGIN');
    const inserted = await t1.query<{ id: string }>(
      `INSERT INTO "AnnotationEvent" ("annotationId", "actorId", "type", "version", "snapshot")
       SELECT "annotationId", "actorId", 'UPDATED', 2, "snapshot" FROM "AnnotationEvent" WHERE "annotationId" = $1 RETURNING "id"`,
      [first.id],
    );
    // …while T2 takes a later id and commits.
    const second = await createAnnotation(ana, fact());
    const lateId = inserted.rows[0].id;

    // A reader connecting now gets nothing after `first`: `second` waits for T1, which might
    // still commit an earlier id.
    const seen: import('./hub').LiveEvent[] = [];
    const stop = await subscribe(ana, slug, before, (e) => seen.push(e));
    expect(seen.map(idOf)).toEqual([first.id]);
    await t1.query('COMMIT');
    await t1.end();
    await until(() => seen.length === 3);
    // T1's event (the smaller id, committed last) is delivered, then T2's: none skipped, none twice.
    expect(seen.map((e) => e.id)).toEqual([seen[0].id, lateId, expect.any(String)]);
    expect(idOf(seen[2])).toBe(second.id);
    // A reader reconnecting from the cursor after T1's event still gets T2's.
    const replay: import('./hub').LiveEvent[] = [];
    const stopReplay = await subscribe(ana, slug, seen[1].cursor, (e) => replay.push(e));
    expect(replay.map(idOf)).toEqual([second.id]);
    stop();
    stopReplay();
  });

  it('reconnect by themselves after PostgreSQL restarts, and deliver what was committed during the outage', async () => {
    const seen: import('./hub').LiveEvent[] = [];
    const stop = await subscribe(ana, slug, null, (e) => seen.push(e));
    // The library's channel has no history to replay: its followers are told they missed something.
    const library: import('@/lib/documents/live').LibraryNotice[] = [];
    const stopLibrary = await followLibrary(ana, (notice) => library.push(notice));
    const before = await createAnnotation(ana, fact());
    await until(() => seen.length === 1);

    await server.stop();
    await until(() => !listening());
    server = await startEmbedded(path.join(folder, 'data'), port, { throwaway: true });
    // Written as soon as the database is back, while the hub is (almost always) still away: its
    // backoff has grown during the outage. Delivered either way, which is the point.
    const during = await createAnnotation(ana, fact());
    const after = await createAnnotation(ana, fact());
    await until(() => seen.length === 3);
    expect(seen.map(idOf)).toEqual([before.id, during.id, after.id]);
    expect(listening()).toBe(true);
    await until(() => library.length > 0);
    expect(library).toEqual([{ missed: true }]);
    stop();
    stopLibrary();
  });
});
