import { pageActor } from '@/lib/auth';
import { corpusAgreement } from '@/lib/compare/service';
import { isAppError } from '@/lib/errors';
import { AnalystChooser } from '@/components/compare/AnalystChooser';
import { StatsPanel } from '@/components/compare/StatsPanel';

export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function CorpusComparePage({ searchParams }: Props) {
  const actor = await pageActor();
  const query = await searchParams;
  const everyone = await corpusAgreement(actor);
  const report = query.analysts
    ? await corpusAgreement(actor, query.analysts).catch((error: unknown) => {
        if (isAppError(error) && error.code === 'INVALID') return error;
        throw error;
      })
    : everyone;
  const ids = isAppError(report) ? '' : report.analysts.map((a) => a.id).join(',');
  return (
    <main className="page cmp-page">
      <h1>Agreement over the corpus</h1>
      <AnalystChooser available={everyone.analysts} chosen={isAppError(report) ? [] : report.analysts.map((a) => a.id)} />
      {isAppError(report) ? (
        <p className="error" role="alert">
          {report.message}
        </p>
      ) : (
        <>
          {report.excluded.length > 0 && (
            <p className="hint">
              Left out (blind, your reading not marked done): {report.excluded.map((d) => d.title).join('; ')}.
            </p>
          )}
          <StatsPanel report={report} csvHref={`/api/agreement?format=csv${ids ? `&analysts=${ids}` : ''}`} />
        </>
      )}
    </main>
  );
}
