import { useCallback, useEffect, useRef, useState } from 'react';

import * as api from '../api';
import type { AnswerEvent } from '../bindings/AnswerEvent';
import type { Assessment } from '../bindings/Assessment';
import type { Concept } from '../bindings/Concept';
import type { Question } from '../bindings/Question';
import type { Suggestion } from '../bindings/Suggestion';
import { useNotify } from '../lib/errors';
import { Icon } from './Icon';
import { verdictOf } from './Result';

/** Concepts suggested from the model answer; each is accepted or dropped, none added silently. */
export function Suggestions({
  question,
  onAccept,
}: {
  question: Question;
  onAccept: (c: Concept) => void;
}) {
  const notify = useNotify();
  const [offered, setOffered] = useState<Suggestion[] | null>(null);
  const taken = new Set(question.concepts.map((c) => c.name.toLowerCase()));
  const shown = (offered ?? []).filter((s) => !taken.has(s.phrase.toLowerCase()));
  const ask = async () => {
    try {
      setOffered(await api.suggestConcepts(question.model_answer));
    } catch (e) {
      notify.error(e);
    }
  };
  const drop = (s: Suggestion) => setOffered((o) => (o ?? []).filter((x) => x !== s));
  return (
    <section className="suggestions stack-tight" aria-label="Suggested concepts">
      <div className="row">
        <button
          type="button"
          data-testid="suggest-concepts"
          disabled={!question.model_answer.trim()}
          onClick={() => void ask()}
        >
          Suggest concepts from the model answer
        </button>
      </div>
      {offered && shown.length === 0 && (
        <p className="small muted">No more suggestions: every key phrase is a concept already.</p>
      )}
      <ul className="suggestion-list">
        {shown.map((s) => (
          <li key={s.phrase} data-testid="suggestion" data-phrase={s.phrase} className="row">
            <span className="grow">
              {s.phrase}
              {s.aliases.length > 0 && (
                <span className="small muted"> · heard as “{s.aliases.join('”, “')}”</span>
              )}
            </span>
            <button
              type="button"
              data-testid="accept-suggestion"
              onClick={() => {
                onAccept({ name: s.phrase, aliases: s.aliases, weight: 1 });
                drop(s);
              }}
            >
              <Icon name="check" /> Add
            </button>
            <button type="button" className="link" onClick={() => drop(s)}>
              Drop
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * Type an answer, or say one, and see at once what Viva would credit, with the words that
 * matched. Nothing is saved: a spoken try is recorded into a scratch history that is deleted.
 */
export function TryIt({ question, canRecord }: { question: Question; canRecord: boolean }) {
  const notify = useNotify();
  const [text, setText] = useState('');
  const [result, setResult] = useState<Assessment | null>(null);
  const [recording, setRecording] = useState(false);
  const [heard, setHeard] = useState('');
  const stopping = useRef(false);
  const check = async () => {
    try {
      setResult(await api.tryAnswer(question, text));
    } catch (e) {
      notify.error(e);
    }
  };
  const stop = useCallback(async () => {
    if (stopping.current) return;
    stopping.current = true;
    try {
      const tried = await api.stopTryAnswer();
      setText(tried.transcript.words.map((w) => w.word).join(' '));
      setResult(tried.assessment);
    } catch (e) {
      notify.error(e);
    } finally {
      stopping.current = false;
      setRecording(false);
    }
  }, [notify]);
  const say = async () => {
    setHeard('');
    setRecording(true);
    const onEvent = (e: AnswerEvent) => {
      if (e.kind === 'live')
        setHeard([...e.committed, ...e.tentative].map((w) => w.word).join(' '));
      if (e.kind === 'stopped') void stop();
    };
    try {
      await api.startTryAnswer(question, onEvent);
    } catch (e) {
      setRecording(false);
      notify.error(e);
    }
  };
  // Leaving the editor mid-answer throws the answer away.
  useEffect(() => () => void api.cancelTryAnswer().catch(() => {}), []);
  return (
    <section className="try-it stack-tight" aria-labelledby="try-title">
      <h3 id="try-title">Try it</h3>
      <p className="small muted">
        Type a strong answer and a vague one: the strong one should score high and the vague one
        should not. Nothing is saved.
      </p>
      <textarea
        data-testid="try-text"
        rows={4}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder="An answer, as you would say it."
      />
      <div className="row">
        <button
          type="button"
          data-testid="try-check"
          disabled={!text.trim() || recording}
          onClick={() => void check()}
        >
          Check this answer
        </button>
        {canRecord &&
          (recording ? (
            <button
              type="button"
              className="primary"
              data-testid="try-stop"
              onClick={() => void stop()}
            >
              <Icon name="stop" /> Stop
            </button>
          ) : (
            <button type="button" data-testid="try-record" onClick={() => void say()}>
              <Icon name="mic" /> Say it instead
            </button>
          ))}
        {result && (
          <span data-testid="try-score">
            <strong>{result.score}</strong>/100
          </span>
        )}
      </div>
      {recording && (
        <p className="live-transcript small" data-testid="try-live" aria-live="off">
          {heard || <span className="muted">Listening…</span>}
        </p>
      )}
      {result && (
        <ul className="concept-list">
          {result.concepts.map((c) => {
            const v = verdictOf(c);
            return (
              <li
                key={c.name}
                className={`concept ${v === 'covered' ? 'hit' : v}`}
                data-testid="try-concept"
                data-verdict={v}
              >
                <Icon name={v === 'covered' || v === 'mentioned' ? 'check' : 'cross'} size={16} />
                <span>
                  <span className="concept-name">{c.name}</span>{' '}
                  <span className="small muted">
                    {v === 'missed'
                      ? 'not heard'
                      : v === 'misconception'
                        ? `said wrongly: “${c.misconception?.heard ?? ''}”`
                        : `“${c.heard ?? ''}”${v === 'mentioned' ? ' (named only)' : ''}`}
                  </span>
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
