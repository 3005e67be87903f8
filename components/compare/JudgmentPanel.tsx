// Field-level agreement (issue #10): Krippendorff's α per judgment over the compare rows, with the
// counts behind it, the mean absolute difference of probabilities, and the per-pair matrix.
import type { AnalystRef } from '@/lib/compare/types';
import type { JudgmentStat, JudgmentStats } from '@/lib/compare/judgmentStats';

const FIELDS = [
  ['credibility', 'Claim credibility (1–6)'],
  ['factStatus', 'Fact status'],
  ['probability', 'Forecast probability'],
  ['reliability', 'Source reliability (A–F)'],
] as const;

const fmt = (value: number) => value.toFixed(3);

function Figure({ stat }: { stat: JudgmentStat }) {
  return (
    <>
      {stat.value === null ? <span className="cmp-undefined">undefined: {stat.reason}</span> : <strong className="cmp-value">{fmt(stat.value)}</strong>}
      {stat.meanAbsDiff != null && <span className="cmp-value"> · mean |Δ| {stat.meanAbsDiff.toFixed(1)} points</span>}{' '}
      <span className="cmp-counts">
        α {stat.level}; {stat.units} rows pairable, {stat.unpairable} with one value, {stat.raters} analysts
        {stat.dropped > 0 && `, ${stat.dropped} dropped (${stat.droppedReason})`}
      </span>
    </>
  );
}

export function JudgmentPanel({ judgments, analysts }: { judgments: JudgmentStats; analysts: AnalystRef[] }) {
  const name = new Map(analysts.map((a) => [a.id, a.name]));
  return (
    <div className="cmp-judgments-stats" data-judgments>
      <h3>Judgments inside the kinds</h3>
      <dl className="cmp-figures">
        {FIELDS.map(([field, label]) => (
          <div key={field} className="cmp-figure">
            <dt>{label}</dt>
            <dd data-stat={`judgment-${field}`}>
              <Figure stat={judgments[field]} />
            </dd>
          </div>
        ))}
      </dl>
      {analysts.length >= 2 && (
        <details>
          <summary>Per pair</summary>
          <table className="cmp-matrix" aria-label="Judgment agreement per pair">
            <thead>
              <tr>
                <th scope="col">Pair</th>
                {FIELDS.map(([field, label]) => (
                  <th key={field} scope="col">
                    {label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {judgments.credibility.pairs.map((p, i) => (
                <tr key={`${p.a}/${p.b}`}>
                  <th scope="row">
                    {name.get(p.a)} – {name.get(p.b)}
                  </th>
                  {FIELDS.map(([field]) => {
                    const pair = judgments[field].pairs[i];
                    return (
                      <td key={field} className="cmp-kappa" title={`${pair.units} rows${pair.reason ? ` — undefined: ${pair.reason}` : ''}`}>
                        {pair.value === null ? 'undef.' : fmt(pair.value)} <span className="cmp-counts">({pair.units})</span>
                        {pair.meanAbsDiff != null && <span className="cmp-counts"> |Δ| {pair.meanAbsDiff.toFixed(1)}</span>}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
      <p className="hint">{judgments.rule}</p>
    </div>
  );
}
