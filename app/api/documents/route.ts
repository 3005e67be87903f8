import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { libraryPage } from '@/lib/documents/service';
import { addDocument, requireDocumentWriter } from '@/lib/documents/manage';
import { readDocumentInput } from '@/lib/documents/http';
import { otherMethods, respond } from '@/lib/http';
import { cachedJson } from '@/lib/realtime/reads';

const flag = (request: Request, name: string) => ['1', 'true'].includes(new URL(request.url).searchParams.get(name) ?? '');

/** `GET /api/documents?q=&sort=&order=&addedBy=&page=&archived=1`: the library (an array; `X-Total-Count` the total), repeated reads from memory (lib/realtime/reads.ts). */
export const GET = (request: Request) =>
  respond(async () => {
    const actor = await getActor();
    return cachedJson(actor, request, async () => {
      const { total, documents } = await libraryPage(actor, Object.fromEntries(new URL(request.url).searchParams));
      return { body: documents, headers: { 'X-Total-Count': String(total) } };
    });
  });

/** `POST /api/documents[?dryRun=1]`: JSON `{ format, content }` or `{ url }`, or multipart with `file` → 201 (or the preview). */
export const POST = (request: Request) =>
  respond(async () => {
    // Who, then whether, then the body: a viewer's 20 MiB upload is refused before it is read.
    const actor = requireDocumentWriter(await getActor());
    const dryRun = flag(request, 'dryRun');
    const result = await addDocument(actor, await readDocumentInput(request), { dryRun });
    return NextResponse.json(result, { status: dryRun ? 200 : 201 });
  });

export const { PUT, PATCH, DELETE } = otherMethods('GET', 'POST');
