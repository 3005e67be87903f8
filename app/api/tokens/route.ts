import { NextResponse } from 'next/server';
import { requireActor } from '@/lib/actor';
import { getActor } from '@/lib/auth';
import { createToken, listTokens } from '@/lib/tokens/service';
import { otherMethods, readJson, respond } from '@/lib/http';

export const GET = () => respond(async () => NextResponse.json(await listTokens(await getActor())));

/** `{ name }` → 201 `{ token, ...view }`: the token is shown this once. */
export const POST = (request: Request) =>
  respond(async () => {
    const actor = requireActor(await getActor());
    const { token, view } = await createToken(actor, await readJson(request));
    return NextResponse.json({ token, ...view }, { status: 201 });
  });

export const { PUT, PATCH, DELETE } = otherMethods('GET', 'POST');
