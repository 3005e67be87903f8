import { NextResponse } from 'next/server';
import { requireAdmin } from '@/lib/actor';
import { getActor } from '@/lib/auth';
import { otherMethods, readJson, respond } from '@/lib/http';
import { addSignupDomain, listSignupDomains } from '@/lib/users/invitations';

export const GET = () => respond(async () => NextResponse.json(await listSignupDomains(await getActor())));

/** `{ domain }`: people with an email there may sign up as analysts. Admins only. */
export const POST = (request: Request) =>
  respond(async () => {
    const actor = requireAdmin(await getActor());
    return NextResponse.json(await addSignupDomain(actor, await readJson(request)), { status: 201 });
  });

export const { PUT, PATCH, DELETE } = otherMethods('GET', 'POST');
