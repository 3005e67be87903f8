import { getActor } from '@/lib/auth';
import { listAnnotations } from '@/lib/annotations/service';
import { otherMethods, respond } from '@/lib/http';
import { cachedJson } from '@/lib/realtime/reads';

/**
 * `?kind=&author=` filter; `?ids=a,b,…` (at most 200) reads just those cards, as the reader's panel shows them.
 * Repeated reads come from memory until anything is written (lib/realtime/reads.ts).
 */
export const GET = (request: Request, { params }: RouteContext<'/api/documents/[slug]/annotations'>) =>
  respond(async () => {
    const actor = await getActor();
    const { slug } = await params;
    return cachedJson(actor, request, async () => {
      const query = new URL(request.url).searchParams;
      const ids = query.get('ids');
      const filters = { kind: query.get('kind') || undefined, author: query.get('author') || undefined, ids: ids ? ids.split(',') : undefined };
      return { body: await listAnnotations(actor, slug, filters) };
    });
  });

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
