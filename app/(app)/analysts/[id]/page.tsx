import Link from 'next/link';
import { notFound } from 'next/navigation';
import { pageActor } from '@/lib/auth';
import { isAppError } from '@/lib/errors';
import { analystRecord } from '@/lib/forecasts/leaderboard';
import { CalibrationChart } from '@/components/forecasts/CalibrationChart';
import { num, pct, signed } from '@/components/forecasts/format';

export const dynamic = 'force-dynamic';

export default async function AnalystPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const record = await analystRecord(await pageActor(), id).catch((error) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  const { analyst, summary, scores, calibration, decomposition: d } = record;
  return (
    <main className="page">
      <h1>{analyst.name}</h1>
      <p className="hint">
        {summary
          ? `${summary.questions} resolved question${summary.questions === 1 ? '' : 's'} · mean peer score ${num(summary.meanPeer, 1)} · mean baseline score ${num(summary.meanBaseline, 1)} · coverage ${pct(summary.coverage)} · time-averaged Brier ${num(summary.meanTimeBrier)} · at close: mean Brier ${num(summary.meanBrier)}, mean log score ${num(summary.meanLog)}, mean relative Brier ${signed(summary.meanRelativeBrier)}`
          : 'No resolved questions yet.'}
        {` · ${record.open} open question${record.open === 1 ? '' : 's'} forecast`}
      </p>
      <section className="calibration-section">
        <h2>Calibration</h2>
        {calibration.length ? (
          <div className="row">
            <CalibrationChart bins={calibration} describedBy="calibration-table" />
            <table className="calibration-table" id="calibration-table">
              <caption className="sr-only">Calibration by probability bin</caption>
              <thead>
                <tr>
                  <th>Bin</th>
                  <th className="num">Mean forecast</th>
                  <th className="num">Happened</th>
                  <th className="num">95 % interval</th>
                  <th className="num">n</th>
                </tr>
              </thead>
              <tbody>
                {calibration.map((b) => (
                  <tr key={b.lo}>
                    <td>{`${Math.round(b.lo * 100)}–${Math.round(b.hi * 100)} %`}</td>
                    <td className="num">{pct(b.meanP)}</td>
                    <td className="num">{pct(b.freq)}</td>
                    <td className="num">{`${pct(b.interval[0])} – ${pct(b.interval[1])}`}</td>
                    <td className="num">{b.n}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>Nothing to chart until a question this analyst forecast resolves YES or NO.</p>
        )}
        {d && (
          <table className="calibration-table decomposition" aria-label="Brier decomposition">
            <caption className="hint">
              Murphy decomposition of the Brier score at close: Brier = reliability − resolution + uncertainty. Skill against always
              forecasting the base rate ({pct(d.baseRate)}) of these questions: 1 − Brier / uncertainty.
            </caption>
            <tbody>
              <tr>
                <th>Brier</th>
                <td className="num">{num(d.brier)}</td>
                <th>Reliability (lower is better)</th>
                <td className="num">{num(d.reliability)}</td>
              </tr>
              <tr>
                <th>Resolution (higher is better)</th>
                <td className="num">{num(d.resolution)}</td>
                <th>Uncertainty</th>
                <td className="num">{num(d.uncertainty)}</td>
              </tr>
              <tr>
                <th>Brier skill score</th>
                <td className="num">{d.skill === null ? '— (every question resolved the same way)' : signed(d.skill)}</td>
                <th />
                <td />
              </tr>
            </tbody>
          </table>
        )}
      </section>
      {scores.length > 0 && (
        <section>
          <h2>Scores</h2>
          <div className="table-scroll" role="region" aria-label="Scores by question" tabIndex={0}>
          <table className="scores">
            <thead>
              <tr>
                <th>Question</th>
                <th>Outcome</th>
                <th className="num">Peer</th>
                <th className="num">Baseline</th>
                <th className="num">Time-avg. Brier</th>
                <th className="num">Coverage</th>
                <th className="num">Forecast at close</th>
                <th className="num">Brier</th>
                <th className="num">Log</th>
                <th className="num">Relative Brier</th>
              </tr>
            </thead>
            <tbody>
              {scores.map((s) => (
                <tr key={s.question.id}>
                  <td>
                    {s.question.statement} <Link href={`/documents/${s.question.document.slug}`}>{s.question.document.title}</Link>
                  </td>
                  <td>{s.question.outcome}</td>
                  <td className="num">{num(s.peer, 1)}</td>
                  <td className="num">{num(s.baseline, 1)}</td>
                  <td className="num">{num(s.timeBrier)}</td>
                  <td className="num">{pct(s.coverage)}</td>
                  <td className="num">{pct(s.probability)}</td>
                  <td className="num">{num(s.brier)}</td>
                  <td className="num">{num(s.log)}</td>
                  <td className="num">{signed(s.relativeBrier)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        </section>
      )}
    </main>
  );
}
