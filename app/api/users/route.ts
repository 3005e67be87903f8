import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { createUser, listUsers } from '@/lib/users/service';
import { readJson, respond } from '@/lib/http';

/** Sign-up over HTTP (the same service as the sign-up page): `{ email, name, password }`. */
export const POST = (request: Request) =>
  respond(async () => {
    const body = (await readJson(request)) as { email?: string; name?: string; password?: string };
    const user = await createUser({ email: body.email ?? '', name: body.name ?? '', password: body.password ?? '' });
    return NextResponse.json(user, { status: 201 });
  });

export const GET = () => respond(async () => NextResponse.json(await listUsers(await getActor())));
