import Link from 'next/link';
import { getActor } from '@/lib/auth';
import { listQuestions } from '@/lib/forecasts/board';
import { METHODS, type QuestionView } from '@/lib/forecasts/schemas';
import { describeProbability } from '@/lib/forecasts';
import { canEditQuestion } from '@/lib/visibility/rules';
import { EntryForm } from '@/components/forecasts/EntryForm';
import { ResolveForm } from '@/components/forecasts/ResolveForm';
import { AuthorForm } from '@/components/forecasts/AuthorForm';
import { Sparkline } from '@/components/forecasts/Sparkline';
import { num, pct } from '@/components/forecasts/format';

export const dynamic = 'force-dynamic';

const METHOD_LABEL = { median: 'Median', mean: 'Mean', 'geo-mean-odds': 'Geometric mean of odds' } as const;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const short = (s: string, n = 160) => ([...s].length > n ? `${[...s].slice(0, n).join('')}…` : s);

export default async function ForecastBoard({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const method = METHODS.find((m) => m === first(params.method)) ?? 'median';
  const sort = first(params.sort) === 'disagreement' ? 'disagreement' : first(params.sort) === 'resolveBy' ? 'resolveBy' : 'document';
  const actor = (await getActor())!;
  const questions = await listQuestions(actor, { method, sort });
  const canForecast = actor.role !== 'VIEWER';

  return (
    <main className="page wide">
      <h1>Forecast board</h1>
      <p className="hint">
        A question starts from a forecast passage; overlapping forecasts of other analysts join it. Others’ probabilities on a
        question stay hidden until you have given yours. Also at <code>GET /api/forecasts?method=&amp;sort=</code>.
      </p>
      <form className="row board-controls" method="get">
        <label>
          Aggregate
          <select name="method" defaultValue={method}>
            {METHODS.map((m) => (
              <option key={m} value={m}>
                {METHOD_LABEL[m]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Sort by
          <select name="sort" defaultValue={sort}>
            <option value="document">Document</option>
            <option value="disagreement">Disagreement</option>
            <option value="resolveBy">Resolve-by date</option>
          </select>
        </label>
        <button type="submit">Apply</button>
      </form>
      {questions.length === 0 ? (
        <p className="empty-state">No forecast questions yet. Open a document from the <Link href="/">library</Link>, select a passage that predicts something and tag it as a forecast (key 2): it becomes a question here.</p>
      ) : (
        // On a narrow screen (or zoomed in) the wide table scrolls inside this region, not the page.
        <div className="table-scroll" role="region" aria-label="Forecast questions" tabIndex={0}>
        <table className="board">
          <thead>
            <tr>
              <th>Passage</th>
              <th>Question</th>
              <th>Forecasts</th>
              <th>{METHOD_LABEL[method]}</th>
              <th title="SD of log-odds; interquartile range">Spread</th>
              <th>Timeline</th>
            </tr>
          </thead>
          <tbody>
            {questions.map((q) => (
              <QuestionRow key={q.id} q={q} canForecast={canForecast} isAdmin={actor.role === 'ADMIN'} canEditAuthor={canEditQuestion(actor, { createdById: q.createdBy.id })} />
            ))}
          </tbody>
        </table>
        </div>
      )}
    </main>
  );
}

function QuestionRow({ q, canForecast, isAdmin, canEditAuthor }: { q: QuestionView; canForecast: boolean; isAdmin: boolean; canEditAuthor: boolean }) {
  return (
    <tr data-question-id={q.id} aria-label={q.statement}>
      <td className="passage">
        <Link href={`/documents/${q.document.slug}`}>{q.document.title}</Link>
        <q>{short(q.passage.exact)}</q>
      </td>
      <td className="question">
        <strong className="statement">{q.statement}</strong>
        <div className="hint">Resolve by {q.resolveBy ?? '—'}</div>
        {q.criteria && <div className="hint">Criteria: {q.criteria}</div>}
        {q.author.probability !== null && (
          <div className="hint">
            Author ({q.author.name ?? 'document'}): {q.author.wording ? `“${q.author.wording}” ` : ''}
            {pct(q.author.probability)}
          </div>
        )}
        {q.outcome ? (
          <div className="resolution">
            <span className={`badge outcome outcome-${q.outcome.toLowerCase()}`}>{q.outcome}</span> {q.resolution?.note}
            {q.resolution?.source && (
              <>
                {' '}
                (<a href={q.resolution.source.startsWith('http') ? q.resolution.source : undefined}>{q.resolution.source}</a>)
              </>
            )}
          </div>
        ) : (
          isAdmin && <ResolveForm questionId={q.id} />
        )}
        {canEditAuthor && <AuthorForm questionId={q.id} wording={q.author.wording} probability={q.author.probability} />}
      </td>
      <td className="forecasts">
        <ul id={`forecasters-${q.id}`}>
          {q.forecasters.map((f) => (
            <li key={f.analyst.id}>
              <Link href={`/analysts/${f.analyst.id}`}>{f.analyst.name}</Link>:{' '}
              {f.hidden ? (
                <span className="hidden-p">hidden — give yours first</span>
              ) : (
                <span title={describeProbability(f.probability!)}>
                  {pct(f.probability)}
                  {f.confidence && <span className="hint"> ({f.confidence.toLowerCase()} confidence)</span>}
                </span>
              )}
              {q.scores && <Score q={q} analystId={f.analyst.id} />}
            </li>
          ))}
        </ul>
        {canForecast && !q.outcome && <EntryForm questionId={q.id} label={`Your probability for: ${q.statement}`} />}
      </td>
      <td className="num">{q.aggregate ? pct(q.aggregate.value) : '—'}</td>
      <td className="num">{q.spread ? `${num(q.spread.sdLogOdds, 2)} · IQR ${pct(q.spread.iqr)}` : '—'}</td>
      <td>
        <Sparkline forecasters={q.forecasters} describedBy={`forecasters-${q.id}`} />
      </td>
    </tr>
  );
}

function Score({ q, analystId }: { q: QuestionView; analystId: string }) {
  const s = q.scores!.find((x) => x.forecaster.kind === 'analyst' && x.forecaster.id === analystId);
  return s ? <span className="hint"> · Brier {num(s.brier)}</span> : null;
}
