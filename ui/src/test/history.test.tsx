import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { NotifyProvider } from '../lib/errors';
import { History } from '../screens/History';
import { defaultApi, mocked } from './api-mock';
import * as f from './fixtures';

vi.mock('../api');

beforeEach(defaultApi);

function renderHistory() {
  render(
    <NotifyProvider>
      <History />
    </NotifyProvider>,
  );
}

describe('history', () => {
  it('lists sessions with deck, question count and average, and shows the newest', async () => {
    renderHistory();
    const rows = await screen.findAllByTestId('session-row');
    expect(rows.map((r) => r.dataset.sessionId)).toEqual(['12', '10']);
    expect(rows[0]).toHaveTextContent('Python interview');
    expect(rows[0]).toHaveTextContent('2 questions');
    expect(rows[0]).toHaveTextContent('84');
    const detail = await screen.findByTestId('session-detail');
    expect(mocked.session).toHaveBeenCalledWith(12);
    const attempts = within(detail).getAllByTestId('attempt-row');
    expect(attempts.map((a) => a.dataset.attemptId)).toEqual(['7', '9']);
    expect(attempts[0]).toHaveTextContent(f.gil.prompt);
  });

  it('compares an answer with the one before it', async () => {
    const user = userEvent.setup();
    renderHistory();
    const detail = await screen.findByTestId('session-detail');
    const [gil] = within(detail).getAllByTestId('attempt-row');
    await user.click(within(gil).getByTestId('compare'));
    expect(mocked.compareAttempts).toHaveBeenCalledWith(7, null);
    const view = await within(gil).findByTestId('comparison');
    expect(within(view).getByTestId('comparison-score')).toHaveTextContent('33 → 67 (+34)');
    const changes = within(view).getAllByTestId('concept-change');
    expect(changes.map((c) => c.dataset.change)).toEqual(['fixed']);
    expect(changes[0]).toHaveTextContent('Misconception fixed one thread runs bytecode at a time');
    const first = within(view).getAllByTestId('delivery-change')[1];
    expect(first).toHaveTextContent('Time to first word7.0 s↓1.2 s');
    expect(first.dataset.trend).toBe('better');
    const diff = within(view).getByTestId('transcript-diff');
    expect(diff.querySelector('del')).toHaveTextContent('lets every thread');
    expect(diff.querySelector('ins')).toHaveTextContent('means only one thread');

    // Any other answer to the question can be chosen instead.
    const choice = await within(view).findByTestId('compare-with');
    expect(
      within(choice)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['The answer before this one', expect.stringContaining('33/100')]);
    await user.selectOptions(choice, '1');
    expect(mocked.compareAttempts).toHaveBeenLastCalledWith(7, 1);
  });

  it('draws each question’s progress over time', async () => {
    renderHistory();
    const detail = await screen.findByTestId('session-detail');
    const charts = await within(detail).findAllByTestId('progress-chart');
    expect(mocked.questionProgress).toHaveBeenCalledWith('python-interview');
    expect(charts[0]).toHaveAttribute('data-points', '2');
    expect(charts[0]).toHaveAccessibleName(/2 attempts, from 33 .* to 67/);
    expect(charts[0]!.querySelectorAll('circle')).toHaveLength(2);
    expect(charts[0]!.querySelector('path')!.getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+ L/);
  });

  it('deletes a session only after confirmation', async () => {
    const user = userEvent.setup();
    renderHistory();
    await screen.findByTestId('session-detail');

    await user.click(screen.getByTestId('delete-session'));
    expect(screen.getByRole('alertdialog')).toHaveTextContent('cannot be undone');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(mocked.deleteSession).not.toHaveBeenCalled();

    mocked.sessions.mockResolvedValue([f.sessionSummaries[1]!]);
    mocked.session.mockResolvedValue({ summary: f.sessionSummaries[1]!, attempts: [] });
    await user.click(screen.getByTestId('delete-session'));
    await user.click(screen.getByTestId('confirm-delete'));
    expect(mocked.deleteSession).toHaveBeenCalledWith(12);
    const rows = await screen.findAllByTestId('session-row');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveAttribute('data-session-id', '10');
  });

  it('deletes one attempt after confirmation', async () => {
    const user = userEvent.setup();
    renderHistory();
    const detail = await screen.findByTestId('session-detail');
    const second = within(detail).getAllByTestId('attempt-row')[1]!;
    await user.click(within(second).getByTestId('delete-attempt'));
    await user.click(screen.getByTestId('confirm-delete'));
    expect(mocked.deleteAttempt).toHaveBeenCalledWith(9);
  });

  it('exports through the save dialog, then writes to the chosen path', async () => {
    const user = userEvent.setup();
    mocked.pickExportPath.mockResolvedValue('/home/ada/Documents/viva-session-12.md');
    renderHistory();
    await screen.findByTestId('session-detail');
    await user.click(screen.getByTestId('export-md'));
    expect(mocked.pickExportPath).toHaveBeenCalledWith(12, 'md');
    expect(mocked.exportSession).toHaveBeenCalledWith(
      12,
      'md',
      '/home/ada/Documents/viva-session-12.md',
    );
    expect(mocked.pickExportPath.mock.invocationCallOrder[0]).toBeLessThan(
      mocked.exportSession.mock.invocationCallOrder[0]!,
    );
    expect(await screen.findByTestId('export-done')).toHaveTextContent(
      '/home/ada/Documents/viva-session-12.md',
    );
  });

  it('does nothing when the save dialog is cancelled, and reports export errors', async () => {
    const user = userEvent.setup();
    renderHistory();
    await screen.findByTestId('session-detail');
    await user.click(screen.getByTestId('export-csv'));
    expect(mocked.exportSession).not.toHaveBeenCalled();

    mocked.pickExportPath.mockResolvedValue('/readonly/viva-session-12.html');
    mocked.exportSession.mockRejectedValue(
      'Cannot write /readonly/viva-session-12.html: permission denied.',
    );
    await user.click(screen.getByTestId('export-html'));
    expect(await screen.findByRole('alert')).toHaveTextContent('permission denied');
  });

  it('opens a replay of an attempt', async () => {
    const user = userEvent.setup();
    renderHistory();
    const detail = await screen.findByTestId('session-detail');
    const first = within(detail).getAllByTestId('attempt-row')[0]!;
    await user.click(within(first).getByTestId('replay'));
    expect(within(first).getByTestId('replay-play')).toBeInTheDocument();
    expect(within(first).getAllByTestId('concept-marker')).toHaveLength(2);
    await act(async () => {});
  });

  it('replays the follow-up answer kept with an attempt', async () => {
    const user = userEvent.setup();
    mocked.session.mockResolvedValue({
      ...f.session12,
      attempts: [
        { ...f.attempt, follow_up: f.followUp, follow_up_audio: '/data/audio/7-follow-up.wav' },
      ],
    });
    renderHistory();
    const detail = await screen.findByTestId('session-detail');
    const first = within(detail).getAllByTestId('attempt-row')[0]!;
    await user.click(within(first).getByTestId('replay'));
    const shown = within(first).getByTestId('follow-up-result');
    expect(shown).toHaveTextContent('So what does that mean for CPU-bound code?');
    expect(within(shown).getByTestId('follow-up-verdict')).toHaveTextContent(
      'Recovered on follow-up',
    );
    await user.click(within(shown).getByTestId('replay-play'));
    expect(mocked.play).toHaveBeenLastCalledWith(7, 0, expect.any(Function), true);
    await act(async () => {});
  });

  it('shows progress by question, practised questions first', async () => {
    const user = userEvent.setup();
    renderHistory();
    await screen.findByTestId('session-detail');
    await user.click(screen.getByTestId('view-progress'));
    const rows = await screen.findAllByTestId('progress-row');
    expect(rows.map((r) => r.dataset.question)).toEqual(['gil', 'closures']);
    expect(within(rows[0]!).getByTestId('progress-chart')).toHaveAttribute('data-points', '2');
    expect(rows[0]).toHaveTextContent('67');
    expect(screen.getByText('2 of 3 questions practised.')).toBeInTheDocument();
    expect(screen.getByTestId('session-detail')).not.toBeVisible();
  });
});
