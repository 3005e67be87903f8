// CSV downloads of the compare page: the statistics table (one line per number, with its counts)
// and the side-by-side rows. Cells go through lib/export's escaping (RFC 4180 + formula guard).
import { csvCell } from '@/lib/export/csv';
import { KINDS } from '@/lib/annotations/schemas';
import type { CompareRow } from './rows';
import type { SentenceStats, SpanStats, Stat } from './stats';
import { fieldSummary } from './format';
import type { JudgmentStats } from './judgmentStats';

type Cell = string | number | null | undefined;
const line = (cells: Cell[]) => `${cells.map(csvCell).join(',')}\r\n`;

export const STATS_CSV_COLUMNS = ['statistic', 'level', 'kind', 'analysts', 'value', 'units', 'raters', 'dropped', 'undefined_because'] as const;

/** The judgments' lines: the field in the `kind` column, its units the compare rows (or the sources cited in a row). */
const JUDGMENT_FIELDS = [
  ['credibility', 'CLAIM credibility'],
  ['factStatus', 'FACT status'],
  ['probability', 'FORECAST probability'],
  ['reliability', 'source reliability'],
] as const;

export function statsCsv(
  stats: { analysts: { id: string; name: string }[]; sentences: SentenceStats; spans: SpanStats; judgments?: JudgmentStats },
): string {
  const name = new Map(stats.analysts.map((a) => [a.id, a.name]));
  const all = stats.analysts.map((a) => a.name).join('; ');
  const out = [line([...STATS_CSV_COLUMNS])];
  const push = (statistic: string, level: string, kind: string, analysts: string, s: Stat) =>
    out.push(line([statistic, level, kind, analysts, s.value, s.units, s.raters, s.dropped, s.reason]));
  for (const pair of stats.sentences.cohen) {
    push("Cohen's kappa", 'sentence', '', `${name.get(pair.a) ?? pair.a}; ${name.get(pair.b) ?? pair.b}`, pair);
  }
  push("Fleiss' kappa", 'sentence', '', all, stats.sentences.fleiss);
  push("Krippendorff's alpha (nominal)", 'sentence', '', all, stats.sentences.krippendorff);
  push("Krippendorff's unitizing alpha", 'span', 'all', all, stats.spans.all);
  for (const kind of KINDS) push("Krippendorff's unitizing alpha", 'span', kind, all, stats.spans.byKind[kind]);
  for (const [key, field] of stats.judgments ? JUDGMENT_FIELDS : []) {
    const stat = stats.judgments![key];
    const level = key === 'reliability' ? 'source in a row' : 'row';
    const statistic = `Krippendorff's alpha (${stat.level})`;
    out.push(line([statistic, level, field, all, stat.value, stat.units, stat.raters, stat.dropped, stat.reason]));
    for (const pair of stat.pairs) {
      push(statistic, level, field, `${name.get(pair.a) ?? pair.a}; ${name.get(pair.b) ?? pair.b}`, { value: pair.value, units: pair.units, raters: 2, dropped: 0, reason: pair.reason });
    }
    if (stat.meanAbsDiff !== undefined) {
      out.push(line(['mean absolute difference (percentage points)', level, field, all, stat.meanAbsDiff, stat.units, stat.raters, stat.dropped, stat.meanAbsDiff === null ? stat.reason : null]));
    }
  }
  return out.join('');
}

/** One line per row: the passage once, then each analyst's kind and key fields. */
export function rowsCsv(analysts: { id: string; name: string }[], rows: (CompareRow & { text: string })[]): string {
  const header = ['start', 'end', 'passage', 'status', ...analysts.flatMap((a) => [`${a.name}: kind`, `${a.name}: fields`])];
  return [
    line(header),
    ...rows.map((row) =>
      line([
        row.start,
        row.end,
        row.text,
        row.status,
        ...row.cells.flatMap((cell) => (cell ? [cell.kind, fieldSummary(cell.kind, cell.fields)] : ['', ''])),
      ]),
    ),
  ].join('');
}
