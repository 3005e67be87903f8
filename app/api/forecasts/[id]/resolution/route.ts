import { NextResponse } from 'next/server';
import { requireAdmin } from '@/lib/actor';
import { getActor } from '@/lib/auth';
import { resolveQuestion } from '@/lib/forecasts/resolution';
import { otherMethods, readJson, respond } from '@/lib/http';

export const POST = (request: Request, { params }: { params: Promise<{ id: string }> }) =>
  respond(async () => {
    const actor = requireAdmin(await getActor());
    return NextResponse.json(await resolveQuestion(actor, (await params).id, await readJson(request)));
  });

export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');
