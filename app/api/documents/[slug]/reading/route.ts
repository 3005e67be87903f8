import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { markReadingDone, readingState } from '@/lib/documents/blind';
import { otherMethods, respond } from '@/lib/http';

type Context = RouteContext<'/api/documents/[slug]/reading'>;

/** The acting analyst's reading of the document: `{ blind, done, revealed }`. */
export const GET = (_request: Request, { params }: Context) =>
  respond(async () => NextResponse.json(await readingState(await getActor(), (await params).slug)));

/** Marks the reading done: in blind mode, everyone's annotations appear from now on. */
export const POST = (_request: Request, { params }: Context) =>
  respond(async () => NextResponse.json(await markReadingDone(await getActor(), (await params).slug)));

export const { PUT, PATCH, DELETE } = otherMethods('GET', 'POST');
