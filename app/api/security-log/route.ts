import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { otherMethods, respond } from '@/lib/http';
import { listSecurityEvents } from '@/lib/security/log';

/** `?type=&limit=`: the security log, newest first. Admins only. */
export const GET = (request: Request) =>
  respond(async () => {
    const query = new URL(request.url).searchParams;
    const events = await listSecurityEvents(await getActor(), { type: query.get('type') ?? undefined, limit: query.get('limit') ?? undefined });
    return NextResponse.json(events);
  });

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
