import { NextResponse } from 'next/server';
import { requireWriter } from '@/lib/actor';
import { getActor } from '@/lib/auth';
import { otherMethods, readJson, respond } from '@/lib/http';
import { createReply, listReplies } from '@/lib/threads/service';

type Context = RouteContext<'/api/annotations/[id]/replies'>;

export const GET = (_request: Request, { params }: Context) =>
  respond(async () => NextResponse.json(await listReplies(await getActor(), (await params).id)));

export const POST = (request: Request, { params }: Context) =>
  respond(async () => {
    // Who and whether before the body is read (ARCHITECTURE.md, the doors).
    const actor = requireWriter(await getActor());
    const reply = await createReply(actor, (await params).id, await readJson(request));
    return NextResponse.json(reply, { status: 201, headers: { ETag: `"${reply.version}"` } });
  });

export const { PUT, PATCH, DELETE } = otherMethods('GET', 'POST');
