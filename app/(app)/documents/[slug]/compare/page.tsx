import Link from 'next/link';
import { notFound } from 'next/navigation';
import { pageActor } from '@/lib/auth';
import { compareDocument } from '@/lib/compare/service';
import { isAppError } from '@/lib/errors';
import { AnalystChooser } from '@/components/compare/AnalystChooser';
import { CompareTable } from '@/components/compare/CompareTable';
import { KIND_LABEL } from '@/components/annotations/labels';
import { StatsPanel } from '@/components/compare/StatsPanel';
import { ConsensusForm, ConsensusPanel, consensusFields } from '@/components/compare/ConsensusPanel';
import { listConsensus } from '@/lib/consensus/service';
import { recordConsensusAction } from './actions';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ComparePage({ params, searchParams }: Props) {
  const { slug } = await params;
  const query = await searchParams;
  const show = query.show === 'disagreements' ? 'disagreements' : 'all';
  const actor = await pageActor();
  const view = await compareDocument(actor, slug, query.analysts).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    if (isAppError(error) && (error.code === 'FORBIDDEN' || error.code === 'INVALID')) return error;
    throw error;
  });
  if (isAppError(view)) {
    return (
      <main className="page">
        <h1>Compare</h1>
        <p className="error" role="alert">
          {view.message}
        </p>
        <p>
          <Link href={`/documents/${slug}`}>Back to the document</Link>
        </p>
      </main>
    );
  }

  const { consensus, agreement } = await listConsensus(actor, slug);
  const settledBy = (row: (typeof view.rows)[number]) => consensus.find((c) => row.cells.some((cell) => cell && c.consensus?.settles.includes(cell.id)));
  const ids = view.analysts.map((a) => a.id).join(',');
  const csv = (table: string) => `/api/documents/${encodeURIComponent(slug)}/agreement?format=csv&table=${table}${ids ? `&analysts=${ids}` : ''}`;
  const rows = show === 'disagreements' ? view.rows.filter((r) => r.status !== 'agree') : view.rows;
  return (
    <main className="page cmp-page">
      <p className="doc-meta">
        <Link href={`/documents/${slug}`}>← {view.document.title}</Link>
      </p>
      <h1>Compare analysts</h1>
      <AnalystChooser available={view.available} chosen={view.analysts.map((a) => a.id)} show={show} />
      <StatsPanel report={view.agreement} csvHref={csv('statistics')} />
      <ConsensusPanel consensus={consensus} agreement={agreement} />
      <section aria-label="Passages side by side">
        <h2>
          Passages{' '}
          <span className="count">
            ({view.counts.agree} agree, {view.counts.judgmentsDiffer} judgments differ, {view.counts.kindsDiffer} kinds differ, {view.counts.partial} partial)
          </span>
        </h2>
        <p className="hint">
          {view.rule} <a href={csv('rows')} download>Download rows as CSV</a>
        </p>
        <p className="hint" data-tolerance>
          {view.tolerance} <Link href={`/disagreements?document=${encodeURIComponent(slug)}`}>Disagreement queue</Link>
        </p>
        <CompareTable
          analysts={view.analysts}
          rows={rows}
          slug={slug}
          extra={(row) => {
            const settled = settledBy(row);
            if (settled) {
              return (
                <span className="cmp-consensus-cell" data-consensus={settled.id}>
                  <span className="badge">Consensus</span> {KIND_LABEL[settled.kind]} {consensusFields(settled)}
                </span>
              );
            }
            return actor?.role === 'ADMIN' && row.status !== 'agree' ? <ConsensusForm slug={slug} row={row} action={recordConsensusAction} /> : null;
          }}
        />
      </section>
    </main>
  );
}
