import { getActor } from '@/lib/auth';
import { eventStream, otherMethods, respond } from '@/lib/http';
import { followForecasts } from '@/lib/forecasts/live';

export const dynamic = 'force-dynamic';

/** Server-Sent Events: clarifications and re-openings of the questions the reader may see, as they commit. */
export const GET = (request: Request) =>
  respond(async () => {
    const actor = await getActor();
    return eventStream(request, (send) =>
      followForecasts(actor, (announcement) => send(`event: ${announcement.type}\ndata: ${JSON.stringify(announcement)}\n\n`)),
    );
  });

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
