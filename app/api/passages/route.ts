import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { requireActor } from '@/lib/actor';
import { searchPassages } from '@/lib/annotations/links';
import { otherMethods, respond } from '@/lib/http';

/** `GET /api/passages?q=` → up to 20 passages you may see whose quote contains q: what an evidence link can cite. */
export const GET = (request: Request) =>
  respond(async () => NextResponse.json(await searchPassages(requireActor(await getActor()), new URL(request.url).searchParams.get('q'))));

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
