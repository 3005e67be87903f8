import { NextResponse } from 'next/server';
import { requireWriter } from '@/lib/actor';
import { getActor } from '@/lib/auth';
import { getQuestion } from '@/lib/forecasts/board';
import { updateQuestion } from '@/lib/forecasts/resolution';
import { otherMethods, readJson, respond } from '@/lib/http';

type Context = { params: Promise<{ id: string }> };

/** `?method=&a=&score=` as on the list. */
export const GET = (request: Request, { params }: Context) =>
  respond(async () => {
    const query = Object.fromEntries(new URL(request.url).searchParams);
    return NextResponse.json(await getQuestion(await getActor(), (await params).id, query));
  });

/** The statement, criteria, the author's wording/probability (creator or admin) and `closeAt` (admin). */
export const PATCH = (request: Request, { params }: Context) =>
  respond(async () => {
    const actor = requireWriter(await getActor());
    return NextResponse.json(await updateQuestion(actor, (await params).id, await readJson(request)));
  });

export const { POST, PUT, DELETE } = otherMethods('GET', 'PATCH');
