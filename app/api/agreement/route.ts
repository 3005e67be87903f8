import { getActor } from '@/lib/auth';
import { agreementResponse } from '@/lib/compare/download';
import { respond } from '@/lib/http';

/** `GET /api/agreement?analysts=a,b,c` → corpus-wide statistics with counts; `&format=csv` → CSV. */
export const GET = (request: Request) => respond(async () => agreementResponse(await getActor(), null, new URL(request.url).searchParams));
