import { getActor } from '@/lib/auth';
import { otherMethods, respond } from '@/lib/http';
import { followForecasts } from '@/lib/forecasts/live';

export const dynamic = 'force-dynamic';

/** Server-Sent Events: clarifications and re-openings of the questions the reader may see, as they commit. */
export const GET = (request: Request) =>
  respond(async () => {
    const encoder = new TextEncoder();
    let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
    const early: string[] = [];
    const write = (text: string) => (controller ? controller.enqueue(encoder.encode(text)) : early.push(text));
    // Following first lets a 401 be an ordinary error response rather than a broken stream.
    const unfollow = await followForecasts(await getActor(), (announcement) =>
      write(`event: ${announcement.type}\ndata: ${JSON.stringify(announcement)}\n\n`),
    );
    const heartbeat = setInterval(() => write(': keep-alive\n\n'), 25_000);
    const close = () => {
      clearInterval(heartbeat);
      unfollow();
    };
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
