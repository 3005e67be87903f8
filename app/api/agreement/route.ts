import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { agreementCsv, corpusAgreement } from '@/lib/compare/service';
import { csvAttachment, formatParam, otherMethods, respond } from '@/lib/http';

/** `GET /api/agreement?analysts=a,b,c` → corpus-wide statistics with counts; `&format=csv[&table=rows]` → CSV. */
export const GET = (request: Request) =>
  respond(async () => {
    const actor = await getActor();
    const query = new URL(request.url).searchParams;
    const analysts = query.getAll('analysts');
    if (formatParam(query, ['json', 'csv']) === 'csv') return csvAttachment(await agreementCsv(actor, null, analysts, query.get('table')));
    return NextResponse.json(await corpusAgreement(actor, analysts));
  });

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
