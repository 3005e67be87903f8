// Reliability diagram: per probability bin, the mean forecast (x) against how often the event
// happened (y) with its Wilson 95 % interval (the whisker); the diagonal is perfect calibration.
// Dot size and label give the bin's count.
import type { CalibrationBin } from '@/lib/forecasts';

const SIZE = 260;
const PAD = 34;
const INNER = SIZE - 2 * PAD;

/** `describedBy`: the id of the table with the same bins, the chart's text alternative. */
export function CalibrationChart({ bins, describedBy }: { bins: CalibrationBin[]; describedBy?: string }) {
  const x = (p: number) => PAD + p * INNER;
  const y = (f: number) => SIZE - PAD - f * INNER;
  const most = Math.max(1, ...bins.map((b) => b.n));
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return (
    <svg className="calibration" width={SIZE} height={SIZE} viewBox={`0 0 ${SIZE} ${SIZE}`} role="img" aria-label="Calibration: predicted probability against observed frequency" aria-describedby={describedBy}>
      <rect x={PAD} y={PAD} width={INNER} height={INNER} className="frame" />
      {ticks.map((t) => (
        <g key={t} className="tick">
          <text x={x(t)} y={SIZE - PAD + 14} textAnchor="middle">{`${t * 100}`}</text>
          <text x={PAD - 6} y={y(t) + 4} textAnchor="end">{`${t * 100}`}</text>
        </g>
      ))}
      <line x1={x(0)} y1={y(0)} x2={x(1)} y2={y(1)} className="diagonal" />
      {bins.map((b) => (
        <g key={b.lo} className="bin">
          <title>{`${Math.round(b.lo * 100)}–${Math.round(b.hi * 100)} %: forecast ${Math.round(b.meanP * 100)} %, happened ${Math.round(b.freq * 100)} % (95 % interval ${Math.round(b.interval[0] * 100)}–${Math.round(b.interval[1] * 100)} %, n = ${b.n})`}</title>
          <line className="interval" x1={x(b.meanP)} x2={x(b.meanP)} y1={y(b.interval[0])} y2={y(b.interval[1])} />
          <circle cx={x(b.meanP)} cy={y(b.freq)} r={3 + 6 * Math.sqrt(b.n / most)} />
          <text x={x(b.meanP) + 9} y={y(b.freq) - 6}>{`n=${b.n}`}</text>
        </g>
      ))}
      <text x={SIZE / 2} y={SIZE - 4} textAnchor="middle" className="axis">predicted (%)</text>
      <text x={10} y={SIZE / 2} textAnchor="middle" className="axis" transform={`rotate(-90 10 ${SIZE / 2})`}>observed (%)</text>
    </svg>
  );
}
