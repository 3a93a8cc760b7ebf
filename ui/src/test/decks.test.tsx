import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { NotifyProvider } from '../lib/errors';
import { Decks } from '../screens/Decks';
import { defaultApi, mocked } from './api-mock';
import * as f from './fixtures';

vi.mock('../api');

beforeEach(defaultApi);

function renderDecks() {
  const onChanged = vi.fn();
  const onPractise = vi.fn();
  render(
    <NotifyProvider>
      <Decks canRecord onChanged={onChanged} onPractise={onPractise} />
    </NotifyProvider>,
  );
  return { onChanged, onPractise };
}

describe('decks', () => {
  it('offers a built-in deck read-only, to duplicate', async () => {
    const user = userEvent.setup();
    renderDecks();
    const row = await screen.findByTestId('deck-row');
    expect(row).toHaveTextContent('Built-in');
    await user.click(within(row).getByTestId('edit-deck'));
    expect(await screen.findByText('Built-in: read-only')).toBeInTheDocument();
    expect(screen.queryByTestId('save-deck')).not.toBeInTheDocument();
    expect(screen.getByTestId('question-prompt-field')).toHaveAttribute('readonly');
  });

  it('writes a new deck: a question, accepted suggestions, problems at fields, try it, save', async () => {
    const user = userEvent.setup();
    mocked.suggestConcepts.mockResolvedValue([
      { phrase: 'stateless requests', aliases: [] },
      { phrase: 'O(1)', aliases: ['o of 1'] },
    ]);
    const { onChanged } = renderDecks();
    await user.click(await screen.findByTestId('new-deck'));
    await user.click(screen.getByTestId('add-question'));
    await user.type(screen.getByTestId('question-prompt-field'), 'What makes an API RESTful?');
    await user.type(
      screen.getByTestId('question-model-answer'),
      'Stateless requests on resources named by URLs.',
    );

    await user.click(screen.getByTestId('suggest-concepts'));
    const offered = await screen.findAllByTestId('suggestion');
    expect(offered.map((s) => s.dataset.phrase)).toEqual(['stateless requests', 'O(1)']);
    expect(offered[1]).toHaveTextContent('heard as “o of 1”');
    await user.click(within(offered[0]!).getByTestId('accept-suggestion'));
    expect(screen.getAllByTestId('concept-name').map((i) => (i as HTMLInputElement).value)).toEqual(
      ['stateless requests'],
    );
    expect(screen.getAllByTestId('suggestion')).toHaveLength(1);
    // Aliases are typed as a list; the text stays as typed, commas and all.
    const aliases = screen.getByTestId('concept-aliases');
    await user.type(aliases, 'no session state, stateless');
    expect(aliases).toHaveValue('no session state, stateless');

    // The validator's problem lands at its field, and saving waits for it to be fixed.
    mocked.checkDeck.mockResolvedValue([
      {
        field: 'questions.0.id',
        message: 'question id "Bad Id" is not a slug',
        hint: 'use lower-case letters',
        warning: false,
      },
    ]);
    await user.clear(screen.getByTestId('question-id'));
    await user.type(screen.getByTestId('question-id'), 'Bad Id');
    const problem = await screen.findByTestId('field-problem');
    expect(problem).toHaveAttribute('data-field', 'questions.0.id');
    expect(screen.getByTestId('question-id')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('save-deck')).toBeDisabled();
    mocked.checkDeck.mockResolvedValue([]);
    await user.clear(screen.getByTestId('question-id'));
    await user.type(screen.getByTestId('question-id'), 'rest');
    await act(async () => new Promise((r) => setTimeout(r, 300)));
    expect(screen.queryByTestId('field-problem')).not.toBeInTheDocument();

    await user.type(screen.getByTestId('try-text'), 'Requests are stateless.');
    await user.click(screen.getByTestId('try-check'));
    expect(mocked.tryAnswer).toHaveBeenCalledWith(
      expect.objectContaining({
        id: 'rest',
        concepts: [expect.objectContaining({ name: 'stateless requests' })],
      }),
      'Requests are stateless.',
    );
    expect(await screen.findByTestId('try-score')).toHaveTextContent(`${f.assessment.score}/100`);

    await user.click(screen.getByTestId('save-deck'));
    expect(mocked.saveDeck).toHaveBeenCalledWith(
      expect.objectContaining({
        id: 'my-questions',
        questions: [
          expect.objectContaining({
            id: 'rest',
            concepts: [
              expect.objectContaining({
                name: 'stateless requests',
                aliases: ['no session state', 'stateless'],
              }),
            ],
          }),
        ],
      }),
      null,
    );
    expect(await screen.findByTestId('deck-saved')).toHaveTextContent(
      'Saved to /data/decks/my-questions.toml',
    );
    expect(onChanged).toHaveBeenCalled();
    expect(screen.getByTestId('practise-question')).toBeEnabled();
  });

  it('scores a spoken try and ends it when the speaker stops', async () => {
    const user = userEvent.setup();
    let emit: (e: import('../bindings/AnswerEvent').AnswerEvent) => void = () => {};
    mocked.startTryAnswer.mockImplementation(async (_q, onEvent) => {
      emit = onEvent;
    });
    renderDecks();
    await user.click(await screen.findByTestId('new-deck'));
    await user.click(screen.getByTestId('add-question'));
    await user.click(screen.getByTestId('try-record'));
    expect(mocked.startTryAnswer).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'question-1' }),
      expect.any(Function),
    );
    act(() => emit({ kind: 'live', committed: f.words.slice(0, 3), tentative: [] }));
    expect(screen.getByTestId('try-live')).toHaveTextContent('So the GIL');
    await act(async () => emit({ kind: 'stopped', reason: 'silence', problem: null }));
    expect(mocked.stopTryAnswer).toHaveBeenCalledTimes(1);
    expect(await screen.findByTestId('try-score')).toHaveTextContent(`${f.assessment.score}/100`);
    expect(screen.getByTestId('try-record')).toBeInTheDocument();
  });

  it('adds, moves and deletes questions', async () => {
    const user = userEvent.setup();
    renderDecks();
    await user.click(await screen.findByTestId('new-deck'));
    for (const prompt of ['First?', 'Second?']) {
      await user.click(screen.getByTestId('add-question'));
      await user.type(screen.getByTestId('question-prompt-field'), prompt);
    }
    const order = () => screen.getAllByTestId('question-item').map((b) => b.textContent);
    expect(order()).toEqual(['First?', 'Second?']);
    await user.click(screen.getByRole('button', { name: 'Move up' }));
    expect(order()).toEqual(['Second?', 'First?']);
    expect(screen.getByTestId('question-prompt-field')).toHaveValue('Second?');
    await user.click(screen.getByTestId('delete-question'));
    expect(order()).toEqual(['First?']);
  });

  it('declares subjects and binds a concept to one', async () => {
    const user = userEvent.setup();
    renderDecks();
    await user.click(await screen.findByTestId('new-deck'));
    await user.click(screen.getByTestId('add-question'));
    await user.type(screen.getByTestId('question-prompt-field'), 'is or ==?');
    await user.type(screen.getByTestId('question-model-answer'), 'is compares identity.');
    await user.click(screen.getByTestId('add-subject'));
    await user.type(screen.getByTestId('subject-name'), 'is');
    await user.type(screen.getByTestId('subject-forms'), 'is operator, the is keyword');
    await user.click(screen.getByTestId('add-concept'));
    await user.type(screen.getByTestId('concept-name'), 'compares identity');
    await user.selectOptions(screen.getByTestId('concept-about'), 'is');
    await act(async () => new Promise((r) => setTimeout(r, 300)));
    await user.click(screen.getByTestId('save-deck'));
    expect(mocked.saveDeck).toHaveBeenCalledWith(
      expect.objectContaining({
        questions: [
          expect.objectContaining({
            subjects: [{ name: 'is', forms: ['is operator', 'the is keyword'] }],
            concepts: [expect.objectContaining({ name: 'compares identity', about: 'is' })],
          }),
        ],
      }),
      null,
    );
  });
});
