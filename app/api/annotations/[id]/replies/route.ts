import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { readJson, respond } from '@/lib/http';
import { createReply, listReplies } from '@/lib/threads/service';

type Context = RouteContext<'/api/annotations/[id]/replies'>;

export const GET = (_request: Request, { params }: Context) =>
  respond(async () => NextResponse.json(await listReplies(await getActor(), (await params).id)));

export const POST = (request: Request, { params }: Context) =>
  respond(async () => {
    const actor = await getActor();
    const reply = await createReply(actor, (await params).id, await readJson(request));
    return NextResponse.json(reply, { status: 201, headers: { ETag: `"${reply.version}"` } });
  });
