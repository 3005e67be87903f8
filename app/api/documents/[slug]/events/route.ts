import { getActor } from '@/lib/auth';
import { eventStream, otherMethods, respond } from '@/lib/http';
import { subscribe } from '@/lib/realtime/hub';

export const dynamic = 'force-dynamic';

/**
 * Server-Sent Events: every annotation change on the document as it commits. A reconnecting
 * EventSource sends `Last-Event-ID` and gets what it missed; a first connection may say where it
 * starts with `?after=<event id>`.
 */
export const GET = (request: Request, { params }: RouteContext<'/api/documents/[slug]/events'>) =>
  respond(async () => {
    const after = request.headers.get('last-event-id') ?? new URL(request.url).searchParams.get('after');
    const [actor, { slug }] = [await getActor(), await params];
    return eventStream(request, (send, end) =>
      subscribe(
        actor,
        slug,
        after,
        (event) => send(`id: ${event.cursor}\nevent: annotation\ndata: ${JSON.stringify(event)}\n\n`),
        // No id: presence is a state, not an event to replay.
        (viewers) => send(`event: presence\ndata: ${JSON.stringify(viewers)}\n\n`),
        // The server is shutting down: end the stream; the reader reconnects (to another instance) by its last id.
        end,
      ),
    );
  });

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
