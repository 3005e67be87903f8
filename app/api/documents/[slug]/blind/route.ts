import { NextResponse } from 'next/server';
import { requireAdmin } from '@/lib/actor';
import { getActor } from '@/lib/auth';
import { setBlind } from '@/lib/documents/blind';
import { otherMethods, readJson, respond } from '@/lib/http';

/** `PUT { "blind": true | false }`, admins only. */
export const PUT = (request: Request, { params }: RouteContext<'/api/documents/[slug]/blind'>) =>
  respond(async () => {
    const actor = requireAdmin(await getActor());
    return NextResponse.json(await setBlind(actor, (await params).slug, await readJson(request)));
  });

export const { GET, POST, PATCH, DELETE } = otherMethods('PUT');
