import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { setBlind } from '@/lib/documents/blind';
import { readJson, respond } from '@/lib/http';

/** `PUT { "blind": true | false }`, admins only. */
export const PUT = (request: Request, { params }: RouteContext<'/api/documents/[slug]/blind'>) =>
  respond(async () => NextResponse.json(await setBlind(await getActor(), (await params).slug, await readJson(request))));
