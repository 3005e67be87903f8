import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { listAnnotations } from '@/lib/annotations/service';
import { otherMethods, respond } from '@/lib/http';

export const GET = (request: Request, { params }: RouteContext<'/api/documents/[slug]/annotations'>) =>
  respond(async () => {
    const query = new URL(request.url).searchParams;
    const filters = { kind: query.get('kind') || undefined, author: query.get('author') || undefined };
    return NextResponse.json(await listAnnotations(await getActor(), (await params).slug, filters));
  });

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
