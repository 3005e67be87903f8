// One row per matched passage: its text once, then each analyst's kind and key fields in their column.
import type { AnalystRef, CompareView } from '@/lib/compare/types';
import { fieldSummary } from '@/lib/compare/format';
import { describeGaps } from '@/lib/compare/judgments';
import { KIND_LABEL } from '@/components/annotations/labels';

const STATUS_CLASS = { agree: 'cmp-agree', 'judgments differ': 'cmp-differ cmp-judgments', 'kinds differ': 'cmp-differ', partial: 'cmp-partial' } as const;

import type { ReactNode } from 'react';

/** `extra(row)`: what the last column shows for a row (the consensus, or the form to record it); no column without it. */
export function CompareTable({
  analysts,
  rows,
  slug,
  extra,
}: {
  analysts: AnalystRef[];
  rows: CompareView['rows'];
  slug?: string;
  extra?: (row: CompareView['rows'][number]) => ReactNode;
}) {
  if (rows.length === 0)
    return (
      <p className="hint empty-state">
        No highlights to compare yet: tick at least two analysts above, or open the document and tag passages for them to agree on.
      </p>
    );
  return (
    // A wide table scrolls sideways inside this region, which the keyboard can focus and scroll.
    <div className="cmp-scroll" tabIndex={0} role="region" aria-label="Passages by analyst">
      <table className="cmp-table">
        <caption className="sr-only">Each passage, whether the analysts agree, and each analyst’s kind and fields</caption>
        <thead>
          <tr>
            <th scope="col">Passage</th>
            <th scope="col">Status</th>
            {analysts.map((a) => (
              <th key={a.id} scope="col">
                {a.name}
              </th>
            ))}
            {extra && <th scope="col">Consensus</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.start}-${row.end}-${row.cells.map((c) => c?.id ?? '').join('')}`} className={`cmp-row ${STATUS_CLASS[row.status]}`} data-status={row.status}>
              <td className="cmp-passage">
                <q>{row.text}</q>
                {slug && (
                  <>
                    {' '}
                    <a className="cmp-jump" href={`/documents/${encodeURIComponent(slug)}#annotation-${row.cells.find((c) => c)?.id ?? ''}`}>
                      open
                    </a>
                  </>
                )}
              </td>
              <td className="cmp-status">
                {row.status}
                {describeGaps(row.gaps).length > 0 && (
                  <ul className="cmp-gaps" data-gaps>
                    {describeGaps(row.gaps).map((g) => (
                      <li key={g}>{g}</li>
                    ))}
                  </ul>
                )}
              </td>
              {row.cells.map((cell, i) =>
                cell ? (
                  <td key={analysts[i].id} className={`cmp-cell kind-${cell.kind.toLowerCase()}`}>
                    <span className="badge">{KIND_LABEL[cell.kind]}</span>
                    <span className="cmp-fields">{fieldSummary(cell.kind, cell.fields)}</span>
                  </td>
                ) : (
                  <td key={analysts[i].id} className="cmp-cell cmp-empty">
                    —
                  </td>
                ),
              )}
              {extra && <td className="cmp-cell">{extra(row)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
