// A question's timeline: each analyst's probabilities over time, one line per analyst, 0 at the
// bottom, and the community prediction as it moved (the thick line).
import type { ForecasterView } from '@/lib/forecasts/schemas';

const W = 140;
const H = 36;
const PAD = 3;

/** `describedBy`: the id of the text the timeline draws (the row's list of forecasts), its text alternative. */
export function Sparkline({
  forecasters,
  community,
  describedBy,
}: {
  forecasters: ForecasterView[];
  community?: { at: string; value: number }[] | null;
  describedBy?: string;
}) {
  const series = forecasters
    .map((f) => ({ name: f.analyst.name, points: f.history.flatMap((h) => (h.probability === null ? [] : [{ t: Date.parse(h.at), p: h.probability }])) }))
    .filter((s) => s.points.length > 0);
  const pooled = (community ?? []).map((c) => ({ t: Date.parse(c.at), p: c.value }));
  const times = [...series.flatMap((s) => s.points.map((pt) => pt.t)), ...pooled.map((pt) => pt.t)];
  if (times.length === 0) return <span className="hint">—</span>;
  const t0 = Math.min(...times);
  const span = Math.max(...times) - t0 || 1;
  const x = (t: number) => PAD + ((t - t0) / span) * (W - 2 * PAD);
  const y = (p: number) => H - PAD - p * (H - 2 * PAD);
  const updates = series.reduce((n, s) => n + s.points.length, 0);
  const stepLine = (points: { t: number; p: number }[]) => {
    // A probability holds until the next update, so the line steps rather than slopes.
    const steps = points.flatMap((pt, j) => (j === 0 ? [[x(pt.t), y(pt.p)]] : [[x(pt.t), y(points[j - 1].p)], [x(pt.t), y(pt.p)]]));
    steps.push([W - PAD, y(points[points.length - 1].p)]);
    return steps.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' ');
  };
  return (
    <svg className="sparkline" width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Timeline: ${updates} update${updates === 1 ? '' : 's'} over time`} aria-describedby={describedBy}>
      <line x1={PAD} x2={W - PAD} y1={y(0.5)} y2={y(0.5)} className="mid" />
      {series.map((s, i) => {
        return (
          <g key={s.name + i} className={`series s${i % 6}`}>
            <title>{`${s.name}: ${s.points.map((pt) => `${Math.round(pt.p * 100)} %`).join(' → ')}`}</title>
            <polyline points={stepLine(s.points)} />
            {s.points.map((pt, j) => (
              <circle key={j} cx={x(pt.t)} cy={y(pt.p)} r={1.8} />
            ))}
          </g>
        );
      })}
      {pooled.length > 0 && (
        <g className="community">
          <title>{`Community: ${pooled.map((pt) => `${Math.round(pt.p * 100)} %`).join(' → ')}`}</title>
          <polyline points={stepLine(pooled)} />
        </g>
      )}
    </svg>
  );
}
