import { useEffect, useMemo, useState } from 'react';
import type { FormEvent } from 'react';

import * as api from '../api';
import type { Agenda } from '../bindings/Agenda';
import type { AppStatus } from '../bindings/AppStatus';
import type { Deck } from '../bindings/Deck';
import type { DeckSummary } from '../bindings/DeckSummary';
import type { Mode } from '../bindings/Mode';
import type { QuestionProgress } from '../bindings/QuestionProgress';
import type { SessionPlan } from '../bindings/SessionPlan';
import { Icon } from '../components/Icon';
import { useNotify } from '../lib/errors';
import { byWeakness, latestScores } from '../lib/weakest';

const MODES: { id: Mode; label: string; hint: string }[] = [
  { id: 'single', label: 'Single question', hint: 'One question, your weakest by default.' },
  {
    id: 'mock',
    label: 'Mock interview',
    hint: 'Random questions back to back, like the real thing.',
  },
  {
    id: 'weak-spots',
    label: 'Weak spots',
    hint: 'Questions you have not answered yet, then your lowest scores.',
  },
  {
    id: 'due',
    label: 'Due',
    hint: 'Spaced repetition: what is due today, then a few new questions.',
  },
];

/** "7 due today, 3 new · next due in 2 days", for the Due mode. */
export function agendaLine(a: Agenda): string {
  const today = `${a.due.length} due today, ${a.new.length} new`;
  return a.next_due_in ? `${today} · next due ${a.next_due_in}` : today;
}

export function Home({
  status,
  onStart,
  onOpenSettings,
}: {
  status: AppStatus;
  onStart: (plan: SessionPlan) => void;
  onOpenSettings: () => void;
}) {
  const notify = useNotify();
  const [deckList, setDeckList] = useState<DeckSummary[]>([]);
  const [deckId, setDeckId] = useState<string>('');
  const [deck, setDeck] = useState<Deck | null>(null);
  const [progress, setProgress] = useState<QuestionProgress[]>([]);
  const [agenda, setAgenda] = useState<Agenda | null>(null);
  const [category, setCategory] = useState<string>('');
  const [mode, setMode] = useState<Mode>('mock');
  const [count, setCount] = useState(5);
  const [questionId, setQuestionId] = useState<string>('');
  const [starting, setStarting] = useState(false);

  useEffect(() => {
    api.decks().then((list) => {
      setDeckList(list);
      setDeckId((current) => current || list[0]?.id || '');
    }, notify.error);
  }, [notify]);

  useEffect(() => {
    if (!deckId) return;
    let live = true;
    Promise.all([api.deck(deckId), api.questionProgress(deckId), api.agenda(deckId)]).then(
      ([d, p, a]) => {
        if (!live) return;
        setDeck(d);
        setProgress(p);
        setAgenda(a);
        setCategory('');
        setQuestionId('');
      },
      notify.error,
    );
    return () => {
      live = false;
    };
  }, [deckId, notify]);

  const summary = deckList.find((d) => d.id === deckId);
  const categories = summary?.categories ?? [];
  const pool = useMemo(
    () => (deck?.questions ?? []).filter((q) => !category || q.category === category),
    [deck, category],
  );
  const ranked = useMemo(() => byWeakness(pool, progress), [pool, progress]);
  const scores = useMemo(() => latestScores(progress), [progress]);
  const weakest = ranked[0];
  const chosenQuestion = questionId && pool.some((q) => q.id === questionId) ? questionId : '';
  const maxCount = Math.max(1, pool.length);

  const start = async (e: FormEvent) => {
    e.preventDefault();
    if (!deckId) return;
    setStarting(true);
    try {
      const plan = await api.planSession({
        deck_id: deckId,
        category: category || null,
        count: mode === 'single' ? 1 : Math.min(Math.max(1, Math.round(count) || 1), maxCount),
        mode,
        question_id: mode === 'single' ? chosenQuestion || weakest?.id || null : null,
      });
      onStart(plan);
    } catch (err) {
      notify.error(err);
    } finally {
      setStarting(false);
    }
  };

  const mic = status.microphone;
  const model = status.default_model;

  return (
    <div className="page home">
      <header className="page-head">
        <h1>Practise</h1>
        <p className="muted">Choose what to practise. Questions are read aloud; answer out loud.</p>
      </header>

      <div className="status-strip">
        <div className="chip" data-testid="model-status" data-ok={model ? 'true' : 'false'}>
          <span className="dot" aria-hidden="true" />
          {model ? (
            <>
              Speech model: <strong>{model}</strong>
            </>
          ) : (
            <>
              No speech model —{' '}
              <button type="button" className="link inline" onClick={onOpenSettings}>
                install one
              </button>
            </>
          )}
        </div>
        <div className="chip" data-testid="mic-status" data-ok={mic.available ? 'true' : 'false'}>
          <span className="dot" aria-hidden="true" />
          {mic.available ? (
            <>
              Microphone: <strong>{mic.name ?? 'system default'}</strong>
            </>
          ) : (
            <span title={mic.problem ?? undefined}>No microphone: you can type your answers</span>
          )}
        </div>
      </div>
      {!mic.available && mic.problem && <p className="notice small">{mic.problem}</p>}
      {status.deck_problems.length > 0 && (
        <details className="notice small">
          <summary>
            {status.deck_problems.length === 1
              ? 'One of your deck files could not be loaded'
              : `${status.deck_problems.length} of your deck files could not be loaded`}
          </summary>
          <ul>
            {status.deck_problems.map((p) => (
              <li key={p}>
                <pre className="problem">{p}</pre>
              </li>
            ))}
          </ul>
        </details>
      )}

      <form className="card stack" noValidate onSubmit={(e) => void start(e)}>
        <div className="grid-2">
          <label className="field">
            <span>Deck</span>
            <select
              data-testid="deck-select"
              value={deckId}
              onChange={(e) => setDeckId(e.target.value)}
            >
              {deckList.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.title} ({d.question_count})
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Category</span>
            <select
              data-testid="category-select"
              value={category}
              onChange={(e) => setCategory(e.target.value)}
            >
              <option value="">All categories</option>
              {categories.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
        </div>

        <fieldset className="modes">
          <legend>Mode</legend>
          {MODES.map((m) => (
            <label key={m.id} className="mode" data-checked={mode === m.id}>
              <input
                type="radio"
                name="mode"
                value={m.id}
                data-testid={`mode-${m.id}`}
                checked={mode === m.id}
                onChange={() => setMode(m.id)}
              />
              <span className="mode-label">{m.label}</span>
              <span className="small muted">{m.hint}</span>
              {m.id === 'due' && agenda && (
                <span className="small" data-testid="agenda">
                  {agendaLine(agenda)}
                </span>
              )}
            </label>
          ))}
        </fieldset>

        {mode === 'due' ? null : mode === 'single' ? (
          <label className="field">
            <span>Question</span>
            <select
              data-testid="question-select"
              value={chosenQuestion || weakest?.id || ''}
              onChange={(e) => setQuestionId(e.target.value)}
            >
              {ranked.map((q) => {
                const s = scores.get(q.id);
                return (
                  <option key={q.id} value={q.id}>
                    {q === weakest ? '★ ' : ''}
                    {q.prompt} — {s == null ? 'not answered yet' : `last ${s}`}
                  </option>
                );
              })}
            </select>
            <span className="small muted">Weakest first: never answered, then lowest score.</span>
          </label>
        ) : (
          <label className="field short">
            <span>How many questions</span>
            <input
              type="number"
              data-testid="count-input"
              min={1}
              max={maxCount}
              value={Math.min(count, maxCount)}
              onChange={(e) => setCount(e.target.valueAsNumber)}
            />
            <span className="small muted">
              {pool.length === 1 ? 'One question' : `Up to ${pool.length} questions`} in{' '}
              {category ? `“${category}”` : 'this deck'}.
            </span>
          </label>
        )}

        <div className="row end">
          <button
            type="submit"
            className="primary big"
            data-testid="start-practice"
            disabled={!deckId || starting || pool.length === 0}
          >
            <Icon name="mic" />
            {starting ? 'Preparing…' : 'Start'}
          </button>
        </div>
      </form>
    </div>
  );
}
