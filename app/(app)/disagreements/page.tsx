import Link from 'next/link';
import { pageActor } from '@/lib/auth';
import { disagreementQueue } from '@/lib/compare/queue';
import { fieldSummary } from '@/lib/compare/format';
import { isAppError } from '@/lib/errors';
import { KINDS } from '@/lib/annotations/schemas';
import { KIND_LABEL } from '@/components/annotations/labels';
import { markRowAction } from './actions';

export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? null;

export default async function DisagreementsPage({ searchParams }: Props) {
  const query = await searchParams;
  const filters = { document: one(query.document), kind: one(query.kind), analyst: one(query.analyst), state: one(query.state), page: one(query.page) };
  const actor = await pageActor();
  const queue = await disagreementQueue(actor, filters).catch((error: unknown) => {
    if (isAppError(error) && (error.code === 'INVALID' || error.code === 'FORBIDDEN' || error.code === 'NOT_FOUND')) return error;
    throw error;
  });
  const link = (page: number) => `/disagreements?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v) as [string, string][]), page: String(page) })}`;
  return (
    <main className="page cmp-page">
      <h1>Disagreement queue</h1>
      <form className="cmp-chooser" method="get">
        <label>
          Document <input name="document" defaultValue={filters.document ?? ''} placeholder="slug" />
        </label>
        <label>
          Kind{' '}
          <select name="kind" defaultValue={filters.kind ?? ''}>
            <option value="">any</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Analyst id <input name="analyst" defaultValue={filters.analyst ?? ''} />
        </label>
        <label>
          State{' '}
          <select name="state" defaultValue={filters.state ?? ''}>
            <option value="">any</option>
            <option value="open">open</option>
            <option value="discussed">discussed</option>
            <option value="settled">settled</option>
          </select>
        </label>
        <button type="submit">Filter</button>
      </form>
      {isAppError(queue) ? (
        <p className="error" role="alert">
          {queue.message}
        </p>
      ) : (
        <>
          <p className="hint">
            {queue.total} rows. {queue.rule} {queue.tolerance}
          </p>
          <div className="cmp-scroll">
            <table className="cmp-table" data-testid="disagreements">
              <thead>
                <tr>
                  <th scope="col">Passage</th>
                  <th scope="col">Status and gaps</th>
                  <th scope="col">Analysts</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {queue.rows.map((row) => (
                  <tr key={`${row.document.slug}/${row.key}`} className={`cmp-row ${row.status === 'partial' ? 'cmp-partial' : 'cmp-differ'}`} data-status={row.status} data-key={row.key}>
                    <td className="cmp-passage">
                      <span className="doc-meta">{row.document.title}</span>
                      <br />
                      <q>{row.text}</q> <Link href={row.href}>open passage and thread</Link>
                    </td>
                    <td className="cmp-status">
                      {row.status}
                      <ul className="cmp-gaps">
                        {row.gapText.map((g) => (
                          <li key={g}>{g}</li>
                        ))}
                      </ul>
                    </td>
                    <td>
                      <ul className="cmp-gaps">
                        {row.cells.map((c) => (
                          <li key={c.id}>
                            {c.analyst.name}: {KIND_LABEL[c.kind]} {fieldSummary(c.kind, c.fields)}
                          </li>
                        ))}
                        {row.missing.length > 0 && <li className="cmp-empty">no highlight: {row.missing.map((m) => m.name).join(', ')}</li>}
                      </ul>
                    </td>
                    <td>
                      <form action={markRowAction}>
                        <input type="hidden" name="document" value={row.document.slug} />
                        <input type="hidden" name="key" value={row.key} />
                        <select name="state" defaultValue={row.state} aria-label="Review state">
                          <option value="open">open</option>
                          <option value="discussed">discussed</option>
                          <option value="settled">settled</option>
                        </select>{' '}
                        {actor?.role !== 'VIEWER' && <button type="submit">Mark</button>}
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {queue.pages > 1 && (
            <p>
              Page {queue.page} of {queue.pages}. {queue.page > 1 && <Link href={link(queue.page - 1)}>Previous</Link>}{' '}
              {queue.page < queue.pages && <Link href={link(queue.page + 1)}>Next</Link>}
            </p>
          )}
        </>
      )}
    </main>
  );
}
