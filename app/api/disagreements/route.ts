import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { disagreementQueue, requireReviewer, reviewDisagreement } from '@/lib/compare/queue';
import { otherMethods, readJson, respond } from '@/lib/http';

/** `GET /api/disagreements?document=&kind=&analyst=&state=&page=` → the ranked rows where analysts disagree. */
export const GET = (request: Request) =>
  respond(async () => {
    const query = new URL(request.url).searchParams;
    const filters = { document: query.get('document'), kind: query.get('kind'), analyst: query.get('analyst'), state: query.get('state'), page: query.get('page') };
    return NextResponse.json(await disagreementQueue(await getActor(), filters));
  });

/** `POST /api/disagreements` `{ document, key, state: 'open' | 'discussed' | 'settled' }` marks a row. */
export const POST = (request: Request) =>
  respond(async () => {
    const actor = requireReviewer(await getActor());
    return NextResponse.json(await reviewDisagreement(actor, await readJson(request)));
  });

export const { PUT, PATCH, DELETE } = otherMethods('GET', 'POST');
