import { useEffect, useState } from 'react';

import * as api from '../api';
import type { Deck } from '../bindings/Deck';
import type { FieldProblem } from '../bindings/FieldProblem';
import type { Question } from '../bindings/Question';
import { useNotify } from '../lib/errors';
import { Suggestions, TryIt } from './AuthoringAids';
import { ConceptsEditor, FieldNote, SubjectsEditor, invalid } from './ConceptsEditor';
import { Icon } from './Icon';

function newQuestion(n: number): Question {
  return {
    id: `question-${n}`,
    category: 'General',
    prompt: '',
    model_answer: '',
    concepts: [],
  };
}

/**
 * A deck being written: its questions (added, moved, deleted), each question's fields and
 * concepts, with the deck validator's problems shown at the fields they are about. Built-in
 * decks are shown read-only.
 */
export function DeckEditor({
  initial,
  was,
  readOnly,
  canRecord,
  onSaved,
  onPractise,
  onClose,
}: {
  initial: Deck;
  /** The id the deck was saved under, `null` for a new deck. */
  was: string | null;
  readOnly: boolean;
  /** A microphone and a speech model: "try it" can be spoken. */
  canRecord: boolean;
  onSaved: (deck: Deck) => void;
  onPractise: (deck: Deck, questionId: string) => void;
  onClose: () => void;
}) {
  const notify = useNotify();
  const [deck, setDeck] = useState<Deck>(initial);
  const [savedAs, setSavedAs] = useState<string | null>(was);
  const [dirty, setDirty] = useState(was == null);
  const [selected, setSelected] = useState(0);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [savedTo, setSavedTo] = useState<string | null>(null);

  // The same validator as `viva decks validate`, a moment after each change.
  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      api.checkDeck(deck).then(
        (p) => live && setProblems(p),
        () => {},
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [deck]);

  const change = (d: Deck) => {
    setDeck(d);
    setDirty(true);
    setSavedTo(null);
  };
  const q = deck.questions[selected];
  const setQuestion = (next: Question) =>
    change({ ...deck, questions: deck.questions.map((x, i) => (i === selected ? next : x)) });
  const move = (by: number) => {
    const to = selected + by;
    if (to < 0 || to >= deck.questions.length) return;
    const questions = [...deck.questions];
    [questions[selected], questions[to]] = [questions[to]!, questions[selected]!];
    change({ ...deck, questions });
    setSelected(to);
  };
  const errors = problems.filter((p) => !p.warning);
  const at = `questions.${selected}`;

  const save = async () => {
    try {
      const saved = await api.saveDeck(deck, savedAs);
      setSavedAs(saved.deck.id);
      setDirty(false);
      setSavedTo(saved.path);
      onSaved(saved.deck);
    } catch (e) {
      notify.error(e);
    }
  };

  return (
    <div className="deck-editor stack" data-testid="deck-editor">
      <header className="row wrap">
        <button type="button" className="link" onClick={onClose}>
          ← All decks
        </button>
        <h1 className="grow">{deck.title || 'Untitled deck'}</h1>
        {readOnly ? (
          <span className="pill">Built-in: read-only</span>
        ) : (
          <button
            type="button"
            className="primary"
            data-testid="save-deck"
            disabled={errors.length > 0 || !dirty}
            onClick={() => void save()}
          >
            {dirty ? 'Save deck' : 'Saved'}
          </button>
        )}
      </header>
      {savedTo && (
        <p className="small muted" role="status" data-testid="deck-saved">
          Saved to {savedTo}
        </p>
      )}
      {errors.length > 0 && !readOnly && (
        <p className="notice small" data-testid="deck-errors">
          {errors.length} {errors.length === 1 ? 'problem' : 'problems'} to fix before saving (shown
          at their fields).
        </p>
      )}
      <FieldNote problems={problems} field="" />

      <div className="grid-2 align-start">
        <label className="field">
          <span>Title</span>
          <input
            data-testid="deck-title"
            value={deck.title}
            readOnly={readOnly}
            onChange={(e) => change({ ...deck, title: e.target.value })}
          />
        </label>
        <label className="field">
          <span>Id (a slug: lower-case letters, digits and hyphens)</span>
          <input
            data-testid="deck-id"
            value={deck.id}
            readOnly={readOnly}
            aria-invalid={invalid(problems, 'id')}
            onChange={(e) => change({ ...deck, id: e.target.value })}
          />
          <FieldNote problems={problems} field="id" />
        </label>
      </div>

      <div className="editor-columns">
        <nav className="question-list stack-tight" aria-label="Questions">
          <FieldNote problems={problems} field="questions" />
          <ol>
            {deck.questions.map((x, i) => (
              <li key={i}>
                <button
                  type="button"
                  className="question-item"
                  data-testid="question-item"
                  aria-current={i === selected ? 'true' : undefined}
                  data-invalid={problems.some(
                    (p) => !p.warning && p.field?.startsWith(`questions.${i}`),
                  )}
                  onClick={() => setSelected(i)}
                >
                  {x.prompt || x.id}
                </button>
              </li>
            ))}
          </ol>
          {!readOnly && (
            <div className="row wrap">
              <button
                type="button"
                data-testid="add-question"
                onClick={() => {
                  change({
                    ...deck,
                    questions: [...deck.questions, newQuestion(deck.questions.length + 1)],
                  });
                  setSelected(deck.questions.length);
                }}
              >
                Add a question
              </button>
              {q && (
                <>
                  <button type="button" aria-label="Move up" onClick={() => move(-1)}>
                    ↑
                  </button>
                  <button type="button" aria-label="Move down" onClick={() => move(1)}>
                    ↓
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    data-testid="delete-question"
                    aria-label="Delete this question"
                    onClick={() => {
                      change({
                        ...deck,
                        questions: deck.questions.filter((_, i) => i !== selected),
                      });
                      setSelected(Math.max(0, selected - 1));
                    }}
                  >
                    <Icon name="trash" />
                  </button>
                </>
              )}
            </div>
          )}
        </nav>

        {q ? (
          <div className="question-form stack" key={selected}>
            <div className="grid-2 align-start">
              <label className="field">
                <span>Question id</span>
                <input
                  data-testid="question-id"
                  value={q.id}
                  readOnly={readOnly}
                  aria-invalid={invalid(problems, `${at}.id`)}
                  onChange={(e) => setQuestion({ ...q, id: e.target.value })}
                />
                <FieldNote problems={problems} field={`${at}.id`} />
              </label>
              <label className="field">
                <span>Category</span>
                <input
                  data-testid="question-category"
                  value={q.category}
                  readOnly={readOnly}
                  aria-invalid={invalid(problems, `${at}.category`)}
                  onChange={(e) => setQuestion({ ...q, category: e.target.value })}
                />
                <FieldNote problems={problems} field={`${at}.category`} />
              </label>
            </div>
            <label className="field">
              <span>Question (read aloud)</span>
              <input
                data-testid="question-prompt-field"
                value={q.prompt}
                readOnly={readOnly}
                aria-invalid={invalid(problems, `${at}.prompt`)}
                onChange={(e) => setQuestion({ ...q, prompt: e.target.value })}
              />
              <FieldNote problems={problems} field={`${at}.prompt`} />
            </label>
            <label className="field">
              <span>Model answer</span>
              <textarea
                data-testid="question-model-answer"
                rows={5}
                value={q.model_answer}
                readOnly={readOnly}
                aria-invalid={invalid(problems, `${at}.model_answer`)}
                onChange={(e) => setQuestion({ ...q, model_answer: e.target.value })}
              />
              <FieldNote problems={problems} field={`${at}.model_answer`} />
            </label>
            <div className="row wrap">
              <label className="field short">
                <span>Target length from (s)</span>
                <input
                  type="number"
                  min={1}
                  data-testid="question-target-min"
                  value={q.target_seconds?.[0] ?? ''}
                  readOnly={readOnly}
                  aria-invalid={invalid(problems, `${at}.target_seconds`)}
                  onChange={(e) =>
                    setQuestion({
                      ...q,
                      target_seconds:
                        e.target.value === ''
                          ? undefined
                          : [Number(e.target.value), q.target_seconds?.[1] ?? 90],
                    })
                  }
                />
              </label>
              <label className="field short">
                <span>to (s)</span>
                <input
                  type="number"
                  min={1}
                  data-testid="question-target-max"
                  value={q.target_seconds?.[1] ?? ''}
                  readOnly={readOnly}
                  onChange={(e) =>
                    setQuestion({
                      ...q,
                      target_seconds:
                        e.target.value === ''
                          ? undefined
                          : [q.target_seconds?.[0] ?? 30, Number(e.target.value)],
                    })
                  }
                />
              </label>
              <FieldNote problems={problems} field={`${at}.target_seconds`} />
            </div>
            <details className="code-field" open={q.code != null}>
              <summary>Code shown with the model answer (optional)</summary>
              <label className="field">
                <span>Language</span>
                <input
                  value={q.code?.language ?? 'python'}
                  readOnly={readOnly}
                  onChange={(e) =>
                    setQuestion({
                      ...q,
                      code: { language: e.target.value, source: q.code?.source ?? '' },
                    })
                  }
                />
              </label>
              <label className="field">
                <span>Code</span>
                <textarea
                  className="code"
                  rows={5}
                  value={q.code?.source ?? ''}
                  readOnly={readOnly}
                  onChange={(e) =>
                    setQuestion({
                      ...q,
                      code: e.target.value
                        ? { language: q.code?.language ?? 'python', source: e.target.value }
                        : undefined,
                    })
                  }
                />
              </label>
            </details>
            <SubjectsEditor
              subjects={q.subjects ?? []}
              base={at}
              problems={problems}
              readOnly={readOnly}
              onChange={(subjects) => setQuestion({ ...q, subjects })}
            />
            <ConceptsEditor
              concepts={q.concepts}
              subjects={(q.subjects ?? []).map((s) => s.name).filter((n) => n.trim())}
              base={at}
              problems={problems}
              readOnly={readOnly}
              onChange={(concepts) => setQuestion({ ...q, concepts })}
            />
            {!readOnly && (
              <Suggestions
                question={q}
                onAccept={(c) => setQuestion({ ...q, concepts: [...q.concepts, c] })}
              />
            )}
            <TryIt question={q} canRecord={canRecord} />
            {!readOnly && (
              <div className="row">
                <button
                  type="button"
                  data-testid="practise-question"
                  disabled={dirty || savedAs == null}
                  title={dirty ? 'Save the deck first' : undefined}
                  onClick={() => onPractise(deck, q.id)}
                >
                  <Icon name="mic" /> Practise this question
                </button>
              </div>
            )}
          </div>
        ) : (
          <p className="muted">No questions yet: add one.</p>
        )}
      </div>
    </div>
  );
}
