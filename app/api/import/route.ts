import { NextResponse } from 'next/server';
import { requireWriter } from '@/lib/actor';
import { getActor } from '@/lib/auth';
import { IMPORT_BODY, importAnnotations } from '@/lib/import/service';
import { otherMethods, readJson, respond } from '@/lib/http';

/** `POST /api/import[?dryRun=1]` with W3C Web Annotation JSON-LD: what was (or would be) created, matched, left unplaced. */
export const POST = (request: Request) =>
  respond(async () => {
    const dryRun = ['1', 'true'].includes(new URL(request.url).searchParams.get('dryRun') ?? '');
    // An anonymous or viewer's 20 MiB body is refused before a byte of it is read.
    const actor = requireWriter(await getActor());
    return NextResponse.json(await importAnnotations(actor, await readJson(request, IMPORT_BODY), { dryRun }));
  });

export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');
