import Link from 'next/link';
import { getActor } from '@/lib/auth';
import { listDocuments } from '@/lib/documents/service';

export const dynamic = 'force-dynamic';

export default async function LibraryPage() {
  const documents = await listDocuments(await getActor());
  return (
    <main className="page">
      <h1>Library</h1>
      <table className="library">
        <thead>
          <tr>
            <th>Document</th>
            <th>Date</th>
            <th title="Claims">Claims</th>
            <th title="Forecasts">Forecasts</th>
            <th title="Facts">Facts</th>
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
      {documents.length === 0 && <p>No documents loaded yet: run <code>npm run db:seed</code>.</p>}
    </main>
  );
}
