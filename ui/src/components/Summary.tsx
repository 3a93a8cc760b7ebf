import type { AnswerResult } from '../bindings/AnswerResult';
import { ExportButtons } from './ExportButtons';
import { scoreTone } from './Result';

/** End of a session: average and each question's latest score, and exports. */
export function Summary({
  sessionId,
  results,
  asked,
  onDone,
  onHistory,
}: {
  sessionId: number;
  /** The latest answer to each question answered, in the order asked. */
  results: AnswerResult[];
  /** How many questions the session planned. */
  asked: number;
  onDone: () => void;
  onHistory: () => void;
}) {
  const average = results.length
    ? Math.round(results.reduce((s, r) => s + r.assessment.score, 0) / results.length)
    : null;
  const answered =
    results.length === asked
      ? asked === 1
        ? 'You answered the question.'
        : `You answered all ${asked} questions.`
      : `You answered ${results.length} of ${asked} questions.`;
  return (
    <div className="summary card stack" data-testid="session-summary">
      <h1>Session complete</h1>
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
            {answered} Every attempt is kept in History, where you can replay it and follow your
            progress.
          </p>
        </div>
      )}
      {results.length > 0 && (
        <table className="summary-table">
          <thead>
            <tr>
              <th scope="col">Question</th>
              <th scope="col">Category</th>
              <th scope="col">Score</th>
            </tr>
          </thead>
          <tbody>
            {results.map((r) => (
              <tr key={r.attempt_id} data-testid="summary-row">
                <td>{r.question.prompt}</td>
                <td className="muted">{r.question.category}</td>
                <td>
                  <span className={`pill score-${scoreTone(r.assessment.score)}`}>
                    {r.assessment.score}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
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
