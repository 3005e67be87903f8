import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { resolveQuestion } from '@/lib/forecasts/resolution';
import { readJson, respond } from '@/lib/http';

export const POST = (request: Request, { params }: { params: Promise<{ id: string }> }) =>
  respond(async () => {
    const actor = await getActor();
    return NextResponse.json(await resolveQuestion(actor, (await params).id, await readJson(request)));
  });
