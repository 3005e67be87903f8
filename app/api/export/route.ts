import { getActor } from '@/lib/auth';
import { exportAnnotations } from '@/lib/export/service';
import { attachment, otherMethods, respond } from '@/lib/http';

/** `GET /api/export?format=w3c|csv|jsonl&document=&analyst=&kind=&from=&to=`, streamed. */
export const GET = (request: Request) =>
  respond(async () => {
    const url = new URL(request.url);
    const query = Object.fromEntries([...url.searchParams].filter(([, value]) => value !== ''));
    const result = await exportAnnotations(await getActor(), query, url.origin);
    // Pulled a chunk at a time: the export reads its next page only as the client takes this one.
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await result.chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      async cancel() {
        await result.chunks.return(undefined);
      },
    });
    return new Response(body, {
      headers: {
        'Content-Type': result.contentType,
        'Content-Disposition': attachment(result.fileName),
        'X-Total-Count': String(result.total),
      },
    });
  });

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
