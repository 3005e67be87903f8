import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { createConsensus, listConsensus, requireConsensusWriter } from '@/lib/consensus/service';
import { otherMethods, readJson, respond } from '@/lib/http';

/** `GET /api/documents/:slug/consensus` → the consensus on the document and each analyst's agreement with it. */
export const GET = (_request: Request, { params }: RouteContext<'/api/documents/[slug]/consensus'>) =>
  respond(async () => NextResponse.json(await listConsensus(await getActor(), (await params).slug)));

/** `POST /api/documents/:slug/consensus` `{ start, end, exact, kind, claim?|fact?|forecast?, note?, sources?, settles }` → 201 (admins). */
export const POST = (request: Request, { params }: RouteContext<'/api/documents/[slug]/consensus'>) =>
  respond(async () => {
    const actor = requireConsensusWriter(await getActor());
    const view = await createConsensus(actor, (await params).slug, await readJson(request));
    return NextResponse.json(view, { status: 201, headers: { ETag: `"${view.version}"` } });
  });

export const { PUT, PATCH, DELETE } = otherMethods('GET', 'POST');
