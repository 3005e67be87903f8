// The library live (issue #9): a document added, revised, archived or restored is announced by the
// database (a trigger NOTIFYs `assay_library_events` in the writing transaction, see the migration
// 20261201100000_documents_revisions_search), so an open library hears of it when it commits —
// never of a document still being converted or rolled back. Each app instance LISTENs on one
// connection and passes the news to its open libraries (GET /api/library/events), which then
// reload their page: what each reader sees is decided by the library's own read.
import 'server-only';
import pg from 'pg';
import { type Actor, requireActor } from '@/lib/actor';

export const LIBRARY_CHANNEL = 'assay_library_events';

type Listener = (notice: { id: string; slug: string }) => void;
type Hub = { listeners: Set<Listener>; client: Promise<pg.Client> | null };
const hub: Hub = ((globalThis as { assayLibraryHub?: Hub }).assayLibraryHub ??= { listeners: new Set(), client: null });

function connect(): Promise<pg.Client> {
  hub.client ??= (async () => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    client.on('notification', (message) => {
      if (!message.payload) return;
      try {
        const notice = JSON.parse(message.payload) as { id: string; slug: string };
        for (const listener of hub.listeners) listener(notice);
      } catch (error) {
        console.error('Library announcement not delivered:', error);
      }
    });
    // A lost connection is made again by the next follower; open libraries reconnect by themselves.
    client.on('error', () => {
      hub.client = null;
    });
    client.on('end', () => {
      hub.client = null;
    });
    await client.connect();
    await client.query(`LISTEN ${LIBRARY_CHANNEL}`);
    return client;
  })().catch((error) => {
    hub.client = null;
    throw error;
  });
  return hub.client;
}

/** Follows the library: each document added, revised, archived or restored, as it commits. */
export async function followLibrary(actor: Actor | null, listener: Listener): Promise<() => void> {
  requireActor(actor);
  await connect();
  hub.listeners.add(listener);
  return () => {
    hub.listeners.delete(listener);
  };
}
