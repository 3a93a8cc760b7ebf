import { useEffect, useState } from 'react';

import * as api from '../api';
import type { Comparison } from '../bindings/Comparison';
import type { ConceptChange } from '../bindings/ConceptChange';
import { dateTime, errorMessage } from '../lib/format';

const CHANGE: Record<ConceptChange, string> = {
  gained: 'Gained',
  lost: 'Lost',
  fixed: 'Misconception fixed',
  new_misconception: 'New misconception',
  better: 'Now mentioned',
  worse: 'Now missed',
  same: 'Same',
};

/** An answer beside the one to the same question before it (or `other`): what changed. */
export function ComparisonView({ attemptId, other }: { attemptId: number; other?: number }) {
  const [c, setC] = useState<Comparison | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.compareAttempts(attemptId, other ?? null).then(
      (got) => live && setC(got),
      (e: unknown) => live && setProblem(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [attemptId, other]);

  if (problem) {
    return (
      <p className="notice" role="note">
        {problem}
      </p>
    );
  }
  if (!c) return <p className="muted small">Comparing…</p>;
  const changed = c.concepts.filter((d) => d.change !== 'same');
  return (
    <section className="comparison stack" data-testid="comparison" aria-label="Comparison">
      <h3>
        {dateTime(c.before.created_at)} → {dateTime(c.after.created_at)}:{' '}
        <span data-testid="comparison-score">
          {c.before.score} → {c.after.score} ({c.score_change >= 0 ? '+' : ''}
          {c.score_change})
        </span>
      </h3>
      {changed.length === 0 ? (
        <p className="muted small">The same concepts, judged the same way.</p>
      ) : (
        <ul className="concept-changes">
          {changed.map((d) => (
            <li key={d.name} data-testid="concept-change" data-change={d.change}>
              <span className={`pill change-${d.change}`}>{CHANGE[d.change]}</span> {d.name}
              {(d.heard_after ?? d.heard_before) && (
                <span className="small muted"> “{d.heard_after ?? d.heard_before}”</span>
              )}
            </li>
          ))}
        </ul>
      )}
      <table className="comparison-table">
        <thead>
          <tr>
            <th scope="col">Delivery</th>
            <th scope="col">Before</th>
            <th scope="col" aria-label="Change" />
            <th scope="col">Now</th>
          </tr>
        </thead>
        <tbody>
          {c.delivery.map((d) => (
            <tr key={d.name} data-testid="delivery-change" data-trend={d.trend}>
              <th scope="row">{d.name}</th>
              <td>{d.before}</td>
              <td className={`trend trend-${d.trend}`} title={d.trend.replace('_', ' ')}>
                {d.arrow}
              </td>
              <td>{d.after}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="transcript-diff" data-testid="transcript-diff">
        {c.transcript.map((s, i) =>
          s.kind === 'added' ? (
            <ins key={i}>{s.text} </ins>
          ) : s.kind === 'removed' ? (
            <del key={i}>{s.text} </del>
          ) : (
            <span key={i}>{s.text} </span>
          ),
        )}
      </p>
    </section>
  );
}
