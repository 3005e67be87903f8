import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { revokeToken } from '@/lib/tokens/service';
import { otherMethods, respond } from '@/lib/http';

export const DELETE = (_request: Request, { params }: RouteContext<'/api/tokens/[id]'>) =>
  respond(async () => NextResponse.json(await revokeToken(await getActor(), (await params).id)));

export const { GET, POST, PUT, PATCH } = otherMethods('DELETE');
