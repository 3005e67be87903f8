import { NextResponse } from 'next/server';
import { health } from '@/lib/health';
import { otherMethods } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** For load balancers: 200 when the database answers, 503 when it does not or the instance is shutting down. */
export async function GET() {
  const result = await health();
  return NextResponse.json(
    { status: result.ok ? 'ok' : 'unavailable', database: result.database, live: result.live, draining: result.draining },
    { status: result.ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
}

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
