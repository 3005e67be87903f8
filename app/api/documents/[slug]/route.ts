import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { getDocument } from '@/lib/documents/service';
import { archiveDocument, getRevision } from '@/lib/documents/manage';
import { requireAdmin } from '@/lib/actor';
import { otherMethods, respond } from '@/lib/http';

/** One document: canonical `text` and TipTap `content`; `?revision=N` gives that kept revision's. */
export const GET = (request: Request, { params }: RouteContext<'/api/documents/[slug]'>) =>
  respond(async () => {
    const revision = new URL(request.url).searchParams.get('revision');
    const { slug } = await params;
    const actor = await getActor();
    return NextResponse.json(revision === null ? await getDocument(actor, slug) : await getRevision(actor, slug, revision));
  });

/** Archives the document (admins): out of the library and search, annotations kept. */
export const DELETE = (_request: Request, { params }: RouteContext<'/api/documents/[slug]'>) =>
  respond(async () => {
    const actor = requireAdmin(await getActor());
    return NextResponse.json(await archiveDocument(actor, (await params).slug));
  });

export const { POST, PUT, PATCH } = otherMethods('GET', 'DELETE');
