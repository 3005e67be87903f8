import { getActor } from '@/lib/auth';
import { eventStream, otherMethods, respond } from '@/lib/http';
import { subscribe } from '@/lib/realtime/hub';
import { followDocument } from '@/lib/documents/live';

export const dynamic = 'force-dynamic';

/**
 * Server-Sent Events: every annotation change on the document as it commits (`annotation`), who
 * else reads it (`presence`), and the document's own state after a revision or archiving
 * (`document`: `{ revision, archived }`). A reconnecting EventSource sends `Last-Event-ID` and gets
 * the annotation changes it missed; a first connection may say where it starts with `?after=<event id>`.
 */
export const GET = (request: Request, { params }: RouteContext<'/api/documents/[slug]/events'>) =>
  respond(async () => {
    const after = request.headers.get('last-event-id') ?? new URL(request.url).searchParams.get('after');
    const [actor, { slug }] = [await getActor(), await params];
    return eventStream(request, async (send, end) => {
      const stopAnnotations = await subscribe(
        actor,
        slug,
        after,
        (event) => send(`id: ${event.cursor}\nevent: annotation\ndata: ${JSON.stringify(event)}\n\n`),
        // No id: presence is a state, not an event to replay.
        (viewers) => send(`event: presence\ndata: ${JSON.stringify(viewers)}\n\n`),
        // The server is shutting down: end the stream; the reader reconnects (to another instance) by its last id.
        end,
      );
      // No id either: the document's state, not an event to replay.
      const stopDocument = await followDocument(actor, slug, (state) => send(`event: document\ndata: ${JSON.stringify(state)}\n\n`)).catch((error) => {
        stopAnnotations();
        throw error;
      });
      return () => {
        stopAnnotations();
        stopDocument();
      };
    });
  });

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
