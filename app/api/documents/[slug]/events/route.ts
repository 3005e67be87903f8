import { getActor } from '@/lib/auth';
import { otherMethods, respond } from '@/lib/http';
import { subscribe } from '@/lib/realtime/hub';

export const dynamic = 'force-dynamic';

/**
 * Server-Sent Events: every annotation change on the document as it commits. A reconnecting
 * EventSource sends `Last-Event-ID` and gets what it missed; a first connection may say where it
 * starts with `?after=<event id>`.
 */
export const GET = (request: Request, { params }: RouteContext<'/api/documents/[slug]/events'>) =>
  respond(async () => {
    const encoder = new TextEncoder();
    let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
    const early: string[] = [];
    const write = (text: string) => {
      if (!controller) return void early.push(text);
      try {
        controller.enqueue(encoder.encode(text));
      } catch {
        // the stream has ended (shutdown, or the reader left)
      }
    };

    // Subscribing first lets a 401 or 404 be an ordinary error response rather than a broken stream.
    const after = request.headers.get('last-event-id') ?? new URL(request.url).searchParams.get('after');
    const unsubscribe = await subscribe(
      await getActor(),
      (await params).slug,
      after,
      (event) => write(`id: ${event.cursor}\nevent: annotation\ndata: ${JSON.stringify(event)}\n\n`),
      // No id: presence is a state, not an event to replay.
      (viewers) => write(`event: presence\ndata: ${JSON.stringify(viewers)}\n\n`),
      // The server is shutting down: end the stream; the reader reconnects (to another instance) by its last id.
      () => {
        close();
        try {
          controller?.close();
        } catch {
          // already closed
        }
      },
    );
    // Comments keep proxies from closing an idle stream.
    const heartbeat = setInterval(() => write(': keep-alive\n\n'), 25_000);
    function close() {
      clearInterval(heartbeat);
      unsubscribe();
    }
    request.signal.addEventListener('abort', close);

    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        controller = c;
        c.enqueue(encoder.encode('retry: 1000\n\n'));
        for (const text of early) c.enqueue(encoder.encode(text));
      },
      cancel: close,
    });
    return new Response(stream, {
      headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive' },
    });
  });

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
