import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { compareDocument } from '@/lib/compare/service';
import { otherMethods, respond } from '@/lib/http';

/** `GET /api/documents/:slug/compare?analysts=a,b,c` → the compare rows (status, each analyst's cell, the gaps) and the rules. */
export const GET = (request: Request, { params }: RouteContext<'/api/documents/[slug]/compare'>) =>
  respond(async () => {
    const actor = await getActor();
    const { slug } = await params;
    const view = await compareDocument(actor, slug, new URL(request.url).searchParams.getAll('analysts'));
    return NextResponse.json({ document: view.document, analysts: view.analysts, rows: view.rows, counts: view.counts, rule: view.rule, tolerance: view.tolerance });
  });

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
