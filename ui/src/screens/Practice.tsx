import { useCallback, useEffect, useRef, useState } from 'react';

import * as api from '../api';
import type { AnswerEvent } from '../bindings/AnswerEvent';
import type { AnswerResult } from '../bindings/AnswerResult';
import type { AppStatus } from '../bindings/AppStatus';
import type { SessionPlan } from '../bindings/SessionPlan';
import type { Word } from '../bindings/Word';
import { Icon } from '../components/Icon';
import { LevelMeter } from '../components/LevelMeter';
import { Result } from '../components/Result';
import { Summary } from '../components/Summary';
import { useNotify } from '../lib/errors';
import { clock } from '../lib/format';
import { useShortcuts } from '../lib/keys';
import { speak, stopSpeaking } from '../lib/speech';

type Phase =
  'ready' | 'countdown' | 'recording' | 'working' | 'typing' | 'follow-up' | 'result' | 'summary';

const STOP_NOTES: Record<string, string> = {
  silence: 'Stopped after a pause in speech.',
  'max-length': 'Stopped at the longest answer length.',
  'no-speech': 'No speech was heard, so recording stopped.',
  'silent-microphone': 'The microphone sent only silence: it may be muted.',
  'device-lost': 'The microphone went away.',
  'write-failed':
    'The recording could not be written (is the disk full?); what was recorded is kept.',
};

export function Practice({
  plan,
  status,
  active = true,
  onExit,
  onHistory,
}: {
  plan: SessionPlan;
  status: AppStatus;
  /** False while another tab is shown: no shortcuts, and the countdown waits. */
  active?: boolean;
  onExit: () => void;
  onHistory: () => void;
}) {
  const notify = useNotify();
  const settings = status.settings;
  const canRecord = status.microphone.available && status.default_model != null;

  const [index, setIndex] = useState(0);
  const thinking = canRecord && settings.thinking_s > 0;
  const [phase, setPhaseState] = useState<Phase>(thinking ? 'countdown' : 'ready');
  // The latest answer to each question, by index in the plan.
  const [results, setResults] = useState<Map<number, AnswerResult>>(new Map());
  const [asked, setAsked] = useState(0); // bumps each time the question is (re)asked
  const [remaining, setRemaining] = useState(Math.round(settings.thinking_s));
  const [elapsed, setElapsed] = useState(0);
  const [level, setLevel] = useState({ rms: -Infinity, peak: -Infinity });
  const [committed, setCommitted] = useState<Word[]>([]);
  const [tentative, setTentative] = useState<Word[]>([]);
  const [stopNote, setStopNote] = useState<string | null>(null);
  const [firstWord, setFirstWord] = useState<number | null>(null);
  const [text, setText] = useState('');

  const question = plan.questions[index];
  const total = plan.questions.length;
  const isLast = index === total - 1;
  const result = results.get(index);

  // Channel events arrive outside React's render cycle and need the phase as it is now.
  const phaseRef = useRef(phase);
  const setPhase = useCallback((p: Phase) => {
    phaseRef.current = p;
    setPhaseState(p);
  }, []);
  const stopping = useRef(false);
  // The attempt whose follow-up is being answered, while it is.
  const followingUp = useRef<number | null>(null);
  const [answeringFollowUp, setAnsweringFollowUp] = useState(false);
  // Stop may be pressed (or recording may end) before startAnswer has returned: wait for it.
  const starting = useRef<Promise<unknown>>(Promise.resolve());

  // Ask the question aloud whenever it is shown or repeated.
  useEffect(() => {
    if (!question) return;
    speak(question.prompt, settings.voice, settings.rate);
  }, [question, asked, settings.voice, settings.rate]);

  // Never leave a recording running behind the user's back.
  useEffect(
    () => () => {
      stopSpeaking();
      if (phaseRef.current === 'recording') void api.cancelAnswer().catch(() => {});
    },
    [],
  );

  const finish = useCallback(async () => {
    if (stopping.current) return;
    stopping.current = true;
    setPhase('working');
    try {
      await starting.current.catch(() => {});
      // Marks for `make bench-app`: how much of stop → result is the command, how much drawing.
      performance.mark('viva:stop-sent');
      const r = await api.stopAnswer();
      performance.mark('viva:stop-answered');
      setResults((m) => new Map(m).set(index, r));
      followingUp.current = null;
      setAnsweringFollowUp(false);
      if (r.follow_up_question) {
        // An interviewer's probe for the point left out, asked aloud like the question.
        setPhase('follow-up');
        speak(r.follow_up_question.prompt, settings.voice, settings.rate);
      } else {
        setPhase('result');
      }
    } catch (e) {
      notify.error(e);
      setPhase(followingUp.current != null ? 'follow-up' : 'ready');
    } finally {
      stopping.current = false;
    }
  }, [index, notify, setPhase, settings.voice, settings.rate]);

  const onEvent = useCallback(
    (e: AnswerEvent) => {
      switch (e.kind) {
        case 'level':
          setLevel({ rms: e.rms_db, peak: e.peak_db });
          setElapsed(e.elapsed_s);
          break;
        case 'live':
          setCommitted(e.committed);
          setTentative(e.tentative);
          break;
        case 'stopped':
          setStopNote(e.problem ?? STOP_NOTES[e.reason] ?? null);
          if (phaseRef.current === 'recording') void finish();
          break;
        case 'speech':
          setFirstWord(e.at_s);
          break;
      }
    },
    [finish],
  );

  const start = useCallback(async () => {
    if (!question || !canRecord) return;
    const following = phaseRef.current === 'follow-up' ? (result?.attempt_id ?? null) : null;
    followingUp.current = following;
    setAnsweringFollowUp(following != null);
    stopSpeaking();
    setElapsed(0);
    setLevel({ rms: -Infinity, peak: -Infinity });
    setCommitted([]);
    setTentative([]);
    setStopNote(null);
    setFirstWord(null);
    setPhase('recording');
    try {
      const started =
        following != null
          ? api.startFollowUp(following, onEvent)
          : api.startAnswer(plan.session_id, question.id, onEvent);
      starting.current = started;
      await started;
    } catch (e) {
      notify.error(e);
      setPhase(following != null ? 'follow-up' : 'ready');
    }
  }, [question, canRecord, plan.session_id, onEvent, notify, setPhase, result]);

  const cancel = useCallback(async () => {
    if (phaseRef.current === 'countdown') {
      setPhase('ready');
      return;
    }
    if (phaseRef.current !== 'recording') return;
    setPhase(followingUp.current != null ? 'follow-up' : 'ready');
    try {
      await starting.current.catch(() => {});
      await api.cancelAnswer();
    } catch (e) {
      notify.error(e);
    }
  }, [notify, setPhase]);

  // Thinking time: count down, then start recording by itself.
  useEffect(() => {
    if (phase !== 'countdown' || !active) return;
    const t = setTimeout(() => {
      if (remaining <= 1) void start();
      else setRemaining(remaining - 1);
    }, 1000);
    return () => clearTimeout(t);
  }, [phase, remaining, start, active]);

  // A wall clock while recording, in case level events are sparse.
  useEffect(() => {
    if (phase !== 'recording') return;
    const started = Date.now();
    const t = setInterval(() => setElapsed((e) => Math.max(e, (Date.now() - started) / 1000)), 250);
    return () => clearInterval(t);
  }, [phase]);

  const ask = useCallback(
    (i: number) => {
      setIndex(i);
      setAsked((n) => n + 1);
      setText('');
      setStopNote(null);
      if (thinking) {
        setRemaining(Math.round(settings.thinking_s));
        setPhase('countdown');
      } else {
        setPhase('ready');
      }
    },
    [thinking, settings.thinking_s, setPhase],
  );

  const submitText = async () => {
    if (!question || !text.trim()) return;
    stopSpeaking();
    setPhase('working');
    try {
      const r = await api.answerByText(plan.session_id, question.id, text);
      setResults((m) => new Map(m).set(index, r));
      setPhase('result');
    } catch (e) {
      notify.error(e);
      setPhase('typing');
    }
  };

  const next = () => (isLast ? setPhase('summary') : ask(index + 1));
  const repeat = () => {
    if (phase === 'recording' || phase === 'working') return;
    if (phase === 'follow-up' && result?.follow_up_question)
      speak(result.follow_up_question.prompt, settings.voice, settings.rate);
    else setAsked((n) => n + 1);
  };
  const skipFollowUp = () => {
    stopSpeaking();
    setPhase('result');
  };
  const probe = answeringFollowUp || phase === 'follow-up' ? result?.follow_up_question : null;

  useShortcuts(
    {
      Space: () => {
        if (phase === 'ready' || phase === 'countdown' || phase === 'follow-up') void start();
        else if (phase === 'recording') void finish();
      },
      KeyR: repeat,
      KeyN: () => {
        if (phase === 'result') next();
      },
      Escape: () => void cancel(),
    },
    active,
  );

  if (phase === 'summary') {
    return (
      <div className="page">
        <Summary
          sessionId={plan.session_id}
          results={[...results.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r)}
          asked={total}
          onDone={onExit}
          onHistory={onHistory}
        />
      </div>
    );
  }

  if (!question) {
    return (
      <div className="page">
        <p className="muted">This session has no questions.</p>
        <button type="button" onClick={onExit}>
          Back
        </button>
      </div>
    );
  }

  return (
    <div className="page practice">
      <header className="practice-head">
        <div className="row">
          <span className="pill" data-testid="question-number">
            {index + 1} of {total}
          </span>
          <span className="muted">{question.category}</span>
        </div>
        <button
          type="button"
          className="link"
          onClick={() => (results.size > 0 ? setPhase('summary') : onExit())}
          disabled={phase === 'recording' || phase === 'working'}
        >
          End session
        </button>
      </header>

      <div className="question-card">
        {probe ? (
          <>
            <div className="small muted">Follow-up to: {question.prompt}</div>
            <h1 className="prompt" data-testid="follow-up-prompt">
              {probe.prompt}
            </h1>
          </>
        ) : (
          <h1 className="prompt" data-testid="question-prompt">
            {question.prompt}
          </h1>
        )}
        <button
          type="button"
          className="icon-text"
          data-testid="repeat-question"
          onClick={(e) => {
            // A mouse click leaves focus here, and Space would then repeat instead of start.
            if (e.detail > 0) e.currentTarget.blur();
            repeat();
          }}
          disabled={phase === 'recording' || phase === 'working'}
        >
          <Icon name="speaker" />
          Repeat question <kbd>R</kbd>
        </button>
      </div>

      {phase === 'result' && result ? (
        <Result
          result={result}
          isLast={isLast}
          active={active}
          onRetry={() => ask(index)}
          onNext={next}
          onFinish={() => setPhase('summary')}
        />
      ) : (
        <div className="answer-area">
          {phase === 'follow-up' && (
            <div className="stack center" data-testid="follow-up-offer">
              <p className="small muted center-text">
                Your answer left out a central point, so an interviewer would ask this. Answer in a
                sentence or two; your score so far stays what you said unprompted.
              </p>
              <button
                type="button"
                className="record-button"
                data-testid="start-follow-up"
                onClick={() => void start()}
              >
                <Icon name="mic" size={28} />
                <span>Answer it</span>
              </button>
              <div className="row center">
                <button
                  type="button"
                  className="link"
                  data-testid="skip-follow-up"
                  onClick={skipFollowUp}
                >
                  Skip to the result
                </button>
              </div>
            </div>
          )}

          {phase === 'countdown' && (
            <div className="countdown" role="timer" aria-live="off">
              <span className="muted">Think it through. Recording starts in</span>
              <span className="countdown-number" data-testid="thinking-countdown">
                {remaining}
              </span>
            </div>
          )}

          {phase === 'ready' && !canRecord && (
            <p className="notice" role="note" data-testid="cannot-record">
              {status.microphone.available
                ? 'No speech model is installed yet, so answers are typed for now. Install one in Settings to answer out loud.'
                : (status.microphone.problem ??
                  'No microphone is available. You can still practise by typing your answer.')}
            </p>
          )}

          {(phase === 'ready' || phase === 'countdown') && canRecord && (
            <div className="stack center">
              <button
                type="button"
                className="record-button"
                data-testid="start-answer"
                onClick={() => void start()}
              >
                <Icon name="mic" size={28} />
                <span>Start answering</span>
              </button>
              <div className="small muted">
                <kbd>Space</kbd> to start and stop · <kbd>Esc</kbd> to cancel
              </div>
            </div>
          )}

          {phase === 'recording' && (
            <div className="recording stack">
              <div className="row center">
                <span className="rec-dot" aria-hidden="true" />
                <span className="timer" data-testid="answer-timer" role="timer">
                  {clock(elapsed)}
                </span>
                <span className="small muted">of {clock(settings.max_answer_s)} at most</span>
              </div>
              <div className="small muted center-text" data-testid="first-word">
                {firstWord == null
                  ? 'Take a breath, then start with a one-sentence answer.'
                  : `You started speaking after ${firstWord.toFixed(1)} s.`}
              </div>
              <LevelMeter rmsDb={level.rms} peakDb={level.peak} />
              <p className="live-transcript" data-testid="live-transcript" aria-live="off">
                {committed.length === 0 && tentative.length === 0 && (
                  <span className="muted">Listening…</span>
                )}
                {committed.map((w, i) => (
                  <span key={`c${i}`}>{w.word} </span>
                ))}
                {tentative.map((w, i) => (
                  <span key={`t${i}`} className="tentative">
                    {w.word}{' '}
                  </span>
                ))}
              </p>
              <div className="row center">
                <button
                  type="button"
                  className="primary stop-button"
                  data-testid="stop-answer"
                  onClick={() => void finish()}
                >
                  <Icon name="stop" />
                  Stop <kbd>Space</kbd>
                </button>
                <button type="button" data-testid="cancel-answer" onClick={() => void cancel()}>
                  Cancel <kbd>Esc</kbd>
                </button>
              </div>
            </div>
          )}

          {phase === 'working' && (
            <div className="working stack center" data-testid="working" role="status">
              <span className="spinner" aria-hidden="true" />
              <span>Transcribing and scoring your answer…</span>
              {stopNote && <span className="small muted">{stopNote}</span>}
            </div>
          )}

          {phase === 'typing' && (
            <form
              className="typing stack"
              onSubmit={(e) => {
                e.preventDefault();
                void submitText();
              }}
            >
              <label className="field">
                <span>Your answer</span>
                <textarea
                  data-testid="answer-text"
                  rows={7}
                  value={text}
                  autoFocus
                  onChange={(e) => setText(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                      e.preventDefault();
                      void submitText();
                    }
                  }}
                  placeholder="Write your answer as you would say it."
                />
              </label>
              <div className="row end">
                <button type="button" onClick={() => setPhase('ready')}>
                  {canRecord ? 'Answer out loud instead' : 'Back'}
                </button>
                <button
                  type="submit"
                  className="primary"
                  data-testid="submit-text"
                  disabled={!text.trim()}
                >
                  Score my answer <kbd>Ctrl</kbd>
                  <kbd>Enter</kbd>
                </button>
              </div>
            </form>
          )}

          {(phase === 'ready' || phase === 'countdown') && (
            <div className="row center">
              <button
                type="button"
                className={canRecord ? 'link' : 'primary'}
                data-testid="type-instead"
                onClick={() => {
                  stopSpeaking();
                  setPhase('typing');
                }}
              >
                <Icon name="keyboard" />
                Type your answer instead
              </button>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
