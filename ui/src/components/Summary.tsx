import type { AnswerResult } from '../bindings/AnswerResult';
import { ExportButtons } from './ExportButtons';
import { scoreTone } from './Result';

/** End of a session: average and each question's (latest) score, and exports. */
export function Summary({
  sessionId,
  results,
  onDone,
  onHistory,
}: {
  sessionId: number;
  results: AnswerResult[];
  onDone: () => void;
  onHistory: () => void;
}) {
  const average = results.length
    ? Math.round(results.reduce((s, r) => s + r.assessment.score, 0) / results.length)
    : null;
  return (
    <div className="summary stack" data-testid="session-summary">
      <h2>Session complete</h2>
      {average == null ? (
        <p className="muted">No answers were given in this session.</p>
      ) : (
        <div className="result-head">
          <div className={`score score-${scoreTone(average)}`}>
            <span className="score-number" data-testid="summary-average">
              {average}
            </span>
            <span className="score-of">average</span>
          </div>
          <p className="muted">
            {results.length === 1 ? 'One answer' : `${results.length} answers`}. Each attempt is
            kept in History, where you can replay it.
          </p>
        </div>
      )}
      <ol className="summary-list">
        {results.map((r) => (
          <li key={r.attempt_id} data-testid="summary-row">
            <span className="summary-prompt">{r.question.prompt}</span>
            <span className={`pill score-${scoreTone(r.assessment.score)}`}>
              {r.assessment.score}
            </span>
          </li>
        ))}
      </ol>
      {results.length > 0 && <ExportButtons sessionId={sessionId} />}
      <div className="row">
        <button type="button" className="primary" onClick={onDone}>
          Practise more
        </button>
        <button type="button" onClick={onHistory}>
          Open history
        </button>
      </div>
    </div>
  );
}
