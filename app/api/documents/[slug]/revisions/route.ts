import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { listRevisions, requireDocumentWriter, reviseDocument } from '@/lib/documents/manage';
import { readDocumentInput } from '@/lib/documents/http';
import { otherMethods, respond } from '@/lib/http';

/** The kept revisions, newest first. */
export const GET = (_request: Request, { params }: RouteContext<'/api/documents/[slug]/revisions'>) =>
  respond(async () => NextResponse.json(await listRevisions(await getActor(), (await params).slug)));

/** A new revision (the same body forms as adding); `?dryRun=1` reports the re-anchoring without writing. */
export const POST = (request: Request, { params }: RouteContext<'/api/documents/[slug]/revisions'>) =>
  respond(async () => {
    const actor = requireDocumentWriter(await getActor());
    const dryRun = ['1', 'true'].includes(new URL(request.url).searchParams.get('dryRun') ?? '');
    return NextResponse.json(await reviseDocument(actor, (await params).slug, await readDocumentInput(request), { dryRun }));
  });

export const { PUT, PATCH, DELETE } = otherMethods('GET', 'POST');
