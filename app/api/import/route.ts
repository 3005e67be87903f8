import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { IMPORT_BODY, importAnnotations } from '@/lib/import/service';
import { readJson, respond } from '@/lib/http';

/** `POST /api/import[?dryRun=1]` with W3C Web Annotation JSON-LD: what was (or would be) created, matched, left unplaced. */
export const POST = (request: Request) =>
  respond(async () => {
    const dryRun = ['1', 'true'].includes(new URL(request.url).searchParams.get('dryRun') ?? '');
    const actor = await getActor();
    return NextResponse.json(await importAnnotations(actor, await readJson(request, IMPORT_BODY), { dryRun }));
  });
