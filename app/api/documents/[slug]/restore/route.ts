import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { restoreDocument } from '@/lib/documents/manage';
import { otherMethods, respond } from '@/lib/http';

/** Restores an archived document to the library (admins). */
export const POST = (_request: Request, { params }: RouteContext<'/api/documents/[slug]/restore'>) =>
  respond(async () => NextResponse.json(await restoreDocument(await getActor(), (await params).slug)));

export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');
