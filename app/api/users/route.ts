import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { signUp } from '@/lib/users/invitations';
import { listUsers } from '@/lib/users/service';
import { otherMethods, readJson, respond } from '@/lib/http';

/** Sign-up over HTTP (the same service as the sign-up page): `{ email, name, password, invitation? }`. */
export const POST = (request: Request) =>
  respond(async () => {
    // The service validates whatever came (null, an array, a number: 400 naming the fields), and
    // decides whether sign-up is open, by invitation or by email domain (lib/users/invitations.ts).
    const user = await signUp(await readJson(request));
    return NextResponse.json(user, { status: 201 });
  });

export const GET = () => respond(async () => NextResponse.json(await listUsers(await getActor())));

export const { PUT, PATCH, DELETE } = otherMethods('GET', 'POST');
