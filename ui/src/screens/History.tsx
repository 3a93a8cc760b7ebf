import { useCallback, useEffect, useState } from 'react';

import * as api from '../api';
import type { Attempt } from '../bindings/Attempt';
import type { QuestionProgress } from '../bindings/QuestionProgress';
import type { Session } from '../bindings/Session';
import type { DeckSummary } from '../bindings/DeckSummary';
import type { SessionSummary } from '../bindings/SessionSummary';
import { ComparisonView } from '../components/Comparison';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ExportButtons } from '../components/ExportButtons';
import { Icon } from '../components/Icon';
import { ProgressChart } from '../components/ProgressChart';
import { ProgressOverview } from '../components/ProgressOverview';
import { FollowUpResult } from '../components/FollowUpResult';
import { Replay } from '../components/Replay';
import { ConceptLists, ModelAnswer, scoreTone } from '../components/Result';
import { Metrics } from '../components/Metrics';
import { useNotify } from '../lib/errors';
import { dateTime, modeLabel } from '../lib/format';

type Pending = { kind: 'session'; id: number } | { kind: 'attempt'; id: number };

export function History() {
  const notify = useNotify();
  const [list, setList] = useState<SessionSummary[] | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [session, setSession] = useState<Session | null>(null);
  const [progress, setProgress] = useState<QuestionProgress[]>([]);
  const [open, setOpen] = useState<number | null>(null); // attempt shown in detail
  const [comparing, setComparing] = useState<number | null>(null); // attempt compared
  const [pending, setPending] = useState<Pending | null>(null);
  const [decks, setDecks] = useState<DeckSummary[]>([]);
  const [view, setView] = useState<'sessions' | 'progress'>('sessions');
  const deckTitles = new Map(decks.map((d) => [d.id, d.title]));

  const loadList = useCallback(async () => {
    try {
      const l = await api.sessions();
      setList(l);
      return l;
    } catch (e) {
      notify.error(e);
      setList([]);
      return [];
    }
  }, [notify]);

  useEffect(() => {
    // Titles only make the list friendlier; without them the deck id is shown.
    api.decks().then(setDecks, notify.error);
  }, [notify]);

  useEffect(() => {
    api.sessions().then(
      (l) => {
        setList(l);
        setSelected((s) => s ?? l[0]?.id ?? null);
      },
      (e: unknown) => {
        notify.error(e);
        setList([]);
      },
    );
  }, [notify]);

  useEffect(() => {
    if (selected == null) return;
    let live = true;
    api.session(selected).then(async (s) => {
      if (!live) return;
      setSession(s);
      setOpen(null);
      try {
        const p = await api.questionProgress(s.summary.deck_id);
        if (live) setProgress(p);
      } catch (e) {
        notify.error(e);
      }
    }, notify.error);
    return () => {
      live = false;
    };
  }, [selected, notify]);

  const confirmDelete = async () => {
    if (!pending) return;
    const what = pending;
    setPending(null);
    try {
      if (what.kind === 'session') {
        await api.deleteSession(what.id);
        const l = await loadList();
        setSelected(l[0]?.id ?? null);
        notify.info('Session deleted.');
      } else {
        await api.deleteAttempt(what.id);
        const l = await loadList();
        if (session && !l.some((s) => s.id === session.summary.id)) setSelected(l[0]?.id ?? null);
        else if (session) setSession(await api.session(session.summary.id));
        notify.info('Answer deleted.');
      }
    } catch (e) {
      notify.error(e);
    }
  };

  // The detail shown belongs to the selected session (it lags a moment while loading).
  const shown = session && session.summary.id === selected ? session : null;

  const pointsFor = (a: Attempt) =>
    progress.find((p) => p.question_id === a.question.id)?.points ?? [];

  if (list && list.length === 0) {
    return (
      <div className="page">
        <header className="page-head">
          <h1>History</h1>
        </header>
        <div className="card empty">
          <p>No sessions yet. Answer a question and it will appear here, ready to replay.</p>
        </div>
      </div>
    );
  }

  return (
    <div className="page history">
      <header className="page-head row-between">
        <h1>History</h1>
        <div className="segmented" role="group" aria-label="View">
          <button
            type="button"
            data-testid="view-sessions"
            aria-pressed={view === 'sessions'}
            onClick={() => setView('sessions')}
          >
            Sessions
          </button>
          <button
            type="button"
            data-testid="view-progress"
            aria-pressed={view === 'progress'}
            onClick={() => setView('progress')}
          >
            Progress by question
          </button>
        </div>
      </header>
      {view === 'progress' && decks.length > 0 && <ProgressOverview decks={decks} />}
      <div className="split" hidden={view !== 'sessions'}>
        <ul className="session-list" aria-label="Sessions">
          {(list ?? []).map((s) => (
            <li key={s.id}>
              <button
                type="button"
                className="session-row"
                data-testid="session-row"
                data-session-id={s.id}
                aria-current={s.id === selected ? 'true' : undefined}
                onClick={() => setSelected(s.id)}
              >
                <span className="session-date">{dateTime(s.started_at)}</span>
                <span className="small muted">
                  {deckTitles.get(s.deck_id) ?? s.deck_id} · {modeLabel(s.mode)} ·{' '}
                  {s.questions === 1 ? '1 question' : `${s.questions} questions`}
                </span>
                {s.average_score != null && (
                  <span className={`pill score-${scoreTone(s.average_score)}`}>
                    {Math.round(s.average_score)}
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>

        {shown && (
          <section className="session-detail stack" data-testid="session-detail">
            <div className="detail-head">
              <div>
                <h2>{dateTime(shown.summary.started_at)}</h2>
                <div className="small muted">
                  {deckTitles.get(shown.summary.deck_id) ?? shown.summary.deck_id} ·{' '}
                  {modeLabel(shown.summary.mode)} · {shown.attempts.length}{' '}
                  {shown.attempts.length === 1 ? 'answer' : 'answers'}
                  {shown.summary.average_score != null &&
                    ` · average ${Math.round(shown.summary.average_score)}`}
                </div>
              </div>
              <button
                type="button"
                className="danger-outline"
                data-testid="delete-session"
                onClick={() => setPending({ kind: 'session', id: shown.summary.id })}
              >
                <Icon name="trash" />
                Delete session
              </button>
            </div>
            <ExportButtons key={shown.summary.id} sessionId={shown.summary.id} />

            <ul className="attempts">
              {shown.attempts.map((a) => (
                <li key={a.id} className="attempt" data-testid="attempt-row" data-attempt-id={a.id}>
                  <div className="attempt-line">
                    <span className={`pill score-${scoreTone(a.assessment.score)}`}>
                      {a.assessment.score}
                    </span>
                    <div className="attempt-text">
                      <div className="attempt-prompt">{a.question.prompt}</div>
                      <div className="small muted">
                        {a.question.category} · {dateTime(a.created_at)}
                        {a.audio_path ? '' : ' · typed'}
                        {a.status === 'interrupted' ? ' · recovered after an interruption' : ''}
                        {a.rescored ? ' · scored again: an older result could not be read' : ''}
                      </div>
                    </div>
                    <ProgressChart
                      points={pointsFor(a)}
                      highlight={a.id}
                      label={`Scores for “${a.question.prompt}”`}
                    />
                    <div className="row">
                      <button
                        type="button"
                        data-testid="replay"
                        aria-expanded={open === a.id}
                        onClick={() => setOpen(open === a.id ? null : a.id)}
                      >
                        <Icon name={open === a.id ? 'cross' : a.audio_path ? 'play' : 'file'} />
                        {open === a.id ? 'Close' : a.audio_path ? 'Replay' : 'Details'}
                      </button>
                      {pointsFor(a).length > 1 && (
                        <button
                          type="button"
                          data-testid="compare"
                          title="Compare with the answer to this question before it"
                          aria-expanded={comparing === a.id}
                          onClick={() => setComparing(comparing === a.id ? null : a.id)}
                        >
                          {comparing === a.id ? 'Close' : 'Compare'}
                        </button>
                      )}
                      <button
                        type="button"
                        className="icon-button"
                        data-testid="delete-attempt"
                        aria-label="Delete this answer"
                        onClick={() => setPending({ kind: 'attempt', id: a.id })}
                      >
                        <Icon name="trash" />
                      </button>
                    </div>
                  </div>
                  {comparing === a.id && (
                    <ComparisonView
                      attemptId={a.id}
                      deckId={a.deck_id}
                      questionId={a.question.id}
                    />
                  )}
                  {open === a.id && (
                    <div className="attempt-detail stack">
                      <Replay
                        attemptId={a.id}
                        transcript={a.transcript}
                        concepts={a.assessment.concepts}
                        hasAudio={a.audio_path != null}
                      />
                      <ConceptLists concepts={a.assessment.concepts} />
                      {a.follow_up && (
                        <FollowUpResult
                          attemptId={a.id}
                          followUp={a.follow_up}
                          hasAudio={a.follow_up_audio != null}
                        />
                      )}
                      <div className="stack">
                        <Metrics metrics={a.assessment.metrics} />
                        <section className="tips" aria-label="Tips">
                          <h3>Tips</h3>
                          <ul>
                            {a.assessment.tips.map((t) => (
                              <li key={t}>{t}</li>
                            ))}
                          </ul>
                        </section>
                      </div>
                      <ModelAnswer question={a.question} />
                    </div>
                  )}
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>

      {pending && (
        <ConfirmDialog
          title={pending.kind === 'session' ? 'Delete this session?' : 'Delete this answer?'}
          confirmLabel="Delete"
          onConfirm={() => void confirmDelete()}
          onCancel={() => setPending(null)}
        >
          {pending.kind === 'session'
            ? 'Every answer in it and its recordings will be deleted. This cannot be undone.'
            : 'The answer and its recording will be deleted. This cannot be undone.'}
        </ConfirmDialog>
      )}
    </div>
  );
}
