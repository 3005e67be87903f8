import { NextResponse } from 'next/server';
import { requireWriter } from '@/lib/actor';
import { getActor } from '@/lib/auth';
import { ifMatch, otherMethods, readJson, respond } from '@/lib/http';
import { deleteReply, updateReply } from '@/lib/threads/service';

type Context = RouteContext<'/api/replies/[id]'>;


export const PATCH = (request: Request, { params }: Context) =>
  respond(async () => {
    const actor = requireWriter(await getActor());
    const reply = await updateReply(actor, (await params).id, ifMatch(request), await readJson(request));
    return NextResponse.json(reply, { headers: { ETag: `"${reply.version}"` } });
  });

export const DELETE = (request: Request, { params }: Context) =>
  respond(async () => {
    await deleteReply(await getActor(), (await params).id, ifMatch(request));
    return new Response(null, { status: 204 });
  });

export const { GET, POST, PUT } = otherMethods('PATCH', 'DELETE');
