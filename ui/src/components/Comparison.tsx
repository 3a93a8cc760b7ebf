import { useEffect, useState } from 'react';

import * as api from '../api';
import type { Comparison } from '../bindings/Comparison';
import type { ConceptChange } from '../bindings/ConceptChange';
import type { ScorePoint } from '../bindings/ScorePoint';
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

/**
 * An answer beside another answer to the same question: by default the one before it; any other
 * can be chosen from the question's history.
 */
export function ComparisonView({
  attemptId,
  deckId,
  questionId,
}: {
  attemptId: number;
  deckId: string;
  questionId: string;
}) {
  const [other, setOther] = useState<number | null>(null);
  const [c, setC] = useState<Comparison | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [answers, setAnswers] = useState<ScorePoint[]>([]);

  useEffect(() => {
    let live = true;
    api.questionProgress(deckId).then(
      (all) =>
        live &&
        setAnswers(
          all
            .find((q) => q.question_id === questionId)
            ?.points.filter((p) => p.attempt_id !== attemptId) ?? [],
        ),
      // Without the list, the comparison with the answer before still shows.
      () => {},
    );
    return () => {
      live = false;
    };
  }, [attemptId, deckId, questionId]);

  useEffect(() => {
    let live = true;
    api.compareAttempts(attemptId, other).then(
      (got) => {
        if (!live) return;
        setProblem(null);
        setC(got);
      },
      (e: unknown) => live && setProblem(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [attemptId, other]);

  const picker = answers.length > 0 && (
    <label className="field inline">
      <span className="small muted">Compare with</span>
      <select
        data-testid="compare-with"
        value={other ?? ''}
        onChange={(e) => setOther(e.target.value === '' ? null : Number(e.target.value))}
      >
        <option value="">The answer before this one</option>
        {answers.map((p) => (
          <option key={p.attempt_id} value={p.attempt_id}>
            {dateTime(p.created_at)} · {p.score}/100
          </option>
        ))}
      </select>
    </label>
  );

  if (problem) {
    return (
      <div className="stack">
        {picker}
        <p className="notice" role="note">
          {problem}
        </p>
      </div>
    );
  }
  if (!c) return <p className="muted small">Comparing…</p>;
  const changed = c.concepts.filter((d) => d.change !== 'same');
  return (
    <section className="comparison stack" data-testid="comparison" aria-label="Comparison">
      {picker}
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
