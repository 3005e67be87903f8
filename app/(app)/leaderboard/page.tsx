import Link from 'next/link';
import { Pager } from '@/components/ui/Pager';
import { pageActor } from '@/lib/auth';
import { leaderboardPage } from '@/lib/forecasts/leaderboard';
import { DEFAULT_MIN_QUESTIONS, SCORE_LABELS, SCORES } from '@/lib/forecasts/schemas';
import { num, pct, signed } from '@/components/forecasts/format';

export const dynamic = 'force-dynamic';

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

const EXPLAIN = {
  peer: 'Metaculus’s peer score: 100 · N/(N−1) · ln(your probability for what happened / the geometric mean of everyone’s), for every moment of the question’s life, averaged over its scheduled duration (time without a forecast adds 0). Above 0 beat the crowd; higher is better.',
  baseline: 'Metaculus’s baseline score: 100 · log2(2 · your probability for what happened) — 0 for a 50 % forecast — over every moment of the question’s life, averaged over its scheduled duration. Higher is better.',
  brier: 'Brier score ((p − outcome)², 0 is perfect) averaged over the time your forecast was in force. Lower is better.',
  relative: 'Your Brier minus the median Brier of the others’ forecasts in force, at every moment of the question’s life (time without a forecast, or with no one else’s, counts as the median), averaged over its duration. Below 0 beat the others; lower is better.',
  'at-close': 'The Brier score of the last forecast before the question closed. Lower is better. Rewards copying the news the day before resolution.',
} as const;

export default async function LeaderboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const score = SCORES.find((k) => k === first(params.score)) ?? 'peer';
  const minParam = Number(first(params.min));
  const min = Number.isInteger(minParam) && minParam >= 0 ? minParam : DEFAULT_MIN_QUESTIONS;
  const page = Math.max(1, Math.floor(Number(first(params.page)) || 1));
  const { rows, total, pageSize } = await leaderboardPage(await pageActor(), { score, min, page });
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const link = (n: number) => `/leaderboard?${new URLSearchParams({ score, min: String(min), page: String(n) })}`;
  const digits = score === 'peer' || score === 'baseline' ? 1 : 3;
  return (
    <main className="page">
      <h1>Leaderboard</h1>
      <form className="row board-controls" method="get">
        <label>
          Rank by
          <select name="score" defaultValue={score}>
            {SCORES.map((k) => (
              <option key={k} value={k}>
                {SCORE_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Resolved questions to be ranked
          <input name="min" type="number" min={0} step={1} defaultValue={min} />
        </label>
        <button type="submit">Apply</button>
      </form>
      <p className="hint">
        Analysts and the documents’ own authors over resolved YES/NO questions. {EXPLAIN[score]} Coverage: the share of the
        questions’ lives with a forecast in force. Forecasters with fewer than {min} resolved questions are listed unranked. Also at{' '}
        <code>GET /api/leaderboard?score=&amp;min=&amp;page=</code>.
      </p>
      {rows.length === 0 ? (
        <p className="empty-state">No resolved questions yet. Scores appear once an admin resolves a question YES or NO on the <Link href="/forecasts">forecast board</Link>; until then, give your probabilities there.</p>
      ) : (
        <div className="table-scroll" role="region" aria-label="Leaderboard" tabIndex={0}>
        <table className="leaderboard">
          <thead>
            <tr>
              <th>#</th>
              <th>Forecaster</th>
              <th className="num">{SCORE_LABELS[score]}</th>
              <th className="num">Coverage</th>
              <th className="num">Questions</th>
              <th className="num">Brier at close</th>
              <th className="num">Log score at close</th>
              <th className="num">Relative Brier at close</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={r.forecaster.kind === 'analyst' ? r.forecaster.id : `author:${r.forecaster.name}`}
                data-forecaster={r.forecaster.name}
                data-rank={r.rank ?? ''}
              >
                <td>{r.rank ?? '—'}</td>
                <td>
                  {r.forecaster.kind === 'analyst' ? (
                    <Link href={`/analysts/${r.forecaster.id}`}>{r.forecaster.name}</Link>
                  ) : (
                    <>
                      {r.forecaster.name} <span className="badge author-badge">document author</span>
                    </>
                  )}
                </td>
                <td className="num">{score === 'relative' ? signed(r.value) : num(r.value, digits)}</td>
                <td className="num">{pct(r.coverage)}</td>
                <td className="num">{r.questions}</td>
                <td className="num">{num(r.meanBrier)}</td>
                <td className="num">{num(r.meanLog)}</td>
                <td className="num">{signed(r.meanRelativeBrier)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
      <Pager page={page} pages={pages} href={link} total={`${total} forecasters`} />
    </main>
  );
}
