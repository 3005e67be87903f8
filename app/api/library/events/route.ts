import { getActor } from '@/lib/auth';
import { eventStream, otherMethods, respond } from '@/lib/http';
import { followLibrary } from '@/lib/documents/live';

export const dynamic = 'force-dynamic';

/** Server-Sent Events: `event: document` with `{ id, slug }` whenever a document is added, revised, archived or restored (`{ missed: true }` after the server lost the database for a while). */
export const GET = (request: Request) =>
  respond(async () => {
    const actor = await getActor();
    return eventStream(request, (send) => followLibrary(actor, (notice) => send(`event: document\ndata: ${JSON.stringify(notice)}\n\n`)));
  });

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
