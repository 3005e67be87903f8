import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { search } from '@/lib/search/service';
import { otherMethods, respond } from '@/lib/http';

/**
 * `GET /api/search?q=&kind=&document=&analyst=&from=&to=&page=`: ranked results you may see, 20 a page.
 * `Server-Timing: search;dur=…` is the time the search itself took in the server (sign-in check
 * included), which the bench reports beside the round trip (issue #9).
 */
export const GET = (request: Request) =>
  respond(async () => {
    const started = performance.now();
    const params = new URL(request.url).searchParams;
    const query = Object.fromEntries(['q', 'kind', 'document', 'analyst', 'from', 'to', 'page'].map((k) => [k, params.get(k) ?? undefined]));
    const answer = await search(await getActor(), query);
    return NextResponse.json(answer, { headers: { 'server-timing': `search;dur=${(performance.now() - started).toFixed(1)}` } });
  });

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
