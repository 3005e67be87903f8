import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { requireAdmin } from '@/lib/actor';
import { addClarification } from '@/lib/forecasts/resolution';
import { otherMethods, readJson, respond } from '@/lib/http';

/** `{ text }` → 201, admins only (checked before the body is read). */
export const POST = (request: Request, { params }: { params: Promise<{ id: string }> }) =>
  respond(async () => {
    const actor = requireAdmin(await getActor());
    return NextResponse.json(await addClarification(actor, (await params).id, await readJson(request)), { status: 201 });
  });

export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');
