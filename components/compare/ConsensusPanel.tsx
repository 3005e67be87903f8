// The team's consensus on a document (issue #10) and each analyst's agreement with it; the form an
// admin records one with, for a compare row. Server components: the form posts to a server action.
import type { AnnotationView } from '@/lib/annotations/schemas';
import { FACT_STATUSES, KINDS } from '@/lib/annotations/schemas';
import type { ConsensusAgreement, FieldAgreement } from '@/lib/consensus/schemas';
import type { CompareView } from '@/lib/compare/types';
import { fieldSummary } from '@/lib/compare/format';
import { KIND_LABEL } from '@/components/annotations/labels';

export function consensusFields(c: AnnotationView) {
  return fieldSummary(c.kind, {
    credibility: c.claim?.credibility,
    attributedTo: c.claim?.attributedTo,
    status: c.fact?.status,
    probability: c.forecast?.probability,
    hidden: c.forecast?.hidden,
  });
}

const share = (n: number, of: number) => (of === 0 ? '—' : `${Math.round((n / of) * 100)}% (${n}/${of})`);
const field = (f: FieldAgreement) =>
  f.compared === 0 ? <span className="cmp-undefined">—</span> : (
    <>
      {share(f.within, f.compared)} within · α {f.alpha === null ? <span className="cmp-undefined">undefined: {f.reason}</span> : f.alpha.toFixed(3)}
    </>
  );

export function ConsensusPanel({ consensus, agreement }: { consensus: AnnotationView[]; agreement: ConsensusAgreement }) {
  return (
    <section className="cmp-stats cmp-consensus" aria-label="Consensus" data-testid="consensus">
      <h2>Consensus</h2>
      {consensus.length === 0 ? (
        <p className="hint">No consensus recorded yet.</p>
      ) : (
        <ul>
          {consensus.map((c) => (
            <li key={c.id} data-consensus={c.id}>
              <span className={`badge kind-${c.kind.toLowerCase()}`}>{KIND_LABEL[c.kind]}</span> <q>{c.target.exact}</q> {consensusFields(c)}
              {c.note && <> — {c.note}</>} <span className="cmp-counts">settles {c.consensus?.settles.length ?? 0}, version {c.version}, by {c.author.name}</span>
            </li>
          ))}
        </ul>
      )}
      {consensus.length > 0 && (
        <table className="cmp-matrix" aria-label="Agreement with the consensus">
          <thead>
            <tr>
              <th scope="col">Analyst</th>
              <th scope="col">Same kind</th>
              <th scope="col">Credibility</th>
              <th scope="col">Fact status</th>
              <th scope="col">Probability</th>
            </tr>
          </thead>
          <tbody>
            {agreement.analysts.map((a) => (
              <tr key={a.analyst.id}>
                <th scope="row">{a.analyst.name}</th>
                <td>{share(a.sameKind, a.rows)}</td>
                <td>{field(a.fields.credibility)}</td>
                <td>{field(a.fields.factStatus)}</td>
                <td>{field(a.fields.probability)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="hint">{agreement.rule}</p>
    </section>
  );
}

/** An admin's form for one row: kind and judgment, rationale; it settles the row's annotations. */
export function ConsensusForm({ slug, row, action }: { slug: string; row: CompareView['rows'][number]; action: (form: FormData) => Promise<void> }) {
  const cells = row.cells.filter((c) => c !== null);
  return (
    <details className="cmp-consensus-form">
      <summary>Record consensus</summary>
      <form action={action} className="stack">
        <input type="hidden" name="slug" value={slug} />
        <input type="hidden" name="start" value={row.start} />
        <input type="hidden" name="end" value={row.end} />
        <input type="hidden" name="exact" value={row.text} />
        <input type="hidden" name="settles" value={cells.map((c) => c!.id).join(',')} />
        <label>
          Kind{' '}
          <select name="kind" defaultValue={cells[0]?.kind}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Credibility (claims, 1–6) <input name="credibility" type="number" min={1} max={6} />
        </label>
        <label>
          Status (facts){' '}
          <select name="status" defaultValue="">
            <option value="">—</option>
            {FACT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <label>
          Probability % (forecasts) <input name="probability" type="number" min={0} max={100} />
        </label>
        <label>
          Rationale <textarea name="note" rows={2} />
        </label>
        <button type="submit">Save consensus</button>
      </form>
    </details>
  );
}
