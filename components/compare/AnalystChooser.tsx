// A plain GET form: the chosen analysts and the row filter live in the URL, so a comparison can be
// bookmarked and shared, and the page needs no client script.
import type { AnalystRef } from '@/lib/compare/types';

export function AnalystChooser({ available, chosen, show }: { available: AnalystRef[]; chosen: string[]; show?: 'all' | 'disagreements' }) {
  const picked = new Set(chosen);
  return (
    <form method="get" className="cmp-chooser">
      <fieldset>
        <legend>Analysts</legend>
        {available.length === 0 && <span className="hint">Nobody has annotated yet.</span>}
        {available.map((a) => (
          <label key={a.id} className="cmp-check">
            <input type="checkbox" name="analysts" value={a.id} defaultChecked={picked.has(a.id)} /> {a.name}
          </label>
        ))}
      </fieldset>
      {show && (
        <label className="cmp-check">
          Rows
          <select name="show" defaultValue={show}>
            <option value="all">All</option>
            <option value="disagreements">Disagreements only</option>
          </select>
        </label>
      )}
      <button type="submit" className="primary">
        Compare
      </button>
    </form>
  );
}
