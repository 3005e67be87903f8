import { getActor } from '@/lib/auth';
import { agreementResponse } from '@/lib/compare/download';
import { respond } from '@/lib/http';

/** `GET /api/documents/:slug/agreement?analysts=a,b,c` → statistics with counts; `&format=csv[&table=rows]` → CSV. */
export const GET = (request: Request, { params }: { params: Promise<{ slug: string }> }) =>
  respond(async () => agreementResponse(await getActor(), (await params).slug, new URL(request.url).searchParams));
