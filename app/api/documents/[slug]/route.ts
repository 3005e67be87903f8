import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { getDocument } from '@/lib/documents/service';
import { otherMethods, respond } from '@/lib/http';

export const GET = (_request: Request, { params }: RouteContext<'/api/documents/[slug]'>) =>
  respond(async () => NextResponse.json(await getDocument(await getActor(), (await params).slug)));

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
