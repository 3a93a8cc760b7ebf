import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import type { PlaybackEvent } from '../bindings/PlaybackEvent';
import { Replay } from '../components/Replay';
import { NotifyProvider } from '../lib/errors';
import { defaultApi, mocked } from './api-mock';
import * as f from './fixtures';

vi.mock('../api');

let emit: (e: PlaybackEvent) => void = () => {};

beforeEach(() => {
  defaultApi();
  mocked.play.mockImplementation(async (_id, _from, onEvent) => {
    emit = onEvent;
  });
});

function renderReplay() {
  render(
    <NotifyProvider>
      <Replay
        attemptId={f.attempt.id}
        transcript={f.attempt.transcript}
        concepts={f.attempt.assessment.concepts}
        hasAudio
      />
    </NotifyProvider>,
  );
}

const current = () =>
  screen.getAllByTestId('replay-word').filter((w) => w.dataset.current === 'true');

describe('replay', () => {
  it('plays, and the transcript follows the position', async () => {
    const user = userEvent.setup();
    renderReplay();
    expect(screen.getByTestId('replay-position')).toHaveTextContent('0:00.0 / 0:15.0');
    expect(current()).toHaveLength(0);
    await user.click(screen.getByTestId('replay-play'));
    expect(mocked.play).toHaveBeenCalledWith(7, 0, expect.any(Function), false);

    act(() => emit({ kind: 'position', at_s: 1.4 }));
    expect(current().map((w) => w.textContent)).toEqual(['GIL']);
    expect(screen.getByTestId('replay-position')).toHaveTextContent('0:01.4');

    act(() => emit({ kind: 'position', at_s: 12.3 }));
    expect(current().map((w) => w.textContent)).toEqual(['thread']);

    act(() => emit({ kind: 'position', at_s: 5 }));
    expect(current()).toHaveLength(0);
  });

  it('pauses at the position the player reports', async () => {
    const user = userEvent.setup();
    mocked.pausePlayback.mockResolvedValue(2.6);
    renderReplay();
    await user.click(screen.getByTestId('replay-play'));
    await user.click(screen.getByTestId('replay-pause'));
    expect(mocked.pausePlayback).toHaveBeenCalled();
    expect(screen.getByTestId('replay-position')).toHaveTextContent('0:02.6');
    expect(current().map((w) => w.textContent)).toEqual(['means']);
    // Play resumes from there.
    await user.click(screen.getByTestId('replay-play'));
    expect(mocked.play).toHaveBeenLastCalledWith(7, 2.6, expect.any(Function), false);
  });

  it('jumps to the moment a concept was said when its marker is clicked', async () => {
    const user = userEvent.setup();
    renderReplay();
    const markers = screen.getAllByTestId('concept-marker');
    expect(markers.map((m) => m.getAttribute('data-concept'))).toEqual([
      'global interpreter lock',
      'one thread at a time',
    ]);
    await user.click(markers[1]!);
    expect(mocked.play).toHaveBeenCalledWith(7, 12, expect.any(Function), false);
    expect(current().map((w) => w.textContent)).toEqual(['one']);
  });

  it('seeks when a word is clicked, ignoring events from the earlier playback', async () => {
    const user = userEvent.setup();
    renderReplay();
    await user.click(screen.getByTestId('replay-play'));
    const first = emit;
    const bytecode = screen
      .getAllByTestId('replay-word')
      .find((w) => w.textContent === 'bytecode')!;
    await user.click(bytecode);
    expect(mocked.play).toHaveBeenLastCalledWith(7, 13.3, expect.any(Function), false);
    act(() => first({ kind: 'position', at_s: 1.3 }));
    expect(current().map((w) => w.textContent)).toEqual(['bytecode']);
  });

  it('shows the end, and a failure as an error', async () => {
    const user = userEvent.setup();
    renderReplay();
    await user.click(screen.getByTestId('replay-play'));
    act(() => emit({ kind: 'ended' }));
    expect(screen.getByTestId('replay-play')).toBeInTheDocument();
    expect(screen.getByTestId('replay-position')).toHaveTextContent('0:15.0 / 0:15.0');
    await user.click(screen.getByTestId('replay-play'));
    expect(mocked.play).toHaveBeenLastCalledWith(7, 0, expect.any(Function), false);
    act(() => emit({ kind: 'failed', message: 'The recording 7.wav is missing.' }));
    expect(screen.getByRole('alert')).toHaveTextContent('7.wav is missing');
  });

  it('pauses when its screen is hidden behind another tab', async () => {
    const user = userEvent.setup();
    const props = {
      attemptId: f.attempt.id,
      transcript: f.attempt.transcript,
      concepts: f.attempt.assessment.concepts,
      hasAudio: true,
    };
    const { rerender } = render(
      <NotifyProvider>
        <Replay {...props} />
      </NotifyProvider>,
    );
    await user.click(screen.getByTestId('replay-play'));
    expect(mocked.pausePlayback).not.toHaveBeenCalled();
    await act(async () =>
      rerender(
        <NotifyProvider>
          <Replay {...props} active={false} />
        </NotifyProvider>,
      ),
    );
    expect(mocked.pausePlayback).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('replay-play')).toBeInTheDocument();
  });
});
