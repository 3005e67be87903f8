import { NextResponse } from 'next/server';
import { requireWriter } from '@/lib/actor';
import { getActor } from '@/lib/auth';
import { deleteAnnotation, getAnnotation, updateAnnotation } from '@/lib/annotations/service';
import { ifMatch, otherMethods, readJson, respond } from '@/lib/http';

type Context = RouteContext<'/api/annotations/[id]'>;


export const GET = (_request: Request, { params }: Context) =>
  respond(async () => {
    const annotation = await getAnnotation(await getActor(), (await params).id);
    return NextResponse.json(annotation, { headers: { ETag: `"${annotation.version}"` } });
  });

export const PATCH = (request: Request, { params }: Context) =>
  respond(async () => {
    const actor = requireWriter(await getActor());
    const annotation = await updateAnnotation(actor, (await params).id, ifMatch(request), await readJson(request));
    return NextResponse.json(annotation, { headers: { ETag: `"${annotation.version}"` } });
  });

export const DELETE = (request: Request, { params }: Context) =>
  respond(async () => {
    await deleteAnnotation(await getActor(), (await params).id, ifMatch(request));
    return new Response(null, { status: 204 });
  });

export const { POST, PUT } = otherMethods('GET', 'PATCH', 'DELETE');
