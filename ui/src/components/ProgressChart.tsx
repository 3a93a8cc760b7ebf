import type { ScorePoint } from '../bindings/ScorePoint';
import { shortDate } from '../lib/format';

const W = 120;
const H = 40;
const PAD = 4;

/** A question's scores over time, as a small inline SVG line chart (0–100 on the y axis). */
export function ProgressChart({
  points,
  highlight,
  label,
}: {
  points: ScorePoint[];
  /** The attempt to mark, if it is among the points. */
  highlight?: number;
  label: string;
}) {
  if (points.length === 0) return null;
  const x = (i: number) =>
    points.length === 1 ? W / 2 : PAD + (i * (W - 2 * PAD)) / (points.length - 1);
  const y = (score: number) => PAD + ((100 - score) * (H - 2 * PAD)) / 100;
  const line = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i)},${y(p.score)}`).join(' ');
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const description =
    points.length === 1
      ? `${label}: one attempt, ${first.score}`
      : `${label}: ${points.length} attempts, from ${first.score} on ${shortDate(first.created_at)} to ${last.score} on ${shortDate(last.created_at)}`;
  return (
    <svg
      className="progress-chart"
      data-testid="progress-chart"
      data-points={points.length}
      viewBox={`0 0 ${W} ${H}`}
      width={W}
      height={H}
      role="img"
      aria-label={description}
    >
      <title>{description}</title>
      <line className="chart-grid" x1={0} x2={W} y1={y(50)} y2={y(50)} />
      <path className="chart-line" d={line} />
      {points.map((p, i) => (
        <circle
          key={p.attempt_id}
          className={p.attempt_id === highlight ? 'chart-dot current' : 'chart-dot'}
          cx={x(i)}
          cy={y(p.score)}
          r={p.attempt_id === highlight ? 3.5 : 2.5}
        >
          <title>{`${p.score} on ${shortDate(p.created_at)}`}</title>
        </circle>
      ))}
    </svg>
  );
}
