// Live updates. Each app instance holds one PostgreSQL connection that LISTENs for the history
// events the database announces (a trigger NOTIFYs inside the writing transaction), and fans them
// out to the open readers of the document concerned (Server-Sent Events, app/api/.../events).
// Several instances on one database all hear every event; a reader that reconnects replays what
// it missed from the history by event id, so nothing is lost or shown twice.
import 'server-only';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { prisma } from '@/lib/db';
import { type Actor, requireActor } from '@/lib/actor';
import { AppError } from '@/lib/errors';
import { canSeeAnnotation, maskForecasts } from '@/lib/visibility';
import { type DecodedEvent, decodeEvent } from '@/lib/annotations/records';

export const CHANNEL = 'assay_annotation_events';
const PRESENCE_CHANNEL = 'assay_presence';
/** A reader's presence is refreshed this often, and forgotten after three missed refreshes. */
const PRESENCE_HEARTBEAT_MS = 20_000;

/** A change to an annotation, or to a reply in the thread of annotation `annotationId`: a history event as stored. */
export type LiveEvent = DecodedEvent;
type Listener = (event: LiveEvent) => void;
export type Viewer = { id: string; name: string };
type PresenceListener = (viewers: Viewer[]) => void;

type Hub = { listeners: Map<string, Set<Listener>>; presence: Map<string, Set<PresenceListener>>; client: Promise<pg.Client> | null };
// One hub per process, also across Next's dev-mode module reloads.
const hub: Hub = ((globalThis as { assayHub?: Hub }).assayHub ??= { listeners: new Map(), presence: new Map(), client: null });

/** Everyone with the document open now, on any instance. */
async function viewers(documentId: string): Promise<Viewer[]> {
  const rows = await prisma.presence.findMany({
    where: { documentId, seenAt: { gt: new Date(Date.now() - 3 * PRESENCE_HEARTBEAT_MS) } },
    select: { user: { select: { id: true, name: true } } },
  });
  const byId = new Map(rows.map((r) => [r.user.id, r.user]));
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

const announcePresence = (documentId: string) => prisma.$executeRaw`SELECT pg_notify(${PRESENCE_CHANNEL}, ${documentId})`;

async function eventsAfter(documentId: string, afterId: bigint, limit = 1000): Promise<LiveEvent[]> {
  const rows = await prisma.annotationEvent.findMany({
    where: { id: { gt: afterId }, annotation: { documentId } },
    orderBy: { id: 'asc' },
    take: limit,
  });
  return rows.map(decodeEvent);
}

async function fanOut(message: pg.Notification) {
  if (!message.payload) return;
  if (message.channel === PRESENCE_CHANNEL) {
    const listeners = hub.presence.get(message.payload);
    if (!listeners?.size) return;
    const list = await viewers(message.payload);
    for (const listener of listeners) listener(list);
    return;
  }
  const { id, documentId } = JSON.parse(message.payload) as { id: number; documentId: string };
  const listeners = hub.listeners.get(documentId);
  if (!listeners?.size) return;
  const [event] = await eventsAfter(documentId, BigInt(id) - 1n, 1);
  if (event) for (const listener of listeners) listener(event);
}

function connect(): Promise<pg.Client> {
  hub.client ??= (async () => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    // A fan-out that fails (the database briefly gone, say) is logged, never an unhandled
    // rejection that would take the server down.
    client.on('notification', (message) => fanOut(message).catch((error) => console.error('Live update not delivered:', error)));
    // A dropped connection is rebuilt on the next subscription; readers replay by event id.
    client.on('error', () => {
      hub.client = null;
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    await client.query(`LISTEN ${PRESENCE_CHANNEL}`);
    return client;
  })().catch((error) => {
    hub.client = null;
    throw error;
  });
  return hub.client;
}

/**
 * What `user` may receive of an event: nothing of others' work that blind mode hides from them
 * (a reply goes with its annotation), and others' probabilities masked until they forecast too.
 */
async function visibleEvent(user: Actor, documentId: string, event: LiveEvent): Promise<LiveEvent | null> {
  const authorId =
    'annotation' in event
      ? event.annotation.author.id
      : (await prisma.annotation.findUnique({ where: { id: event.annotationId }, select: { authorId: true } }))?.authorId;
  if (!authorId || !(await canSeeAnnotation(user, { authorId, documentId }))) return null;
  if (!('annotation' in event)) return event;
  const [annotation] = await maskForecasts(user, [event.annotation]);
  return { ...event, annotation };
}

/**
 * Follows one document for `listener`: first the events after `lastEventId` (what a reconnecting
 * reader missed), then every later one as it commits, each exactly once. Listening starts before
 * the missed events are read; what arrives meanwhile waits and is passed on after them.
 */
export async function subscribe(
  actor: Actor | null,
  slug: string,
  lastEventId: string | null,
  listener: Listener,
  onPresence: PresenceListener = () => {},
): Promise<() => void> {
  const user = requireActor(actor);
  const document = await prisma.document.findUnique({ where: { slug }, select: { id: true } });
  if (!document) throw new AppError('NOT_FOUND', `No document "${slug}"`);
  await connect();
  let waiting: LiveEvent[] | null = [];
  let sentUpTo = lastEventId && /^\d+$/.test(lastEventId) ? BigInt(lastEventId) : null;
  // Deciding what the reader may see takes a query, so deliveries are chained to keep their order.
  let delivered = Promise.resolve();
  const send = (event: LiveEvent) => {
    if (sentUpTo !== null && BigInt(event.id) <= sentUpTo) return;
    sentUpTo = BigInt(event.id);
    delivered = delivered.then(async () => {
      const visible = await visibleEvent(user, document.id, event).catch(() => null);
      if (visible) listener(visible);
    });
  };
  const deliver: Listener = (event) => (waiting ? waiting.push(event) : send(event));
  const listeners = hub.listeners.get(document.id) ?? new Set();
  hub.listeners.set(document.id, listeners.add(deliver));
  if (sentUpTo !== null) for (const event of await eventsAfter(document.id, sentUpTo)) send(event);
  for (const event of waiting) send(event);
  waiting = null;
  await delivered;

  // Presence: this connection is a row; every change is announced so each instance tells its readers.
  const presenceListeners = hub.presence.get(document.id) ?? new Set();
  hub.presence.set(document.id, presenceListeners.add(onPresence));
  const connectionId = randomUUID();
  await prisma.presence.create({ data: { connectionId, documentId: document.id, userId: user.id } });
  await announcePresence(document.id);
  const heartbeat = setInterval(() => {
    prisma.presence.updateMany({ where: { connectionId }, data: { seenAt: new Date() } }).catch(() => undefined);
  }, PRESENCE_HEARTBEAT_MS);
  return () => {
    listeners.delete(deliver);
    presenceListeners.delete(onPresence);
    clearInterval(heartbeat);
    prisma.presence
      .deleteMany({ where: { OR: [{ connectionId }, { seenAt: { lt: new Date(Date.now() - 3 * PRESENCE_HEARTBEAT_MS) } }] } })
      .then(() => announcePresence(document.id))
      .catch(() => undefined);
  };
}

/** The newest event of a document: a reader opened now follows from there. */
export async function latestEventId(documentId: string): Promise<string> {
  const last = await prisma.annotationEvent.findFirst({ where: { annotation: { documentId } }, orderBy: { id: 'desc' }, select: { id: true } });
  return (last?.id ?? 0n).toString();
}
