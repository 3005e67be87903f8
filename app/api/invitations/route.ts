import { NextResponse } from 'next/server';
import { requireAdmin } from '@/lib/actor';
import { getActor } from '@/lib/auth';
import { otherMethods, readJson, respond } from '@/lib/http';
import { createInvitation, listInvitations } from '@/lib/users/invitations';

export const GET = () => respond(async () => NextResponse.json(await listInvitations(await getActor())));

/** `{ role?, email?, days? }` → 201 `{ token, url, invitation }`: the link is shown this once. Admins only. */
export const POST = (request: Request) =>
  respond(async () => {
    const actor = requireAdmin(await getActor());
    const { token, path, invitation } = await createInvitation(actor, await readJson(request));
    return NextResponse.json({ token, url: new URL(path, process.env.NEXTAUTH_URL ?? request.url).toString(), invitation }, { status: 201 });
  });

export const { PUT, PATCH, DELETE } = otherMethods('GET', 'POST');
