import Link from 'next/link';
import { Pager } from '@/components/ui/Pager';
import { pageActor } from '@/lib/auth';
import { listQuestionsPage, scoreOf } from '@/lib/forecasts/board';
import { DEFAULT_EXTREMIZE, METHOD_LABELS, METHODS, type QuestionView, SCORE_LABELS, type ScoreKind, SCORES } from '@/lib/forecasts/schemas';
import { describeProbability } from '@/lib/forecasts';
import { canEditQuestion, canManageQuestion } from '@/lib/visibility/rules';
import { webHref } from '@/lib/security/urls';
import { EntryForm } from '@/components/forecasts/EntryForm';
import { ResolveForm } from '@/components/forecasts/ResolveForm';
import { AuthorForm } from '@/components/forecasts/AuthorForm';
import { Sparkline } from '@/components/forecasts/Sparkline';
import { ClarifyForm, CloseForm, ReopenForm } from '@/components/forecasts/QuestionAdmin';
import { LiveBoard } from '@/components/forecasts/LiveBoard';
import { num, pct } from '@/components/forecasts/format';

export const dynamic = 'force-dynamic';

const METHOD_LABEL = METHOD_LABELS;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const short = (s: string, n = 160) => ([...s].length > n ? `${[...s].slice(0, n).join('')}…` : s);

export default async function ForecastBoard({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const method = METHODS.find((m) => m === first(params.method)) ?? 'median';
  const sort = first(params.sort) === 'disagreement' ? 'disagreement' : first(params.sort) === 'resolveBy' ? 'resolveBy' : 'document';
  const score = SCORES.find((k) => k === first(params.score)) ?? 'peer';
  const a = Number(first(params.a));
  const power = Number.isFinite(a) && a > 0 && a <= 10 ? a : DEFAULT_EXTREMIZE;
  const page = Math.max(1, Math.floor(Number(first(params.page)) || 1));
  const document = first(params.document) || undefined;
  const actor = await pageActor();
  const { questions, total, pageSize } = await listQuestionsPage(actor, { method, a: power, sort, score, page, document });
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const link = (n: number) =>
    `/forecasts?${new URLSearchParams({ method, a: String(power), sort, score, page: String(n), ...(document ? { document } : {}) })}`;
  const canForecast = actor.role !== 'VIEWER';

  return (
    <main className="page wide">
      <h1>Forecast board</h1>
      <p className="hint">
        A question starts from a forecast passage; overlapping forecasts of other analysts join it. Others’ probabilities on a
        question stay hidden until you have given yours. A question takes forecasts until it closes (its close time, or the end
        of its resolve-by date), then an admin resolves it. Resolved questions score every forecast for as long as it was in
        force. Also at <code>GET /api/forecasts?method=&amp;score=&amp;sort=&amp;page=</code>.
      </p>
      <LiveBoard />
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
          Extremizing power
          <input name="a" type="number" min={0.1} max={10} step={0.1} defaultValue={power} />
        </label>
        <label>
          Scores
          <select name="score" defaultValue={score}>
            {SCORES.map((k) => (
              <option key={k} value={k}>
                {SCORE_LABELS[k]}
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
        {document && <input type="hidden" name="document" value={document} />}
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
              <th>{method === 'extremized' ? `${METHOD_LABEL[method]} (a = ${power})` : METHOD_LABEL[method]}</th>
              <th title="SD of log-odds; interquartile range">Spread</th>
              <th>Timeline</th>
            </tr>
          </thead>
          <tbody>
            {questions.map((q) => (
              <QuestionRow
                key={q.id}
                q={q}
                score={score}
                canForecast={canForecast}
                isAdmin={canManageQuestion(actor)}
                canEditAuthor={canEditQuestion(actor, { createdById: q.createdBy.id })}
              />
            ))}
          </tbody>
        </table>
        </div>
      )}
      <Pager page={page} pages={pages} href={link} total={`${total} questions`} />
    </main>
  );
}

const when = (iso: string) => iso.slice(0, 16).replace('T', ' ') + ' UTC';

function QuestionRow({
  q,
  score,
  canForecast,
  isAdmin,
  canEditAuthor,
}: {
  q: QuestionView;
  score: ScoreKind;
  canForecast: boolean;
  isAdmin: boolean;
  canEditAuthor: boolean;
}) {
  return (
    <tr data-question-id={q.id} aria-label={q.statement}>
      <td className="passage">
        <Link href={`/documents/${q.document.slug}`}>{q.document.title}</Link>
        <q>{short(q.passage.exact)}</q>
      </td>
      <td className="question">
        <strong className="statement">{q.statement}</strong>{' '}
        {q.state !== 'resolved' && <span className={`badge state-${q.state}`}>{q.state}</span>}
        <div className="hint">
          Opened {when(q.createdAt)} · closes {q.closeAt ? when(q.closeAt) : 'when resolved'} · resolve by {q.resolveBy ?? '—'}
        </div>
        {q.criteria && <div className="hint">Criteria: {q.criteria}</div>}
        {q.clarifications.length > 0 && (
          <ol className="clarifications" aria-label="Clarifications">
            {q.clarifications.map((c) => (
              <li key={c.id}>
                {c.text} <span className="hint">— {c.by.name}, {when(c.at)}</span>
              </li>
            ))}
          </ol>
        )}
        {q.reopenings.map((r) => (
          <div key={r.id} className="reopenings">
            Re-opened {when(r.at)} by {r.by.name}: {r.note} (was {r.previous.outcome}
            {r.previous.note ? `: ${r.previous.note}` : ''})
          </div>
        ))}
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
                (<a href={webHref(q.resolution.source)}>{q.resolution.source}</a>)
              </>
            )}
          </div>
        ) : (
          isAdmin && <ResolveForm questionId={q.id} />
        )}
        {isAdmin && (
          <div className="row">
            <ClarifyForm questionId={q.id} />
            {!q.outcome && <CloseForm questionId={q.id} closeAt={q.closeAt} />}
            {q.outcome && <ReopenForm questionId={q.id} />}
          </div>
        )}
        {canEditAuthor && <AuthorForm questionId={q.id} wording={q.author.wording} probability={q.author.probability} />}
      </td>
      <td className="forecasts">
        <ul id={`forecasters-${q.id}`}>
          {q.forecasters.map((f) => (
            <li key={f.analyst.id}>
              <Link href={`/analysts/${f.analyst.id}`}>{f.analyst.name}</Link>:{' '}
              {f.withdrawn ? (
                <span className="hint">withdrawn</span>
              ) : f.hidden ? (
                <span className="hidden-p">hidden — give yours first</span>
              ) : (
                <span title={describeProbability(f.probability!)}>
                  {pct(f.probability)}
                  {f.confidence && <span className="hint"> ({f.confidence.toLowerCase()} confidence)</span>}
                </span>
              )}
              {q.scores && <Score q={q} analystId={f.analyst.id} score={score} />}
            </li>
          ))}
        </ul>
        {q.scores && q.author.probability !== null && <Score q={q} score={score} />}
        {canForecast && q.state === 'open' && <EntryForm questionId={q.id} label={`Your probability for: ${q.statement}`} />}
      </td>
      <td className="num">{q.aggregate ? pct(q.aggregate.value) : '—'}</td>
      <td className="num">{q.spread ? `${num(q.spread.sdLogOdds, 2)} · IQR ${pct(q.spread.iqr)}` : '—'}</td>
      <td>
        <Sparkline forecasters={q.forecasters} community={q.community} describedBy={`forecasters-${q.id}`} />
      </td>
    </tr>
  );
}

/** The chosen score of an analyst (or, without `analystId`, of the document's author) with its coverage. */
function Score({ q, analystId, score }: { q: QuestionView; analystId?: string; score: ScoreKind }) {
  const s = q.scores!.find((x) => (analystId ? x.forecaster.kind === 'analyst' && x.forecaster.id === analystId : x.forecaster.kind === 'author'));
  if (!s) return null;
  const value = scoreOf[score](s);
  const digits = score === 'peer' || score === 'baseline' ? 1 : 3;
  return (
    <span className="hint score" data-score={score}>
      {analystId ? ' · ' : `Author (${s.forecaster.name}): `}
      {SCORE_LABELS[score]} {num(value, digits)}
      {score !== 'at-close' && ` (coverage ${pct(s.coverage)})`}
      {score !== 'at-close' && s.brier !== null && ` · Brier at close ${num(s.brier)}`}
    </span>
  );
}
