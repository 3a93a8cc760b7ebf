import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import type { AnswerEvent } from '../bindings/AnswerEvent';
import type { AnswerResult } from '../bindings/AnswerResult';
import { NotifyProvider } from '../lib/errors';
import { Practice } from '../screens/Practice';
import { defaultApi, mocked } from './api-mock';
import * as f from './fixtures';
import { lastSpoken, speechSynthesisMock, spoken } from './setup';

vi.mock('../api');

let emit: (e: AnswerEvent) => void = () => {};

beforeEach(() => {
  defaultApi();
  mocked.startAnswer.mockImplementation(async (_s, _q, onEvent) => {
    emit = onEvent;
  });
});

function renderPractice(status = f.status(), plan = f.plan()) {
  const onExit = vi.fn();
  render(
    <NotifyProvider>
      <Practice plan={plan} status={status} onExit={onExit} onHistory={vi.fn()} />
    </NotifyProvider>,
  );
  return { onExit };
}

describe('practice', () => {
  it('asks the question aloud with the chosen voice and rate', () => {
    renderPractice(
      f.status({ settings: { ...f.settings, voice: 'English (Great Britain)', rate: 1.25 } }),
    );
    expect(screen.getByTestId('question-prompt')).toHaveTextContent(f.gil.prompt);
    expect(screen.getByTestId('question-number')).toHaveTextContent('1 of 2');
    const u = lastSpoken()!;
    expect(u.text).toBe(f.gil.prompt);
    expect(u.rate).toBe(1.25);
    expect(u.voice?.name).toBe('English (Great Britain)');
  });

  it('records, shows level and live words, stops, and shows the scored result', async () => {
    const user = userEvent.setup();
    let resolve: (r: AnswerResult) => void = () => {};
    mocked.stopAnswer.mockImplementation(() => new Promise((r) => (resolve = r)));
    renderPractice();

    await user.click(screen.getByTestId('start-answer'));
    expect(mocked.startAnswer).toHaveBeenCalledWith(12, 'gil', expect.any(Function));
    expect(speechSynthesisMock.cancel).toHaveBeenCalled();

    act(() => emit({ kind: 'level', elapsed_s: 4.2, rms_db: -30, peak_db: -12 }));
    expect(screen.getByTestId('level-meter')).toHaveAttribute('aria-valuenow', '50');
    expect(screen.getByTestId('answer-timer')).toHaveTextContent('0:04');

    act(() => emit({ kind: 'speech', at_s: 1.2 }));
    expect(screen.getByTestId('first-word')).toHaveTextContent('started speaking after 1.2 s');

    act(() =>
      emit({
        kind: 'live',
        committed: f.words.slice(0, 3),
        tentative: [{ word: 'um', start: 2, end: 2.3 }],
      }),
    );
    const live = screen.getByTestId('live-transcript');
    expect(live).toHaveTextContent('So the GIL um');
    expect(within(live).getByText('um')).toHaveClass('tentative');
    expect(within(live).getByText('GIL')).not.toHaveClass('tentative');

    await user.click(screen.getByTestId('stop-answer'));
    expect(mocked.stopAnswer).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('working')).toBeInTheDocument();

    await act(async () => resolve(f.answerResult));
    expect(screen.getByTestId('result-score')).toHaveTextContent('67');
    const hits = screen.getAllByTestId('concept-hit');
    expect(hits.map((h) => h.dataset.concept)).toEqual([
      'global interpreter lock',
      'one thread at a time',
    ]);
    expect(hits[1]).toHaveTextContent('0:12');
    const missed = screen.getByTestId('concept-missed');
    expect(missed).toHaveAttribute('data-concept', 'multiprocessing');
  });

  it('asks the follow-up aloud, records its answer and shows what it recovered', async () => {
    const user = userEvent.setup();
    const probe = f.followUp.probe;
    mocked.stopAnswer.mockResolvedValueOnce({ ...f.answerResult, follow_up_question: probe });
    mocked.startFollowUp.mockImplementation(async (_a, onEvent) => {
      emit = onEvent;
    });
    renderPractice();
    await user.click(screen.getByTestId('start-answer'));
    await user.click(screen.getByTestId('stop-answer'));

    expect(await screen.findByTestId('follow-up-offer')).toBeInTheDocument();
    expect(screen.getByTestId('follow-up-prompt')).toHaveTextContent(probe.prompt);
    expect(lastSpoken()!.text).toBe(probe.prompt);
    expect(screen.queryByTestId('result')).not.toBeInTheDocument();

    mocked.stopAnswer.mockResolvedValueOnce({ ...f.answerResult, follow_up: f.followUp });
    await user.keyboard(' ');
    expect(mocked.startFollowUp).toHaveBeenCalledWith(7, expect.any(Function));
    expect(mocked.startAnswer).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('follow-up-prompt')).toHaveTextContent(probe.prompt);
    await user.click(screen.getByTestId('stop-answer'));

    const shown = await screen.findByTestId('follow-up-result');
    expect(shown).toHaveAttribute('data-recovered', 'true');
    expect(within(shown).getByTestId('follow-up-verdict')).toHaveTextContent(
      'Recovered on follow-up: no speed-up for CPU-bound code 0:01 “CPU bound”',
    );
    expect(within(shown).getByTestId('follow-up-score')).toHaveTextContent(
      '43 unprompted + 28 after the follow-up = 71',
    );
    expect(screen.getByTestId('score-with-follow-up')).toHaveTextContent('71 counting');
    expect(screen.getByTestId('question-prompt')).toHaveTextContent(f.gil.prompt);
  });

  it('skips the follow-up to the result of the answer', async () => {
    const user = userEvent.setup();
    mocked.stopAnswer.mockResolvedValueOnce({
      ...f.answerResult,
      follow_up_question: f.followUp.probe,
    });
    renderPractice();
    await user.click(screen.getByTestId('start-answer'));
    await user.click(screen.getByTestId('stop-answer'));
    await user.click(await screen.findByTestId('skip-follow-up'));
    expect(screen.getByTestId('result-score')).toHaveTextContent('67');
    expect(screen.queryByTestId('follow-up-result')).not.toBeInTheDocument();
    expect(mocked.startFollowUp).not.toHaveBeenCalled();
  });

  it('asks for the result when recording stops by itself', async () => {
    const user = userEvent.setup();
    renderPractice();
    await user.click(screen.getByTestId('start-answer'));
    await act(async () => emit({ kind: 'stopped', reason: 'silence', problem: null }));
    expect(mocked.stopAnswer).toHaveBeenCalledTimes(1);
    expect(await screen.findByTestId('result')).toBeInTheDocument();
  });

  it('says at once when the recording could not be written, and asks for what was kept', async () => {
    const user = userEvent.setup();
    mocked.stopAnswer.mockImplementation(() => new Promise(() => {}));
    renderPractice();
    await user.click(screen.getByTestId('start-answer'));
    await act(async () =>
      emit({
        kind: 'stopped',
        reason: 'write-failed',
        problem: 'The disk is full, so the recording stopped.',
      }),
    );
    expect(mocked.stopAnswer).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('working')).toHaveTextContent('The disk is full');
  });

  it('cancels a recording with Esc, without scoring it', async () => {
    const user = userEvent.setup();
    renderPractice();
    await user.keyboard(' ');
    expect(mocked.startAnswer).toHaveBeenCalledTimes(1);
    expect(await screen.findByTestId('stop-answer')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(mocked.cancelAnswer).toHaveBeenCalledTimes(1);
    expect(mocked.stopAnswer).not.toHaveBeenCalled();
    expect(screen.getByTestId('start-answer')).toBeInTheDocument();
  });

  it('scores a typed answer', async () => {
    const user = userEvent.setup();
    renderPractice();
    await user.click(screen.getByTestId('type-instead'));
    await user.type(screen.getByTestId('answer-text'), 'The GIL lets one thread at a time run');
    await user.click(screen.getByTestId('submit-text'));
    expect(mocked.answerByText).toHaveBeenCalledWith(
      12,
      'gil',
      'The GIL lets one thread at a time run',
    );
    expect(await screen.findByTestId('result-score')).toHaveTextContent('67');
    expect(await screen.findByTestId('metrics')).toHaveTextContent(/typed answer/i);
    expect(mocked.startAnswer).not.toHaveBeenCalled();
  });

  it('without a microphone offers only typing', async () => {
    const user = userEvent.setup();
    renderPractice(
      f.status({ microphone: { available: false, name: null, problem: 'No input device.' } }),
    );
    expect(screen.queryByTestId('start-answer')).not.toBeInTheDocument();
    expect(screen.getByTestId('cannot-record')).toHaveTextContent('No input device.');
    await user.click(screen.getByTestId('type-instead'));
    expect(screen.getByTestId('answer-text')).toBeInTheDocument();
    // Space while typing is a space, not a shortcut.
    await user.type(screen.getByTestId('answer-text'), 'a b');
    expect(screen.getByTestId('answer-text')).toHaveValue('a b');
    expect(mocked.startAnswer).not.toHaveBeenCalled();
  });

  it('keyboard: Space starts and stops, R repeats, N moves on, and the summary closes the session', async () => {
    const user = userEvent.setup();
    mocked.stopAnswer.mockResolvedValueOnce(f.answerResult).mockResolvedValueOnce({
      ...f.answerResult,
      attempt_id: 9,
      question: f.closures,
      assessment: { ...f.assessment, score: 100 },
    });
    renderPractice();

    await user.keyboard('r');
    expect(spoken.filter((u) => u.text === f.gil.prompt).length).toBeGreaterThanOrEqual(2);

    await user.keyboard(' ');
    await screen.findByTestId('stop-answer');
    await user.keyboard(' ');
    expect(await screen.findByTestId('result-score')).toHaveTextContent('67');

    await user.keyboard('n');
    expect(screen.getByTestId('question-number')).toHaveTextContent('2 of 2');
    expect(screen.getByTestId('question-prompt')).toHaveTextContent(f.closures.prompt);
    expect(lastSpoken()!.text).toBe(f.closures.prompt);

    await user.keyboard(' ');
    await screen.findByTestId('stop-answer');
    await user.keyboard(' ');
    expect(await screen.findByTestId('result-score')).toHaveTextContent('100');
    expect(screen.queryByTestId('next')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('finish'));

    const summary = screen.getByTestId('session-summary');
    expect(within(summary).getByTestId('summary-average')).toHaveTextContent('84');
    expect(
      within(summary)
        .getAllByTestId('summary-row')
        .map((r) => r.textContent),
    ).toEqual([expect.stringContaining('67'), expect.stringContaining('100')]);
    expect(within(summary).getByTestId('export-md')).toBeInTheDocument();
  });

  it('retry asks the same question again', async () => {
    const user = userEvent.setup();
    renderPractice();
    await user.click(screen.getByTestId('type-instead'));
    await user.type(screen.getByTestId('answer-text'), 'GIL');
    await user.click(screen.getByTestId('submit-text'));
    await user.click(await screen.findByTestId('retry'));
    expect(screen.getByTestId('question-number')).toHaveTextContent('1 of 2');
    expect(screen.getByTestId('start-answer')).toBeInTheDocument();
    expect(spoken.filter((u) => u.text === f.gil.prompt)).toHaveLength(2);
  });

  it('thinking countdown starts recording when it reaches zero', async () => {
    vi.useFakeTimers();
    try {
      renderPractice(f.status({ settings: { ...f.settings, thinking_s: 3 } }));
      expect(screen.getByTestId('thinking-countdown')).toHaveTextContent('3');
      await act(async () => vi.advanceTimersByTime(1000));
      expect(screen.getByTestId('thinking-countdown')).toHaveTextContent('2');
      expect(mocked.startAnswer).not.toHaveBeenCalled();
      await act(async () => vi.advanceTimersByTime(1000));
      expect(screen.getByTestId('thinking-countdown')).toHaveTextContent('1');
      await act(async () => vi.advanceTimersByTime(1000));
      expect(mocked.startAnswer).toHaveBeenCalledWith(12, 'gil', expect.any(Function));
      expect(screen.getByTestId('stop-answer')).toBeInTheDocument();
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows the error when recording cannot start', async () => {
    const user = userEvent.setup();
    mocked.startAnswer.mockRejectedValue(
      'The microphone "USB Headset" is not connected. Choose another in Settings.',
    );
    renderPractice();
    await user.click(screen.getByTestId('start-answer'));
    expect(await screen.findByRole('alert')).toHaveTextContent('is not connected');
    expect(screen.getByTestId('start-answer')).toBeInTheDocument();
  });

  it('waits for recording to have started before asking for the result', async () => {
    const user = userEvent.setup();
    let started: () => void = () => {};
    mocked.startAnswer.mockImplementation(() => new Promise<void>((r) => (started = r)));
    renderPractice();
    await user.click(screen.getByTestId('start-answer'));
    await user.click(screen.getByTestId('stop-answer'));
    expect(screen.getByTestId('working')).toBeInTheDocument();
    expect(mocked.stopAnswer).not.toHaveBeenCalled();
    await act(async () => started());
    expect(mocked.stopAnswer).toHaveBeenCalledTimes(1);
    expect(await screen.findByTestId('result')).toBeInTheDocument();
  });

  it('Space on a focused button presses that button, not the shortcut', async () => {
    const user = userEvent.setup();
    renderPractice();
    await user.click(screen.getByTestId('type-instead'));
    await user.type(screen.getByTestId('answer-text'), 'GIL');
    await user.click(screen.getByTestId('submit-text'));
    const retry = await screen.findByTestId('retry');
    retry.focus();
    await user.keyboard(' ');
    expect(screen.getByTestId('start-answer')).toBeInTheDocument();
    expect(mocked.startAnswer).not.toHaveBeenCalled();
  });

  it('Ctrl+Enter in the answer field scores it, and focus moves to the result', async () => {
    const user = userEvent.setup();
    renderPractice();
    await user.click(screen.getByTestId('type-instead'));
    await user.type(
      screen.getByTestId('answer-text'),
      'one thread at a time{Control>}{Enter}{/Control}',
    );
    expect(mocked.answerByText).toHaveBeenCalledWith(12, 'gil', 'one thread at a time');
    const result = await screen.findByTestId('result');
    expect(result).toHaveFocus();
    expect(result).toHaveAccessibleName('Result: 67 out of 100');
  });
});
