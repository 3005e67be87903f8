// The agreement statistics: Cohen's κ matrix as a heat map, Fleiss' κ, Krippendorff's α and
// unitizing α per kind, each with the counts behind it; "undefined: reason" where there is no number.
import { KINDS } from '@/lib/annotations/schemas';
import type { AgreementReport } from '@/lib/compare/types';
import type { Stat } from '@/lib/compare/stats';
import { KIND_LABEL } from '@/components/annotations/labels';
import { JudgmentPanel } from './JudgmentPanel';

const fmt = (value: number) => value.toFixed(3);

/** Red below 0 through the page's surface near 0 to green at 1 (in either theme; globals.css --heat-*). */
function heat(value: number | null): string | undefined {
  if (value === null) return undefined;
  const v = Math.max(-1, Math.min(1, value));
  return `color-mix(in srgb, var(${v < 0 ? '--heat-bad' : '--heat-good'}) ${Math.round(Math.abs(v) * 100)}%, var(--surface))`;
}

function Counts({ stat, unit }: { stat: Stat; unit: string }) {
  return (
    <span className="cmp-counts">
      {stat.units} {unit}, {stat.raters} analysts, {stat.dropped} dropped
    </span>
  );
}

function Value({ stat }: { stat: Stat }) {
  return stat.value === null ? (
    <span className="cmp-undefined">undefined: {stat.reason}</span>
  ) : (
    <strong className="cmp-value">{fmt(stat.value)}</strong>
  );
}

export function StatsPanel({ report, csvHref }: { report: AgreementReport; csvHref: string }) {
  const { analysts, sentences, spans } = report;
  const pair = new Map(sentences.cohen.map((p) => [`${p.a}/${p.b}`, p]));
  const cell = (a: string, b: string) => pair.get(`${a}/${b}`) ?? pair.get(`${b}/${a}`);
  return (
    <section className="cmp-stats" aria-label="Agreement statistics">
      <h2>Agreement</h2>
      <p className="hint">
        {sentences.sentences} sentences{report.documents.length > 1 ? ` in ${report.documents.length} documents` : ''}, {analysts.length} analysts.{' '}
        <a href={csvHref} download>
          Download CSV
        </a>
      </p>
      <h3>Sentence level</h3>
      {analysts.length >= 2 ? (
        <table className="cmp-matrix" aria-label="Cohen's kappa per pair">
          <caption>Cohen’s κ per pair</caption>
          <thead>
            <tr>
              <th />
              {analysts.map((a) => (
                <th key={a.id} scope="col">
                  {a.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {analysts.map((row) => (
              <tr key={row.id}>
                <th scope="row">{row.name}</th>
                {analysts.map((col) => {
                  if (row.id === col.id) return <td key={col.id} className="cmp-diagonal" />;
                  const p = cell(row.id, col.id)!;
                  return (
                    <td
                      key={col.id}
                      className="cmp-kappa"
                      style={{ background: heat(p.value) }}
                      title={`${p.units} sentences compared, ${p.dropped} dropped${p.reason ? ` — undefined: ${p.reason}` : ''}`}
                    >
                      {p.value === null ? 'undef.' : fmt(p.value)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="cmp-undefined">Cohen’s κ: undefined: needs at least two analysts</p>
      )}
      <dl className="cmp-figures">
        <dt>Fleiss’ κ</dt>
        <dd data-stat="fleiss">
          <Value stat={sentences.fleiss} /> <Counts stat={sentences.fleiss} unit="sentences" />
        </dd>
        <dt>Krippendorff’s α (nominal)</dt>
        <dd data-stat="krippendorff">
          <Value stat={sentences.krippendorff} /> <Counts stat={sentences.krippendorff} unit="sentences" />
        </dd>
      </dl>
      <h3>Span level: unitizing α</h3>
      <dl className="cmp-figures">
        <dt>All kinds</dt>
        <dd data-stat="unitizing">
          <Value stat={spans.all} /> <Counts stat={spans.all} unit="highlights" />
        </dd>
        {KINDS.map((kind) => (
          <div key={kind} className="cmp-figure">
            <dt>
              <span className={`badge kind-${kind.toLowerCase()}`}>{KIND_LABEL[kind]}</span>
            </dt>
            <dd data-stat={`unitizing-${kind.toLowerCase()}`}>
              <Value stat={spans.byKind[kind]} /> <Counts stat={spans.byKind[kind]} unit="highlights" />
            </dd>
          </div>
        ))}
      </dl>
      {report.judgments && <JudgmentPanel judgments={report.judgments} analysts={analysts} />}
      <details className="hint">
        <summary>How these are computed</summary>
        <p>{report.rules.sentences}</p>
        <p>{report.rules.spans}</p>
        {report.rules.corpus && <p>{report.rules.corpus}</p>}
        <p>“Dropped” counts sentences a chosen analyst did not code (or, for spans, overlapping highlights merged).</p>
      </details>
    </section>
  );
}
