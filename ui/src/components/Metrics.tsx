import type { Baseline } from '../bindings/Baseline';
import type { DeliveryMetrics } from '../bindings/DeliveryMetrics';

/**
 * The delivery table as viva-core judged it: each measure, its target and the verdict, and,
 * when there is one, the user's usual (their median over recent spoken answers).
 */
export function Metrics({
  metrics,
  baseline = null,
}: {
  metrics: DeliveryMetrics;
  baseline?: Baseline | null;
}) {
  const typed = metrics.words_per_minute == null;
  const usual = new Map((baseline?.usual ?? []).map((u) => [u.name, u.value]));
  return (
    <section className="metrics" data-testid="metrics" aria-labelledby="metrics-title">
      <h3 id="metrics-title">Delivery</h3>
      {typed && <p className="small muted">Typed answer: timing measures need a recording.</p>}
      <table>
        <thead>
          <tr>
            <th scope="col">Measure</th>
            <th scope="col">You</th>
            <th scope="col">Target</th>
            {baseline && (
              <th scope="col" title={`Median of your last ${baseline.answers} spoken answers`}>
                Your usual
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {metrics.measures.map((r) => (
            <tr key={r.name} data-verdict={r.verdict}>
              <th scope="row">{r.name}</th>
              <td>
                <span className="verdict" aria-hidden="true" />
                {r.value}
                {r.note && <span className="small muted"> · {r.note}</span>}
              </td>
              <td className="muted">{r.target}</td>
              {baseline && (
                <td className="muted" data-testid="usual">
                  {usual.get(r.name) ?? ''}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small muted">
        {metrics.word_count} words
        {baseline && ` · your usual is the median of your last ${baseline.answers} spoken answers`}
      </p>
    </section>
  );
}
