import Link from 'next/link';
import { getActor } from '@/lib/auth';
import { leaderboard } from '@/lib/forecasts/leaderboard';
import { num, signed } from '@/components/forecasts/format';

export const dynamic = 'force-dynamic';

export default async function LeaderboardPage() {
  const rows = await leaderboard(await getActor());
  return (
    <main className="page">
      <h1>Leaderboard</h1>
      <p className="hint">
        Analysts and the documents’ own authors, ranked by mean Brier score (0 is perfect, lower is better) over resolved YES/NO
        questions. Log score: mean ln of the probability given to what happened (higher is better). Relative Brier: Brier minus the
        median analyst’s on the same question (below 0 beat the median).
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
              <th className="num">Questions</th>
              <th className="num">Mean Brier</th>
              <th className="num">Mean log score</th>
              <th className="num">Mean relative Brier</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.forecaster.kind === 'analyst' ? r.forecaster.id : `author:${r.forecaster.name}`} data-forecaster={r.forecaster.name}>
                <td>{i + 1}</td>
                <td>
                  {r.forecaster.kind === 'analyst' ? (
                    <Link href={`/analysts/${r.forecaster.id}`}>{r.forecaster.name}</Link>
                  ) : (
                    <>
                      {r.forecaster.name} <span className="badge author-badge">document author</span>
                    </>
                  )}
                </td>
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
    </main>
  );
}
