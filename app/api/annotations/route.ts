import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { createAnnotation } from '@/lib/annotations/service';
import { readJson, respond } from '@/lib/http';

export const POST = (request: Request) =>
  respond(async () => {
    const actor = await getActor();
    const annotation = await createAnnotation(actor, await readJson(request));
    return NextResponse.json(annotation, {
      status: 201,
      headers: { Location: `/api/annotations/${annotation.id}`, ETag: `"${annotation.version}"` },
    });
  });
