import { NextResponse } from 'next/server';
import { requireWriter } from '@/lib/actor';
import { getActor } from '@/lib/auth';
import { addEntry } from '@/lib/forecasts/entries';
import { otherMethods, readJson, respond } from '@/lib/http';

export const POST = (request: Request, { params }: { params: Promise<{ id: string }> }) =>
  respond(async () => {
    const actor = requireWriter(await getActor());
    return NextResponse.json(await addEntry(actor, (await params).id, await readJson(request)), { status: 201 });
  });

export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');
