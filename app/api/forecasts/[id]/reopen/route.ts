import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { requireAdmin } from '@/lib/actor';
import { reopenQuestion } from '@/lib/forecasts/resolution';
import { otherMethods, readJson, respond } from '@/lib/http';

/** `{ note }`, admins only (checked before the body is read): the question is unresolved again, its resolution kept. */
export const POST = (request: Request, { params }: { params: Promise<{ id: string }> }) =>
  respond(async () => {
    const actor = requireAdmin(await getActor());
    return NextResponse.json(await reopenQuestion(actor, (await params).id, await readJson(request)));
  });

export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');
