import { NextResponse } from 'next/server';
import { getActor } from '@/lib/auth';
import { agreementCsv, documentAgreement } from '@/lib/compare/service';
import { csvAttachment, formatParam, otherMethods, respond } from '@/lib/http';

/** `GET /api/documents/:slug/agreement?analysts=a,b,c` → statistics with counts; `&format=csv[&table=rows]` → CSV. */
export const GET = (request: Request, { params }: { params: Promise<{ slug: string }> }) =>
  respond(async () => {
    const actor = await getActor();
    const { slug } = await params;
    const query = new URL(request.url).searchParams;
    const analysts = query.getAll('analysts');
    if (formatParam(query, ['json', 'csv']) === 'csv') return csvAttachment(await agreementCsv(actor, slug, analysts, query.get('table')));
    return NextResponse.json(await documentAgreement(actor, slug, analysts));
  });

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
