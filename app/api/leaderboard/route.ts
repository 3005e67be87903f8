import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { leaderboardPage } from '@/lib/forecasts/leaderboard';
import { otherMethods, respond } from '@/lib/http';

/**
 * `?score=peer|baseline|brier|relative|at-close&min=<resolved questions to be ranked, default 3>&page=<n>`: a page of
 * 50 forecasters, best first (the first page unless `page` says otherwise); `X-Total-Count` says how many in all.
 */
export const GET = (request: Request) =>
  respond(async () => {
    const query = Object.fromEntries(new URL(request.url).searchParams);
    const { rows, total } = await leaderboardPage(await getActor(), query);
    return NextResponse.json(rows, { headers: { 'X-Total-Count': String(total) } });
  });

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
