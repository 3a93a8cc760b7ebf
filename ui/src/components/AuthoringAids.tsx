import { useState } from 'react';

import * as api from '../api';
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

/** Type an answer and see at once what Viva would credit, with the words that matched. */
export function TryIt({ question }: { question: Question }) {
  const notify = useNotify();
  const [text, setText] = useState('');
  const [result, setResult] = useState<Assessment | null>(null);
  const check = async () => {
    try {
      setResult(await api.tryAnswer(question, text));
    } catch (e) {
      notify.error(e);
    }
  };
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
          disabled={!text.trim()}
          onClick={() => void check()}
        >
          Check this answer
        </button>
        {result && (
          <span data-testid="try-score">
            <strong>{result.score}</strong>/100
          </span>
        )}
      </div>
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
