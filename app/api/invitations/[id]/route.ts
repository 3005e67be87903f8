import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { otherMethods, respond } from '@/lib/http';
import { revokeInvitation } from '@/lib/users/invitations';

export const DELETE = (_request: Request, { params }: { params: Promise<{ id: string }> }) =>
  respond(async () => NextResponse.json(await revokeInvitation(await getActor(), (await params).id)));

export const { GET, POST, PUT, PATCH } = otherMethods('DELETE');
