import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { listQuestions } from '@/lib/forecasts/board';
import { otherMethods, respond } from '@/lib/http';

/** `?method=median|mean|geo-mean-odds&sort=document|disagreement|resolveBy&document=<slug>&status=open|resolved` */
export const GET = (request: Request) =>
  respond(async () => {
    const query = Object.fromEntries(new URL(request.url).searchParams);
    return NextResponse.json(await listQuestions(await getActor(), query));
  });

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
