import Link from 'next/link';
import { Pager } from '@/components/ui/Pager';
import { Fragment } from 'react';
import { pageActor } from '@/lib/auth';
import { isAppError } from '@/lib/errors';
import { search } from '@/lib/search/service';
import { SEARCH_PAGE_SIZE, type SearchAnswer, type SearchResult } from '@/lib/search/schemas';
import { listDocuments } from '@/lib/documents/service';
import { listAnnotators } from '@/lib/users/service';

export const dynamic = 'force-dynamic';

const PARAMS = ['q', 'kind', 'document', 'analyst', 'from', 'to', 'page'] as const;
const TYPE_LABELS: Record<SearchResult['type'], string> = { document: 'Document', annotation: 'Annotation', reply: 'Reply', source: 'Source' };

function Snippet({ result }: { result: SearchResult }) {
  const parts: React.ReactNode[] = [];
  let at = 0;
  result.highlights.forEach(([from, to], i) => {
    parts.push(<Fragment key={`t${i}`}>{result.snippet.slice(at, from)}</Fragment>);
    parts.push(<mark key={`m${i}`}>{result.snippet.slice(from, to)}</mark>);
    at = to;
  });
  parts.push(<Fragment key="end">{result.snippet.slice(at)}</Fragment>);
  return <p className="snippet">{parts}</p>;
}

export default async function SearchPage({ searchParams }: PageProps<'/search'>) {
  const actor = await pageActor();
  const raw = await searchParams;
  const query = Object.fromEntries(PARAMS.map((k) => [k, typeof raw[k] === 'string' ? (raw[k] as string) : ''])) as Record<(typeof PARAMS)[number], string>;
  let answer: SearchAnswer | null = null;
  let problem: string | null = null;
  if (query.q.trim()) {
    try {
      answer = await search(actor, query);
    } catch (error) {
      if (!isAppError(error)) throw error;
      problem = error.fields ? Object.entries(error.fields).map(([k, v]) => `${k}: ${v}`).join('; ') : error.message;
    }
  }
  const [documents, analysts] = await Promise.all([listDocuments(actor), listAnnotators(actor)]);
  const page = answer?.page ?? 1;
  const pages = answer ? Math.max(1, Math.ceil(answer.total / SEARCH_PAGE_SIZE)) : 1;
  const link = (p: number) => {
    const params = new URLSearchParams(Object.entries({ ...query, page: String(p) }).filter(([, v]) => v));
    return `/search?${params}`;
  };
  return (
    <main className="page">
      <h1>Search</h1>
      <form className="row" method="get" action="/search" role="search">
        <label>
          Words
          <input type="search" name="q" defaultValue={query.q} maxLength={1000} />
        </label>
        <label>
          Kind
          <select name="kind" defaultValue={query.kind}>
            <option value="">Everything</option>
            <option value="document">Document text</option>
            <option value="annotation">Annotations</option>
            <option value="reply">Replies</option>
            <option value="source">Sources</option>
            <option value="claim">Claims</option>
            <option value="forecast">Forecasts</option>
            <option value="fact">Facts</option>
          </select>
        </label>
        <label>
          Document
          <select name="document" defaultValue={query.document}>
            <option value="">Any</option>
            {documents.map((d) => (
              <option key={d.id} value={d.slug}>
                {d.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          Analyst
          <select name="analyst" defaultValue={query.analyst}>
            <option value="">Anyone</option>
            {analysts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="date" name="from" defaultValue={query.from} />
        </label>
        <label>
          To
          <input type="date" name="to" defaultValue={query.to} />
        </label>
        <button type="submit" className="primary">
          Search
        </button>
      </form>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      {answer && (
        <>
          <p className="hint" role="status">
            {answer.total === 0 ? 'Nothing found.' : `${answer.total} result${answer.total === 1 ? '' : 's'}`}
          </p>
          <ol className="search-results" data-testid="search-results">
            {answer.results.map((r, i) => (
              <li key={`${r.href}-${r.type}-${i}`}>
                <Link href={r.href}>
                  {TYPE_LABELS[r.type]}
                  {r.kind ? ` · ${r.kind.toLowerCase()}` : ''} in {r.document.title}
                </Link>
                <Snippet result={r} />
                <div className="meta">
                  {r.author ? `${r.author.name} · ` : ''}
                  {r.at.slice(0, 10)}
                  {r.probability !== undefined && r.probability !== null ? ` · ${Math.round(r.probability * 100)}%` : ''}
                </div>
              </li>
            ))}
          </ol>
          <Pager page={page} pages={pages} href={link} />
        </>
      )}
    </main>
  );
}
