import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { leaderboard } from '@/lib/forecasts/leaderboard';
import { otherMethods, respond } from '@/lib/http';

/** `?score=peer|baseline|brier|relative|at-close&min=<resolved questions to be ranked, default 3>` */
export const GET = (request: Request) =>
  respond(async () => {
    const query = Object.fromEntries(new URL(request.url).searchParams);
    return NextResponse.json(await leaderboard(await getActor(), query));
  });

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
