import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import App from '../App';
import type { DownloadProgress } from '../bindings/DownloadProgress';
import type { InstalledModel } from '../bindings/InstalledModel';
import { defaultApi, mocked } from './api-mock';
import * as f from './fixtures';

vi.mock('../api');

beforeEach(defaultApi);

describe('first run', () => {
  it('explains local processing, installs the recommended model with progress, then opens Home', async () => {
    mocked.status.mockResolvedValueOnce(f.firstRunStatus).mockResolvedValue(f.status());
    let report: (p: DownloadProgress) => void = () => {};
    let finish: (m: InstalledModel) => void = () => {};
    mocked.installModel.mockImplementation((_name, onProgress) => {
      report = onProgress;
      return new Promise((resolve) => (finish = resolve));
    });

    const user = userEvent.setup();
    render(<App />);
    const screenEl = await screen.findByTestId('first-run');
    expect(screenEl).toHaveTextContent(
      /runs entirely on this computer|everything runs on this computer/i,
    );
    await screen.findByText(/Recommended: tiny\.en/);

    await user.click(screen.getByTestId('install-model'));
    expect(mocked.installModel).toHaveBeenCalledWith('tiny.en', expect.any(Function));
    expect(screen.getByTestId('install-model')).toBeDisabled();

    act(() => report({ received: 38_850_000, total: 77_700_000, bytes_per_sec: 5_000_000 }));
    const bar = screen.getByTestId('model-progress') as HTMLProgressElement;
    expect(bar.value).toBe(38_850_000);
    expect(bar.max).toBe(77_700_000);
    expect(screenEl).toHaveTextContent('38.9 of 77.7 MB (50%)');

    await act(async () => finish(f.status().models[0]!));
    expect(await screen.findByTestId('start-practice')).toBeInTheDocument();
    expect(screen.queryByTestId('first-run')).not.toBeInTheDocument();
    expect(screen.getByTestId('model-status')).toHaveTextContent('tiny.en');
  });

  it('shows the error and lets the user try again when the download fails', async () => {
    mocked.status.mockResolvedValue(f.firstRunStatus);
    mocked.installModel.mockRejectedValue(
      'The download stopped: no network. Check the connection and try again.',
    );
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByTestId('install-model'));
    expect(await screen.findByRole('alert')).toHaveTextContent('The download stopped: no network');
    expect(screen.getByTestId('install-model')).toBeEnabled();
    expect(screen.getByTestId('first-run')).toBeInTheDocument();
  });

  it('imports a model file chosen in the open dialog', async () => {
    mocked.status.mockResolvedValueOnce(f.firstRunStatus).mockResolvedValue(f.status());
    mocked.pickModel.mockResolvedValue('/home/ada/ggml-tiny.en.bin');
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByTestId('model-import-file'));
    expect(mocked.pickModel).toHaveBeenCalledWith('file');
    expect(mocked.importModel).toHaveBeenCalledWith(
      '/home/ada/ggml-tiny.en.bin',
      expect.any(Function),
    );
    expect(await screen.findByTestId('start-practice')).toBeInTheDocument();
  });

  it('explains a missing microphone and offers typed practice', async () => {
    mocked.status.mockResolvedValue({
      ...f.firstRunStatus,
      microphone: { available: false, name: null, problem: 'No input device was found.' },
    });
    const user = userEvent.setup();
    render(<App />);
    const note = await screen.findByTestId('mic-problem');
    expect(note).toHaveTextContent('No input device was found.');
    await user.click(screen.getByRole('button', { name: /practise by typing/i }));
    const home = await screen.findByTestId('mic-status');
    expect(within(home).getByText(/type your answers/)).toBeInTheDocument();
  });
});
