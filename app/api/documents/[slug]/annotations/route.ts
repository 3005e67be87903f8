import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { listAnnotations } from '@/lib/annotations/service';
import { otherMethods, respond } from '@/lib/http';

/** `?kind=&author=` filter; `?ids=a,b,…` (at most 200) reads just those cards, as the reader's panel shows them. */
export const GET = (request: Request, { params }: RouteContext<'/api/documents/[slug]/annotations'>) =>
  respond(async () => {
    const actor = await getActor();
    const query = new URL(request.url).searchParams;
    const ids = query.get('ids');
    const filters = { kind: query.get('kind') || undefined, author: query.get('author') || undefined, ids: ids ? ids.split(',') : undefined };
    return NextResponse.json(await listAnnotations(actor, (await params).slug, filters));
  });

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
