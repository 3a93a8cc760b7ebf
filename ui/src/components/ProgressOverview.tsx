import { useEffect, useState } from 'react';

import * as api from '../api';
import type { DeckSummary } from '../bindings/DeckSummary';
import type { QuestionProgress } from '../bindings/QuestionProgress';
import { useNotify } from '../lib/errors';
import { ProgressChart } from './ProgressChart';
import { scoreTone } from './Result';

/** Every question of a deck with its scores over time, practised ones first. */
export function ProgressOverview({ decks }: { decks: DeckSummary[] }) {
  const notify = useNotify();
  const [deckId, setDeckId] = useState(decks[0]?.id ?? '');
  const [progress, setProgress] = useState<QuestionProgress[] | null>(null);

  useEffect(() => {
    if (!deckId) return;
    let live = true;
    api.questionProgress(deckId).then((p) => live && setProgress(p), notify.error);
    return () => {
      live = false;
    };
  }, [deckId, notify]);

  const rows = (progress ?? [])
    .map((p, i) => ({ p, i }))
    .sort((a, b) => Number(b.p.points.length > 0) - Number(a.p.points.length > 0) || a.i - b.i)
    .map(({ p }) => p);
  const practised = rows.filter((p) => p.points.length > 0).length;
  const total = decks.find((d) => d.id === deckId)?.question_count ?? rows.length;

  return (
    <section className="progress-overview stack" aria-label="Progress by question">
      <div className="row wrap">
        {decks.length > 1 && (
          <label className="field">
            <span>Deck</span>
            <select value={deckId} onChange={(e) => setDeckId(e.target.value)}>
              {decks.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.title}
                </option>
              ))}
            </select>
          </label>
        )}
        {progress && (
          <p className="muted small">
            {practised} of {total} questions practised.
          </p>
        )}
      </div>
      {progress && (
        <table className="progress-table">
          <thead>
            <tr>
              <th scope="col">Question</th>
              <th scope="col">Attempts</th>
              <th scope="col">Scores over time</th>
              <th scope="col">Latest</th>
              <th scope="col">Next due</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => {
              const last = p.points[p.points.length - 1];
              return (
                <tr key={p.question_id} data-testid="progress-row" data-question={p.question_id}>
                  <td>
                    <div>{p.prompt}</div>
                    <div className="small muted">{p.category}</div>
                  </td>
                  <td className="num">{p.points.length || '—'}</td>
                  <td>
                    {p.points.length > 0 ? (
                      <ProgressChart points={p.points} label={`Scores for “${p.prompt}”`} />
                    ) : (
                      <span className="small muted">Not practised yet</span>
                    )}
                  </td>
                  <td className="num">
                    {last && (
                      <span className={`pill score-${scoreTone(last.score)}`}>{last.score}</span>
                    )}
                  </td>
                  <td className="small" data-testid="progress-due">
                    {p.due_in ?? '—'}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
