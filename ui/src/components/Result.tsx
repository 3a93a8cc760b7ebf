import { useEffect, useRef, useState } from 'react';

import type { AnswerResult } from '../bindings/AnswerResult';
import type { ConceptResult } from '../bindings/ConceptResult';
import type { Question } from '../bindings/Question';
import type { Verdict } from '../bindings/Verdict';
import { clock } from '../lib/format';
import { FollowUpResult } from './FollowUpResult';
import { Icon } from './Icon';
import { Metrics } from './Metrics';
import { Replay } from './Replay';
import { TranscriptView } from './TranscriptView';

export function scoreTone(score: number): 'good' | 'fair' | 'low' {
  return score >= 75 ? 'good' : score >= 40 ? 'fair' : 'low';
}

function hitDetail(c: ConceptResult): string {
  const parts: string[] = [];
  // As transcribed, less the punctuation that clings to the last word ("in place;").
  const heard = c.heard?.replace(/[\s.,;:!?]+$/, '');
  if (heard && heard.toLowerCase() !== c.name.toLowerCase()) parts.push(`“${heard}”`);
  if (c.kind === 'fuzzy') parts.push('close match');
  return parts.join(' · ');
}

/** The verdict, also for results saved before verdicts existed (then covered = matched). */
export function verdictOf(c: ConceptResult): Verdict {
  return c.verdict ?? (c.matched ? 'covered' : 'missed');
}

/** Wrong claims, first and apart from the rest: the words, when, and what is true. */
export function Misconceptions({ concepts }: { concepts: ConceptResult[] }) {
  const wrong = concepts.filter((c) => c.misconception);
  if (wrong.length === 0) return null;
  return (
    <section className="misconceptions" aria-labelledby="misconceptions-title">
      <h3 id="misconceptions-title">
        Said wrongly <span className="count">{wrong.length}</span>
        <span className="small muted detail"> · each costs what it would have earned</span>
      </h3>
      <ul className="concept-list">
        {wrong.map((c) => {
          const m = c.misconception!;
          return (
            <li
              key={c.name}
              className="concept misconception"
              data-testid="misconception"
              data-concept={c.name}
            >
              <Icon name="cross" size={16} />
              <span>
                <span className="concept-name">{c.name}</span>{' '}
                {m.start_s != null && (
                  <span className="time" title="When you said it">
                    {clock(m.start_s)}
                  </span>
                )}{' '}
                <span className="detail">
                  You said “{m.heard.replace(/[\s.,;:!?]+$/, '')}” ({m.how})
                </span>
                <br />
                <span className="small truth" data-testid="misconception-truth">
                  In fact: {m.truth}
                </span>
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function ConceptLists({ concepts }: { concepts: ConceptResult[] }) {
  const hits = concepts
    .filter((c) => c.matched)
    .sort((a, b) => (a.start_s ?? Infinity) - (b.start_s ?? Infinity));
  const missed = concepts.filter((c) => verdictOf(c) === 'missed');
  return (
    <>
      <Misconceptions concepts={concepts} />
      <div className="concepts grid-2">
        <section aria-labelledby="hit-title">
          <h3 id="hit-title">
            Covered <span className="count">{hits.length}</span>
          </h3>
          {hits.length === 0 && <p className="small muted">None of the key points yet.</p>}
          <ul className="concept-list">
            {hits.map((c) => (
              <li
                key={c.name}
                className={verdictOf(c) === 'mentioned' ? 'concept mentioned' : 'concept hit'}
                data-testid={verdictOf(c) === 'mentioned' ? 'concept-mentioned' : 'concept-hit'}
                data-concept={c.name}
              >
                <Icon name="check" size={16} />
                <span>
                  <span className="concept-name">{c.name}</span>{' '}
                  {c.start_s != null && (
                    <span className="time" title="When you said it">
                      {clock(c.start_s)}
                    </span>
                  )}{' '}
                  {hitDetail(c) && <span className="small muted detail">{hitDetail(c)}</span>}
                  {verdictOf(c) === 'mentioned' && (
                    <span className="small muted detail"> · named only: half credit</span>
                  )}
                  {c.note && <span className="small muted note">{c.note}</span>}
                </span>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="missed-title">
          <h3 id="missed-title">
            Missed <span className="count">{missed.length}</span>
          </h3>
          {missed.length === 0 && <p className="small muted">Nothing missed. Well done.</p>}
          <ul className="concept-list">
            {missed.map((c) => (
              <li
                key={c.name}
                className="concept missed"
                data-testid="concept-missed"
                data-concept={c.name}
              >
                <Icon name="cross" size={16} />
                <span>
                  <span className="concept-name">{c.name}</span>
                  {c.note && <span className="small muted note">{c.note}</span>}
                </span>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}

export function ModelAnswer({ question }: { question: Question }) {
  return (
    <section className="model-answer" data-testid="model-answer" aria-labelledby="model-title">
      <h3 id="model-title">A strong answer</h3>
      <p>{question.model_answer}</p>
      {question.code && (
        <pre className="code" aria-label={`${question.code.language} example`}>
          <code>{question.code.source}</code>
        </pre>
      )}
    </section>
  );
}

export function Result({
  result,
  isLast,
  active = true,
  onRetry,
  onNext,
  onFinish,
}: {
  result: AnswerResult;
  isLast: boolean;
  /** False while hidden behind another tab: the replay pauses. */
  active?: boolean;
  onRetry: () => void;
  onNext: () => void;
  onFinish: () => void;
}) {
  const a = result.assessment;
  // Move focus to the result when it appears, so screen readers announce the score and Tab
  // starts from Try again / Next.
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    root.current?.focus({ preventScroll: true });
  }, [result.attempt_id]);
  const complete = useSecondFrame(result.attempt_id);
  return (
    <div
      className="result stack"
      data-testid="result"
      ref={root}
      tabIndex={-1}
      aria-label={`Result: ${a.score} out of 100`}
    >
      <div className="result-head">
        <div className={`score score-${scoreTone(a.score)}`}>
          <span data-testid="result-score" className="score-number">
            {a.score}
          </span>
          <span className="score-of">/ 100</span>
        </div>
        <div className="stack-tight">
          <div className="small muted">
            Key points covered, weighted
            {result.follow_up ? ', unprompted' : ''}
          </div>
          {result.follow_up && (
            <div className="small" data-testid="score-with-follow-up">
              <strong>{result.follow_up.with_follow_up}</strong> counting the follow-up
            </div>
          )}
          {result.next_review && (
            <div className="small" data-testid="next-review">
              Comes back <strong>{result.next_review.due_in}</strong>{' '}
              <span className="muted">({result.next_review.grade.reason})</span>
            </div>
          )}
          <div className="row wrap">
            <button type="button" data-testid="retry" onClick={onRetry}>
              <Icon name="retry" />
              Try again
            </button>
            {!isLast && (
              <button type="button" className="primary" data-testid="next" onClick={onNext}>
                Next question
                <Icon name="next" />
                <kbd>N</kbd>
              </button>
            )}
            <button
              type="button"
              className={isLast ? 'primary' : undefined}
              data-testid="finish"
              onClick={onFinish}
            >
              {isLast ? 'See summary' : 'Finish'}
            </button>
          </div>
        </div>
      </div>

      {result.problem && (
        <p className="notice" role="note">
          {result.problem}
        </p>
      )}

      <ConceptLists concepts={a.concepts} />

      {complete && <Details result={result} active={active} />}
    </div>
  );
}

/**
 * True from the frame after `key` first rendered. The score and the points covered are drawn
 * first, the rest (a button per word, the metrics, the model answer) a frame later: on a busy
 * laptop drawing it all at once took half a second after the scoring itself was done (issue 13).
 */
function useSecondFrame(key: number): boolean {
  const [drawn, setDrawn] = useState<number | null>(null);
  useEffect(() => {
    // After the first paint: a timeout queued from the frame callback runs once it is shown.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setDrawn(key), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [key]);
  return drawn === key;
}

/** What you said, the follow-up, delivery and tips, and the model answer. */
function Details({ result, active }: { result: AnswerResult; active: boolean }) {
  const a = result.assessment;
  return (
    <>
      <section aria-labelledby="transcript-title">
        <h3 id="transcript-title">What you said</h3>
        {result.audio_path != null && result.transcript.words.length > 0 ? (
          <Replay
            attemptId={result.attempt_id}
            transcript={result.transcript}
            concepts={a.concepts}
            hasAudio
            active={active}
            transcriptTestId="result-transcript"
          />
        ) : (
          <TranscriptView
            words={result.transcript.words}
            concepts={a.concepts}
            testid="result-transcript"
          />
        )}
      </section>

      {result.follow_up && (
        <FollowUpResult
          attemptId={result.attempt_id}
          followUp={result.follow_up}
          hasAudio={result.audio_path != null}
          active={active}
        />
      )}

      <div className="grid-2 align-start">
        <Metrics metrics={a.metrics} baseline={result.baseline} />
        <section className="tips" data-testid="tips" aria-labelledby="tips-title">
          <h3 id="tips-title">Tips</h3>
          <ul>
            {a.tips.map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ul>
        </section>
      </div>

      <ModelAnswer question={result.question} />
    </>
  );
}
