import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import type { SignUpInput } from '@/lib/users/schemas';
import { createUser, listUsers } from '@/lib/users/service';
import { otherMethods, readJson, respond } from '@/lib/http';

/** Sign-up over HTTP (the same service as the sign-up page): `{ email, name, password }`. */
export const POST = (request: Request) =>
  respond(async () => {
    // The service validates whatever came (null, an array, a number: 400 naming the fields).
    const user = await createUser((await readJson(request)) as SignUpInput);
    return NextResponse.json(user, { status: 201 });
  });

export const GET = () => respond(async () => NextResponse.json(await listUsers(await getActor())));

export const { PUT, PATCH, DELETE } = otherMethods('GET', 'POST');
