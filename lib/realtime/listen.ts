// One LISTEN connection, kept open: the plumbing every NOTIFY consumer shares (the live updates'
// hub, the library's and the forecast board's channels, the actor cache). It is opened on first
// use, and when it is lost (PostgreSQL restarted, the network dropped) it is made again by itself
// with exponential backoff. Notifications sent while it was down are lost, so the owner is told
// when it is back (`onOpen(again)`) and catches up in its own way: the hub replays by cursor, the
// actor cache empties itself.
import 'server-only';
import pg from 'pg';

const BACKOFF_MIN_MS = 100;
const BACKOFF_MAX_MS = 5_000;

export type ListenOptions = {
  channels: string[];
  onNotification: (message: pg.Notification) => void;
  /** The connection is open and listening; `again` when it is a reconnection after a loss. */
  onOpen?: (again: boolean) => void;
  /** The connection was lost (a reconnection is scheduled). */
  onLost?: () => void;
};

export type Listening = {
  /** Opens the connection unless it is open (at most one attempt at a time); rejects if this attempt fails (a retry is scheduled). */
  open(): Promise<void>;
  /** Whether the connection is open and listening now. */
  readonly connected: boolean;
  /** Closes the connection for good (graceful shutdown): no reconnection follows. */
  close(): Promise<void>;
};

type State = {
  client: pg.Client | null;
  connecting: Promise<void> | null;
  connected: boolean;
  /** Opened once before: the next opening is a reconnection. */
  opened: boolean;
  backoff: number;
  retry: ReturnType<typeof setTimeout> | null;
  closed: boolean;
};

function quietEnd(client: pg.Client) {
  client.removeAllListeners('error');
  client.removeAllListeners('end');
  client.on('error', () => undefined);
  return client.end().catch(() => undefined);
}

/**
 * A LISTEN connection on `options.channels`, one per process under `name` (also across Next's
 * dev-mode module reloads, which would otherwise open another on every reload). The connection
 * never keeps a process alive that is otherwise done (tests, scripts).
 */
export function listenOn(name: string, options: ListenOptions): Listening {
  const registry = ((globalThis as { assayListening?: Map<string, State> }).assayListening ??= new Map());
  let state = registry.get(name);
  if (!state) {
    state = { client: null, connecting: null, connected: false, opened: false, backoff: BACKOFF_MIN_MS, retry: null, closed: false };
    registry.set(name, state);
  }
  const s = state;

  function scheduleReconnect() {
    if (s.retry || s.closed) return;
    const wait = s.backoff;
    s.backoff = Math.min(s.backoff * 2, BACKOFF_MAX_MS);
    s.retry = setTimeout(() => {
      s.retry = null;
      open().catch(() => undefined);
    }, wait);
    s.retry.unref?.();
  }

  function open(): Promise<void> {
    if (s.connected) return Promise.resolve();
    if (s.closed) return Promise.reject(new Error(`${name}: the LISTEN connection is closed`));
    s.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
      client.on('notification', options.onNotification);
      const lost = () => {
        if (s.client !== client) return;
        s.client = null;
        s.connected = false;
        void quietEnd(client);
        options.onLost?.();
        scheduleReconnect();
      };
      client.on('error', lost);
      client.on('end', lost);
      try {
        await client.connect();
        for (const channel of options.channels) await client.query(`LISTEN ${channel}`);
        (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
      } catch (error) {
        await quietEnd(client);
        scheduleReconnect();
        throw error;
      }
      if (s.closed) {
        await quietEnd(client);
        return;
      }
      const again = s.opened;
      s.client = client;
      s.connected = true;
      s.opened = true;
      s.backoff = BACKOFF_MIN_MS;
      options.onOpen?.(again);
    })().finally(() => {
      s.connecting = null;
    });
    return s.connecting;
  }

  return {
    open,
    get connected() {
      return s.connected;
    },
    async close() {
      s.closed = true;
      if (s.retry) clearTimeout(s.retry);
      s.retry = null;
      const client = s.client;
      s.client = null;
      s.connected = false;
      if (client) await quietEnd(client);
    },
  };
}

/**
 * Whether `connection` is open and listening now; if it is not, an opening starts (a failed one
 * retries by itself). For caches that serve from memory only while they can hear of changes.
 */
export function listeningNow(connection: Listening | null): boolean {
  if (!connection) return false;
  if (!connection.connected) connection.open().catch(() => undefined);
  return connection.connected;
}
