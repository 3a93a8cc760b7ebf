import { useCallback, useEffect, useState } from 'react';

import * as api from '../api';
import type { Deck } from '../bindings/Deck';
import type { DeckSummary } from '../bindings/DeckSummary';
import type { SessionPlan } from '../bindings/SessionPlan';
import { DeckEditor } from '../components/DeckEditor';
import { Icon } from '../components/Icon';
import { useNotify } from '../lib/errors';

type Editing = { deck: Deck; was: string | null; readOnly: boolean };

const EMPTY: Deck = {
  id: 'my-questions',
  title: 'My questions',
  description: '',
  language: 'en',
  questions: [],
};

/** Decks: the built-in ones (read-only, duplicate to edit) and the user's own, to write. */
export function Decks({
  canRecord,
  onChanged,
  onPractise,
}: {
  canRecord: boolean;
  /** A deck was written: Home's list is stale. */
  onChanged: () => void;
  onPractise: (plan: SessionPlan) => void;
}) {
  const notify = useNotify();
  const [decks, setDecks] = useState<DeckSummary[]>([]);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(() => {
    api.decks().then(setDecks, (e: unknown) => notify.error(e));
  }, [notify]);
  useEffect(load, [load]);

  const edit = async (id: string) => {
    try {
      const d = await api.openDeck(id);
      setEditing({ deck: d.deck, was: d.built_in ? null : d.deck.id, readOnly: d.built_in });
    } catch (e) {
      notify.error(e);
    }
  };
  const written = (id: string, message: string) => {
    setNotice(message);
    load();
    onChanged();
    void edit(id);
  };
  const duplicate = async (d: DeckSummary) => {
    const taken = new Set(decks.map((x) => x.id));
    let newId = `${d.id}-copy`;
    for (let n = 2; taken.has(newId); n++) newId = `${d.id}-copy-${n}`;
    try {
      const saved = await api.duplicateDeck(d.id, newId, `${d.title} (my copy)`);
      written(saved.deck.id, `Duplicated as ${saved.path}`);
    } catch (e) {
      notify.error(e);
    }
  };
  const fromFile = async (kind: 'notes' | 'deck') => {
    const path = await api.pickDeckSource(kind);
    if (!path) return;
    try {
      const saved = kind === 'notes' ? await api.importNotes(path) : await api.openDeckFile(path);
      written(
        saved.deck.id,
        `${kind === 'notes' ? 'Drafted' : 'Added'} “${saved.deck.title}” (${saved.deck.questions.length} questions) as ${saved.path}`,
      );
    } catch (e) {
      notify.error(e);
    }
  };
  const share = async (id: string) => {
    const path = await api.pickDeckExportPath(id);
    if (!path) return;
    try {
      setNotice(`Exported to ${await api.exportDeck(id, path)}`);
    } catch (e) {
      notify.error(e);
    }
  };
  const practise = async (deck: Deck, questionId: string) => {
    try {
      onPractise(
        await api.planSession({
          deck_id: deck.id,
          category: null,
          count: 1,
          mode: 'single',
          question_id: questionId,
        }),
      );
    } catch (e) {
      notify.error(e);
    }
  };

  if (editing) {
    return (
      <div className="page">
        <DeckEditor
          key={`${editing.was ?? 'new'}-${editing.deck.id}`}
          initial={editing.deck}
          was={editing.was}
          readOnly={editing.readOnly}
          canRecord={canRecord}
          onSaved={() => {
            load();
            onChanged();
          }}
          onPractise={(d, q) => void practise(d, q)}
          onClose={() => setEditing(null)}
        />
      </div>
    );
  }

  return (
    <div className="page stack" data-testid="decks">
      <header className="row wrap">
        <h1 className="grow">Decks</h1>
        <button
          type="button"
          className="primary"
          data-testid="new-deck"
          onClick={() => {
            const taken = new Set(decks.map((x) => x.id));
            let id = EMPTY.id;
            for (let n = 2; taken.has(id); n++) id = `${EMPTY.id}-${n}`;
            setEditing({ deck: { ...EMPTY, id }, was: null, readOnly: false });
          }}
        >
          New deck
        </button>
        <button type="button" data-testid="import-notes" onClick={() => void fromFile('notes')}>
          <Icon name="file" /> Import notes…
        </button>
        <button type="button" data-testid="open-deck-file" onClick={() => void fromFile('deck')}>
          <Icon name="folder" /> Open a deck file…
        </button>
      </header>
      <p className="small muted">
        Your own questions make the best practice. Write them here, or import notes: each Markdown
        heading becomes a question and the paragraphs under it its model answer.
      </p>
      {notice && (
        <p className="small" role="status" data-testid="decks-notice">
          {notice}
        </p>
      )}
      <ul className="deck-list">
        {decks.map((d) => (
          <li key={d.id} className="deck-row row wrap" data-testid="deck-row" data-deck-id={d.id}>
            <div className="grow">
              <strong>{d.title}</strong>{' '}
              <span className="small muted">
                {d.id} · {d.question_count} {d.question_count === 1 ? 'question' : 'questions'}
              </span>{' '}
              {d.built_in && <span className="pill">Built-in</span>}
            </div>
            <button type="button" data-testid="edit-deck" onClick={() => void edit(d.id)}>
              {d.built_in ? 'View' : 'Edit'}
            </button>
            {d.built_in && (
              <button type="button" data-testid="duplicate-deck" onClick={() => void duplicate(d)}>
                Duplicate to edit
              </button>
            )}
            <button type="button" data-testid="export-deck" onClick={() => void share(d.id)}>
              Export…
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
