// Live updates. Each app instance holds one PostgreSQL connection that LISTENs for the history
// events the database announces (a trigger NOTIFYs inside the writing transaction), and fans them
// out to the open readers of the document concerned (Server-Sent Events, app/api/.../events).
// Several instances on one database all hear every event; a reader that reconnects replays what
// it missed from the history, so nothing is lost or shown twice.
//
// Order that survives concurrency. Event ids are taken at insert, but transactions commit in
// another order: reading "ids after the last one sent" would skip an event whose transaction
// committed after a later id had been sent. So each event records its transaction id (`xid`,
// a column default), events are delivered in (xid, id) order, and only those whose transaction
// is below the snapshot's xmin — the oldest transaction still running anywhere. Every transaction
// below xmin has ended, so nothing can later appear before what was sent: a reader's position
// (its cursor, the SSE id `<xid>-<id>`) only ever moves past settled history. A long transaction
// delays live updates until it ends; it never loses one.
//
// Faults. The LISTEN connection reconnects by itself with exponential backoff; after it is back,
// every open subscription reads what committed while it was away (by its cursor), so streams
// carry on in order, without gaps or repeats.
import 'server-only';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { prisma } from '@/lib/db';
import { type Actor, requireActor } from '@/lib/actor';
import { canSeeAnnotation, maskForecasts, openDocument } from '@/lib/visibility';
import { type DecodedEvent, decodeEvent } from '@/lib/annotations/records';
import { listenOn } from './listen';

export const CHANNEL = 'assay_annotation_events';
const PRESENCE_CHANNEL = 'assay_presence';
/** A reader's presence is refreshed this often, and forgotten after three missed refreshes. */
const PRESENCE_HEARTBEAT_MS = 20_000;

/** A change to an annotation, or to a reply in the thread of annotation `annotationId`: a history event as stored, and its place in the order. */
export type LiveEvent = DecodedEvent & { cursor: string };
type Listener = (event: LiveEvent) => void;
export type Viewer = { id: string; name: string };
type PresenceListener = (viewers: Viewer[]) => void;

/** A position in the (xid, id) order: everything at or before it has been sent. */
type Cursor = { xid: bigint; id: bigint };
const cursorText = (c: Cursor) => `${c.xid}-${c.id}`;

/** One open subscription: its document, where it stands, and its poll (one at a time, rerun when asked meanwhile). */
type Subscriber = { documentId: string; poll: () => void; end: () => void };

type Hub = { subscribers: Set<Subscriber>; presence: Map<string, Set<PresenceListener>> };
// One hub per process, also across Next's dev-mode module reloads.
const hub: Hub = ((globalThis as { assayHub3?: Hub }).assayHub3 ??= { subscribers: new Set(), presence: new Map() });

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

/** The oldest transaction still running (every one below it has ended). */
async function horizon(): Promise<bigint> {
  const [row] = await prisma.$queryRaw<{ xmin: string }[]>`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin`;
  return BigInt(row.xmin);
}

/**
 * The settled events of a document after `cursor`, in order: those of transactions below the
 * horizon, read after the horizon was taken (so all of them are visible). `more` says whether
 * later ones exist that are not settled yet, or did not fit in `limit`.
 */
async function settledAfter(documentId: string, cursor: Cursor, limit = 500): Promise<{ events: LiveEvent[]; more: boolean }> {
  const xmin = await horizon();
  const rows = await prisma.annotationEvent.findMany({
    where: {
      annotation: { documentId },
      OR: [{ xid: { gt: cursor.xid } }, { xid: cursor.xid, id: { gt: cursor.id } }],
    },
    orderBy: [{ xid: 'asc' }, { id: 'asc' }],
    take: limit + 1,
  });
  const settled = rows.slice(0, limit).filter((row) => row.xid < xmin);
  return {
    events: settled.map((row) => ({ ...decodeEvent(row), cursor: cursorText(row) })),
    more: rows.length > settled.length,
  };
}

/** Where a new reader of the document starts: after its last settled event. */
async function settledEnd(documentId: string): Promise<Cursor> {
  const xmin = await horizon();
  const last = await prisma.annotationEvent.findFirst({
    where: { annotation: { documentId }, xid: { lt: xmin } },
    orderBy: [{ xid: 'desc' }, { id: 'desc' }],
    select: { xid: true, id: true },
  });
  return last ?? { xid: 0n, id: 0n };
}

/** The largest value of the columns a cursor names (xid and id are PostgreSQL bigints). */
const MAX_BIGINT = 2n ** 63n - 1n;

/**
 * `<xid>-<id>` as sent, or a bare event id (older readers, `?after=`): the position just after that
 * event. Null when it is no position this database gave out: malformed, out of the columns' range
 * (a query with it fails), or from the future (an id past the newest event, or a transaction not
 * yet below the horizon, which no sent cursor can name). Such a reader follows from now, as a new
 * one does, rather than from a position no event would reach.
 */
async function parseCursor(text: string | null): Promise<Cursor | null> {
  if (!text) return null;
  const pair = /^(\d{1,20})-(\d{1,20})$/.exec(text);
  let cursor: Cursor;
  if (pair) cursor = { xid: BigInt(pair[1]), id: BigInt(pair[2]) };
  else if (/^\d{1,20}$/.test(text)) {
    const id = BigInt(text);
    if (id > MAX_BIGINT) return null;
    cursor = (await prisma.annotationEvent.findUnique({ where: { id }, select: { xid: true, id: true } })) ?? { xid: 0n, id };
  } else return null;
  if (cursor.xid > MAX_BIGINT || cursor.id > MAX_BIGINT) return null;
  const [{ given }] = await prisma.$queryRaw<{ given: boolean }[]>`
    SELECT ${cursor.xid} < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
      AND ${cursor.id} <= COALESCE((SELECT max(id) FROM "AnnotationEvent"), 0) AS given`;
  return given ? cursor : null;
}

async function onNotification(message: pg.Notification) {
  if (!message.payload) return;
  if (message.channel === PRESENCE_CHANNEL) {
    const listeners = hub.presence.get(message.payload);
    if (!listeners?.size) return;
    const list = await viewers(message.payload);
    for (const listener of listeners) listener(list);
    return;
  }
  const { documentId } = JSON.parse(message.payload) as { documentId: string };
  for (const subscriber of hub.subscribers) if (subscriber.documentId === documentId) subscriber.poll();
}

// The LISTEN connection (lib/realtime/listen.ts): back after an outage, every open stream reads
// what committed while it was away, by its cursor.
const connection = listenOn('live-updates', {
  channels: [CHANNEL, PRESENCE_CHANNEL],
  onNotification: (message) => onNotification(message).catch((error) => console.error('Live update not delivered:', error)),
  onOpen: (again) => {
    if (again) for (const subscriber of hub.subscribers) subscriber.poll();
  },
});

/** Whether this instance hears the database now (GET /api/health). */
export const listening = () => connection.connected;

/**
 * Graceful shutdown (instrumentation.ts, on SIGTERM): ends every open stream, so the server's
 * close can finish once in-flight requests are done, and closes the LISTEN connection.
 */
export async function drainHub(): Promise<void> {
  for (const subscriber of [...hub.subscribers]) subscriber.end();
  await closeHub();
}

/** Closes the LISTEN connection for good. */
export const closeHub = (): Promise<void> => connection.close();

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
 * Follows one document for `listener`: first the settled events after `after` (what a
 * reconnecting reader missed: a cursor `<xid>-<id>` or an event id), then every later one as it
 * settles, each exactly once and in order, across database restarts.
 */
export async function subscribe(
  actor: Actor | null,
  slug: string,
  after: string | null,
  listener: Listener,
  onPresence: PresenceListener = () => {},
  /** Called when the server shuts down: end the stream (the reader reconnects elsewhere). */
  onEnd: () => void = () => {},
): Promise<() => void> {
  const user = requireActor(actor);
  const document = await openDocument(user, slug, { id: true });
  const documentId = document.id;
  await connection.open();
  let cursor = (await parseCursor(after)) ?? (await settledEnd(document.id));
  let closed = false;
  let running: Promise<void> | null = null;
  let again = false;
  let recheck: ReturnType<typeof setTimeout> | null = null;

  async function drain() {
    for (;;) {
      const { events, more } = await settledAfter(documentId, cursor);
      for (const event of events) {
        if (closed) return;
        const [xid, id] = event.cursor.split('-').map(BigInt);
        cursor = { xid, id };
        const visible = await visibleEvent(user, documentId, event).catch(() => null);
        if (visible && !closed) listener(visible);
      }
      if (!more || closed) return;
      // Later events wait for an older transaction still running: look again shortly, since
      // that transaction's end may announce nothing.
      if (events.length === 0) {
        recheck ??= setTimeout(() => {
          recheck = null;
          subscriber.poll();
        }, 200);
        return;
      }
    }
  }
  const subscriber: Subscriber = {
    documentId: document.id,
    end: onEnd,
    poll() {
      if (closed) return;
      if (running) {
        again = true;
        return;
      }
      running = drain()
        .catch((error) => {
          // The database is away: the reconnection polls again when it is back.
          if (!connection.connected) return;
          console.error('Live update not delivered:', error);
        })
        .finally(() => {
          running = null;
          if (again) {
            again = false;
            subscriber.poll();
          }
        });
    },
  };
  hub.subscribers.add(subscriber);
  subscriber.poll();
  await running;

  // Presence: this connection is a row; every change is announced so each instance tells its readers.
  const presenceListeners = hub.presence.get(document.id) ?? new Set();
  hub.presence.set(document.id, presenceListeners.add(onPresence));
  const connectionId = randomUUID();
  await prisma.presence.create({ data: { connectionId, documentId: document.id, userId: user.id } });
  await announcePresence(document.id);
  const heartbeat = setInterval(() => {
    prisma.presence
      .upsert({ where: { connectionId }, create: { connectionId, documentId: document.id, userId: user.id }, update: { seenAt: new Date() } })
      .catch(() => undefined);
  }, PRESENCE_HEARTBEAT_MS);
  return () => {
    closed = true;
    hub.subscribers.delete(subscriber);
    presenceListeners.delete(onPresence);
    clearInterval(heartbeat);
    if (recheck) clearTimeout(recheck);
    prisma.presence
      .deleteMany({ where: { OR: [{ connectionId }, { seenAt: { lt: new Date(Date.now() - 3 * PRESENCE_HEARTBEAT_MS) } }] } })
      .then(() => announcePresence(document.id))
      .catch(() => undefined);
  };
}

/** Where a reader opened now follows from: after the document's last settled event (`<xid>-<id>`). */
export async function latestEventId(documentId: string): Promise<string> {
  return cursorText(await settledEnd(documentId));
}

/** Open subscriptions on this instance (graceful shutdown waits for them to close). */
export const openSubscriptions = () => hub.subscribers.size;
