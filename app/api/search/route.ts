import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { search } from '@/lib/search/service';
import { otherMethods, respond } from '@/lib/http';

/** `GET /api/search?q=&kind=&document=&analyst=&from=&to=&page=`: ranked results you may see, 20 a page. */
export const GET = (request: Request) =>
  respond(async () => {
    const params = new URL(request.url).searchParams;
    const query = Object.fromEntries(['q', 'kind', 'document', 'analyst', 'from', 'to', 'page'].map((k) => [k, params.get(k) ?? undefined]));
    return NextResponse.json(await search(await getActor(), query));
  });

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
