import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { annotationHistory } from '@/lib/annotations/service';
import { otherMethods, respond } from '@/lib/http';

export const GET = (_request: Request, { params }: RouteContext<'/api/annotations/[id]/history'>) =>
  respond(async () => NextResponse.json(await annotationHistory(await getActor(), (await params).id)));

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
