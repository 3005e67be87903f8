// The library live (issue #9): a document added, revised, archived or restored is announced by the
// database (a trigger NOTIFYs `assay_library_events` in the writing transaction, see the migration
// 20261201100000_documents_revisions_search), so an open library hears of it when it commits —
// never of a document still being converted or rolled back. Each app instance LISTENs on one
// connection and passes the news to its open libraries (GET /api/library/events), which then
// reload their page: what each reader sees is decided by the library's own read.
import 'server-only';
import { prisma } from '@/lib/db';
import { type Actor, requireActor } from '@/lib/actor';
import { AppError } from '@/lib/errors';
import { listenOn } from '@/lib/realtime/listen';

export const LIBRARY_CHANNEL = 'assay_library_events';

/** A document that changed, or `missed`: the connection was lost and is back, and what changed meanwhile is unknown. */
export type LibraryNotice = { id: string; slug: string } | { missed: true };
type Listener = (notice: LibraryNotice) => void;
// One set of listeners per process, also across Next's dev-mode module reloads.
const listeners: Set<Listener> = ((globalThis as { assayLibraryListeners?: Set<Listener> }).assayLibraryListeners ??= new Set());

// The LISTEN connection (lib/realtime/listen.ts), remade by itself when lost. What was announced
// meanwhile is not replayed: open libraries are told they missed something, and re-read.
const connection = listenOn('library', {
  channels: [LIBRARY_CHANNEL],
  onNotification: (message) => {
    if (!message.payload) return;
    try {
      const notice = JSON.parse(message.payload) as { id: string; slug: string };
      for (const listener of listeners) listener(notice);
    } catch (error) {
      console.error('Library announcement not delivered:', error);
    }
  },
  onOpen: (again) => {
    if (again) for (const listener of listeners) listener({ missed: true });
  },
});

/** Follows the library: each document added, revised, archived or restored, as it commits. */
export async function followLibrary(actor: Actor | null, listener: Listener): Promise<() => void> {
  requireActor(actor);
  await connection.open();
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Where a document stands now: its current revision, and whether it is archived. */
export type DocumentState = { revision: number; archived: boolean };

/**
 * Follows one document's record for a reader who has it open: its state as it is now, once at the
 * start and again after each revision, archiving or restoring (and after the connection was lost a
 * while). The reader compares the revision with the one it shows and offers to reload.
 */
export async function followDocument(actor: Actor | null, slug: string, listener: (state: DocumentState) => void): Promise<() => void> {
  const reader = requireActor(actor);
  const document = await prisma.document.findUnique({ where: { slug }, select: { id: true } });
  if (!document) throw new AppError('NOT_FOUND', `No document "${slug}"`);
  const tell = () =>
    prisma.document
      .findUnique({ where: { id: document.id }, select: { revision: true, archivedAt: true } })
      .then((d) => d && listener({ revision: d.revision, archived: d.archivedAt !== null }))
      .catch(() => undefined);
  const stop = await followLibrary(reader, (notice) => {
    if (!('id' in notice) || notice.id === document.id) void tell();
  });
  // Once at the start too: a revision made between the page's read and this stream is not missed.
  void tell();
  return stop;
}
