import type { Band } from '../bindings/Band';
import type { DeliveryMetrics } from '../bindings/DeliveryMetrics';

// Targets the scorer uses (viva-core metrics.rs and tips.rs); pace comes from settings.
const FILLERS_PER_MINUTE = 4;
const LONG_PAUSE_S = 2;
const FIRST_WORD_S = 3;

type Verdict = 'good' | 'warn' | 'none';

interface Row {
  label: string;
  value: string;
  target: string;
  verdict: Verdict;
  note?: string;
}

function bandVerdict(b: Band | null | undefined): Verdict {
  if (!b) return 'none';
  return b === 'within' ? 'good' : 'warn';
}

function bandWord(b: Band | null | undefined, below: string, above: string): string | undefined {
  if (b === 'below') return below;
  if (b === 'above') return above;
  return undefined;
}

export function metricRows(m: DeliveryMetrics, paceWpm: [number, number]): Row[] {
  const typed = m.words_per_minute == null;
  const rows: Row[] = [];
  rows.push({
    label: 'Pace',
    value: typed ? '—' : `${Math.round(m.words_per_minute!)} wpm`,
    target: `${paceWpm[0]}–${paceWpm[1]} wpm`,
    verdict: bandVerdict(m.pace),
    note: bandWord(m.pace, 'slow', 'fast'),
  });
  const fpm = m.fillers.per_minute;
  const kinds = m.fillers.by_kind.map((k) => `${k.text} ×${k.count}`).join(', ');
  rows.push({
    label: 'Filler words',
    value: fpm == null ? `${m.fillers.count}` : `${m.fillers.count} (${fpm.toFixed(1)} per minute)`,
    target: `≤ ${FILLERS_PER_MINUTE} per minute`,
    verdict: fpm == null ? 'none' : fpm <= FILLERS_PER_MINUTE ? 'good' : 'warn',
    note: kinds || undefined,
  });
  const longest = m.longest_pause_s;
  rows.push({
    label: 'Pauses',
    value:
      longest == null
        ? '—'
        : `longest ${longest.toFixed(1)} s${m.long_pauses.length ? `, ${m.long_pauses.length} long` : ''}`,
    target: `none over ${LONG_PAUSE_S} s`,
    verdict: longest == null ? 'none' : m.long_pauses.length === 0 ? 'good' : 'warn',
  });
  const first = m.time_to_first_word_s;
  rows.push({
    label: 'Time to first word',
    value: first == null ? '—' : `${first.toFixed(1)} s`,
    target: `≤ ${FIRST_WORD_S} s`,
    verdict: first == null ? 'none' : first <= FIRST_WORD_S ? 'good' : 'warn',
    note: first != null && first > FIRST_WORD_S ? 'long silence before starting' : undefined,
  });
  if (m.target_seconds && m.speaking_s != null) {
    rows.push({
      label: 'Length',
      value: `${Math.round(m.speaking_s)} s`,
      target: `${m.target_seconds[0]}–${m.target_seconds[1]} s`,
      verdict: bandVerdict(m.length),
      note: bandWord(m.length, 'short', 'long'),
    });
  }
  return rows;
}

export function Metrics({
  metrics,
  paceWpm,
}: {
  metrics: DeliveryMetrics;
  paceWpm: [number, number];
}) {
  const typed = metrics.words_per_minute == null;
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
          </tr>
        </thead>
        <tbody>
          {metricRows(metrics, paceWpm).map((r) => (
            <tr key={r.label} data-verdict={r.verdict}>
              <th scope="row">{r.label}</th>
              <td>
                <span className="verdict" aria-hidden="true" />
                {r.value}
                {r.note && <span className="small muted"> · {r.note}</span>}
              </td>
              <td className="muted">{r.target}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small muted">{metrics.word_count} words</p>
    </section>
  );
}
