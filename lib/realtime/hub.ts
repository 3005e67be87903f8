// Live updates. Each app instance holds one PostgreSQL connection that LISTENs for the history
// events the database announces (a trigger NOTIFYs inside the writing transaction), and fans them
// out to the open readers of the document concerned (Server-Sent Events, app/api/.../events).
// Several instances on one database all hear every event; a reader that reconnects replays what
// it missed from the history by event id, so nothing is lost or shown twice.
import pg from 'pg';
import { prisma } from '@/lib/db';
import { type Actor, requireActor } from '@/lib/actor';
import { AppError } from '@/lib/errors';
import type { AnnotationView } from '@/lib/annotations/schemas';

export const CHANNEL = 'assay_annotation_events';

export type LiveEvent = { id: string; type: 'CREATED' | 'UPDATED' | 'DELETED'; annotation: AnnotationView };
type Listener = (event: LiveEvent) => void;

type Hub = { listeners: Map<string, Set<Listener>>; client: Promise<pg.Client> | null };
// One hub per process, also across Next's dev-mode module reloads.
const hub: Hub = ((globalThis as { assayHub?: Hub }).assayHub ??= { listeners: new Map(), client: null });

async function eventsAfter(documentId: string, afterId: bigint, limit = 1000): Promise<LiveEvent[]> {
  const rows = await prisma.annotationEvent.findMany({
    where: { id: { gt: afterId }, annotation: { documentId } },
    orderBy: { id: 'asc' },
    take: limit,
  });
  return rows.map((r) => ({ id: r.id.toString(), type: r.type, annotation: r.snapshot as unknown as AnnotationView }));
}

function connect(): Promise<pg.Client> {
  hub.client ??= (async () => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    client.on('notification', async (message) => {
      if (!message.payload) return;
      const { id, documentId } = JSON.parse(message.payload) as { id: number; documentId: string };
      const listeners = hub.listeners.get(documentId);
      if (!listeners?.size) return;
      const [event] = await eventsAfter(documentId, BigInt(id) - 1n, 1);
      if (event) for (const listener of listeners) listener(event);
    });
    // A dropped connection is rebuilt on the next subscription; readers replay by event id.
    client.on('error', () => {
      hub.client = null;
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    return client;
  })().catch((error) => {
    hub.client = null;
    throw error;
  });
  return hub.client;
}

/**
 * Follows one document for `listener`: first the events after `lastEventId` (what a reconnecting
 * reader missed), then every later one as it commits, each exactly once. Listening starts before
 * the missed events are read; what arrives meanwhile waits and is passed on after them.
 */
export async function subscribe(actor: Actor | null, slug: string, lastEventId: string | null, listener: Listener): Promise<() => void> {
  requireActor(actor);
  const document = await prisma.document.findUnique({ where: { slug }, select: { id: true } });
  if (!document) throw new AppError('NOT_FOUND', `No document "${slug}"`);
  await connect();
  let waiting: LiveEvent[] | null = [];
  let sentUpTo = lastEventId && /^\d+$/.test(lastEventId) ? BigInt(lastEventId) : null;
  const send = (event: LiveEvent) => {
    if (sentUpTo !== null && BigInt(event.id) <= sentUpTo) return;
    sentUpTo = BigInt(event.id);
    listener(event);
  };
  const deliver: Listener = (event) => (waiting ? waiting.push(event) : send(event));
  const listeners = hub.listeners.get(document.id) ?? new Set();
  hub.listeners.set(document.id, listeners.add(deliver));
  if (sentUpTo !== null) for (const event of await eventsAfter(document.id, sentUpTo)) send(event);
  for (const event of waiting) send(event);
  waiting = null;
  return () => listeners.delete(deliver);
}

/** The newest event of a document: a reader opened now follows from there. */
export async function latestEventId(documentId: string): Promise<string> {
  const last = await prisma.annotationEvent.findFirst({ where: { annotation: { documentId } }, orderBy: { id: 'desc' }, select: { id: true } });
  return (last?.id ?? 0n).toString();
}
