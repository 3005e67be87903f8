import Link from 'next/link';
import { Pager } from '@/components/ui/Pager';
import { pageActor } from '@/lib/auth';
import { libraryPage } from '@/lib/documents/service';
import { isAppError } from '@/lib/errors';
import { LIBRARY_PAGE_SIZE } from '@/lib/documents/schemas';
import { canAddDocument } from '@/lib/visibility/rules';
import { DocumentSourceForm } from '@/components/documents/DocumentSourceForm';
import { LibraryLive } from '@/components/documents/LibraryLive';
import { FirstRunGuide } from '@/components/ui/FirstRunGuide';

export const dynamic = 'force-dynamic';

const PARAMS = ['q', 'sort', 'order', 'addedBy', 'page', 'archived'] as const;

export default async function LibraryPage({ searchParams }: PageProps<'/'>) {
  const actor = await pageActor();
  const raw = await searchParams;
  const query = Object.fromEntries(PARAMS.map((k) => [k, typeof raw[k] === 'string' ? (raw[k] as string) : undefined]));
  const page = Number(query.page ?? 1) || 1;
  let library;
  let problem: string | null = null;
  try {
    library = await libraryPage(actor, { ...query, page: String(page) });
  } catch (error) {
    if (!isAppError(error)) throw error;
    problem = error.message;
    library = await libraryPage(actor, { page: '1' });
  }
  const { documents, total } = library;
  const pages = Math.max(1, Math.ceil(total / LIBRARY_PAGE_SIZE));
  const link = (changes: Record<string, string | undefined>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...query, ...changes })) if (v) params.set(k, v);
    return `/?${params}`;
  };
  const archived = query.archived === '1';
  return (
    <main className="page">
      <LibraryLive />
      <h1 tabIndex={-1}>{archived ? 'Archived documents' : 'Library'}</h1>
      {!archived && <FirstRunGuide userId={actor.id} canWrite={actor.role !== 'VIEWER'} />}
      {canAddDocument(actor) && !archived && (
        <details className="add-document">
          <summary>Add document</summary>
          <DocumentSourceForm mode={{ kind: 'add' }} />
        </details>
      )}
      <form className="row library-filters" method="get" action="/">
        <label>
          Title or byline
          <input type="search" name="q" defaultValue={query.q ?? ''} />
        </label>
        <label>
          Sort by
          <select name="sort" defaultValue={query.sort ?? 'published'}>
            <option value="published">Date published</option>
            <option value="added">Date added</option>
            <option value="title">Title</option>
            <option value="annotations">Annotations</option>
          </select>
        </label>
        <label>
          Order
          <select name="order" defaultValue={query.order ?? ''}>
            <option value="">Default</option>
            <option value="asc">Ascending</option>
            <option value="desc">Descending</option>
          </select>
        </label>
        <label>
          Added by
          <select name="addedBy" defaultValue={query.addedBy ?? ''}>
            <option value="">Anyone</option>
            <option value="me">Me</option>
            <option value="corpus">The corpus</option>
          </select>
        </label>
        {archived && <input type="hidden" name="archived" value="1" />}
        <button type="submit">Apply</button>
        {actor.role === 'ADMIN' && <Link href={archived ? '/' : '/?archived=1'}>{archived ? 'Back to the library' : 'Archived documents'}</Link>}
      </form>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      <table className="library">
        <caption className="sr-only">Documents, with how many claims, forecasts and facts each carries</caption>
        <thead>
          <tr>
            <th>Document</th>
            <th>Date</th>
            <th>Added</th>
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
              <td className="added">
                {d.addedBy ? d.addedBy.name : 'Corpus'}
                <div className="byline">
                  {d.createdAt.slice(0, 10)}
                  {d.revision > 1 && ` · revision ${d.revision}`}
                </div>
              </td>
              <td className="num kind-claim">{d.counts.CLAIM}</td>
              <td className="num kind-forecast">{d.counts.FORECAST}</td>
              <td className="num kind-fact">{d.counts.FACT}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {documents.length === 0 && <p className="empty-state">{query.q || query.addedBy || archived ? 'No documents match.' : 'No documents yet: add one, or run npm run db:seed.'}</p>}
      <Pager page={page} pages={pages} href={(n) => link({ page: String(n) })} total={`${total} documents`} />
    </main>
  );
}
