import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { otherMethods, respond } from '@/lib/http';
import { removeSignupDomain } from '@/lib/users/invitations';

export const DELETE = (_request: Request, { params }: { params: Promise<{ domain: string }> }) =>
  respond(async () => NextResponse.json(await removeSignupDomain(await getActor(), (await params).domain)));

export const { GET, POST, PUT, PATCH } = otherMethods('DELETE');
