// The agreement endpoints' one door for both formats: JSON statistics, or a CSV download.
import { NextResponse } from 'next/server';
import type { Actor } from '@/lib/actor';
import { AppError } from '@/lib/errors';
import { agreementCsv, corpusAgreement, documentAgreement } from './service';

/** `slug` null is the whole corpus. Query: `analysts=a,b,c`, `format=json|csv`, `table=statistics|rows` (CSV). */
export async function agreementResponse(actor: Actor | null, slug: string | null, query: URLSearchParams): Promise<Response> {
  const analysts = query.getAll('analysts');
  const format = query.get('format') ?? 'json';
  if (format === 'csv') {
    const file = await agreementCsv(actor, slug, analysts, query.get('table'));
    return new Response(file.body, {
      headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${file.fileName}"` },
    });
  }
  if (format !== 'json') throw new AppError('INVALID', 'format is json or csv', { fields: { format: 'Use json or csv' } });
  return NextResponse.json(slug === null ? await corpusAgreement(actor, analysts) : await documentAgreement(actor, slug, analysts));
}
