import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { requireConsensusWriter, updateConsensus } from '@/lib/consensus/service';
import { ifMatch, otherMethods, readJson, respond } from '@/lib/http';

/** `PATCH /api/documents/:slug/consensus/:id` with `If-Match: <version>` revises a consensus (admins). */
export const PATCH = (request: Request, { params }: RouteContext<'/api/documents/[slug]/consensus/[id]'>) =>
  respond(async () => {
    const actor = requireConsensusWriter(await getActor());
    const { slug, id } = await params;
    const view = await updateConsensus(actor, slug, id, ifMatch(request), await readJson(request));
    return NextResponse.json(view, { headers: { ETag: `"${view.version}"` } });
  });

export const { GET, POST, PUT, DELETE } = otherMethods('PATCH');
