import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { createToken, listTokens } from '@/lib/tokens/service';
import { readJson, respond } from '@/lib/http';

export const GET = () => respond(async () => NextResponse.json(await listTokens(await getActor())));

/** `{ name }` → 201 `{ token, ...view }`: the token is shown this once. */
export const POST = (request: Request) =>
  respond(async () => {
    const actor = await getActor();
    const { token, view } = await createToken(actor, await readJson(request));
    return NextResponse.json({ token, ...view }, { status: 201 });
  });
