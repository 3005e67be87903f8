// The disagreement queue's order (issue #10): a document's rows where the analysts present disagree,
// by falling severity, then position. Framework-free. Results kept in the database are computed by
// this (lib/compare/results.test.ts).
import { type CompareRow, rowStatus } from './rows';
import { severity } from './judgments';
import type { CompareAnnotation } from './types';

/** A row of the queue: the row judged among those present, its severity, and its key once needed. */
export type Ranked = { row: CompareRow; present: CompareAnnotation[]; severity: number; key?: string };

/** A document's disagreeing rows by falling severity, then position; held as long as its rows are. */
const rankings = new WeakMap<CompareRow[], Ranked[]>();

/** The ranking of `rows`; `fresh` when made now. */
export function ranked(rows: CompareRow[]): { list: Ranked[]; fresh: boolean } {
  const held = rankings.get(rows);
  if (held) return { list: held, fresh: false };
  const list: Ranked[] = [];
  for (const matched of rows) {
    // Judged among the analysts who highlighted the passage: on a document many analysts coded, a
    // row is rarely highlighted by all, and their kinds and judgments still differ or agree.
    const present = matched.cells.filter((c) => c !== null);
    const among = rowStatus(present, matched.gaps);
    const status = among === 'agree' && present.length < matched.cells.length ? 'partial' : among;
    if (status === 'agree') continue;
    const row = { ...matched, status };
    list.push({ row, present, severity: severity(row) });
  }
  list.sort((x, y) => y.severity - x.severity || x.row.start - y.row.start || x.row.end - y.row.end);
  rankings.set(rows, list);
  return { list, fresh: true };
}

