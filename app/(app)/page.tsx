import Link from 'next/link';
import { getActor } from '@/lib/auth';
import { listDocuments } from '@/lib/documents/service';
import { FirstRunGuide } from '@/components/ui/FirstRunGuide';

export const dynamic = 'force-dynamic';

export default async function LibraryPage() {
  const actor = await getActor();
  const documents = await listDocuments(actor);
  return (
    <main className="page">
      <h1 tabIndex={-1}>Library</h1>
      {actor && <FirstRunGuide userId={actor.id} canWrite={actor.role !== 'VIEWER'} />}
      {documents.length > 0 && (
      <table className="library">
        <caption className="sr-only">Documents, with how many claims, forecasts and facts each carries</caption>
        <thead>
          <tr>
            <th>Document</th>
            <th>Date</th>
            <th className="num">Claims</th>
            <th className="num">Forecasts</th>
            <th className="num">Facts</th>
          </tr>
        </thead>
        <tbody>
          {documents.map((d) => (
            <tr key={d.id}>
              <td>
                <Link href={`/documents/${d.slug}`}>{d.title}</Link>
                {d.byline && <div className="byline">{d.byline}</div>}
              </td>
              <td>{d.publishedAt ?? '—'}</td>
              <td className="num kind-claim">{d.counts.CLAIM}</td>
              <td className="num kind-forecast">{d.counts.FORECAST}</td>
              <td className="num kind-fact">{d.counts.FACT}</td>
            </tr>
          ))}
        </tbody>
      </table>
      )}
      {documents.length === 0 && (
        <p className="empty-state">
          No documents loaded yet. Documents come from the corpus folder (<code>prisma/corpus/</code>): run <code>npm run db:seed</code>,
          then reload this page.
        </p>
      )}
    </main>
  );
}
