import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import type { DownloadProgress } from '../bindings/DownloadProgress';
import type { InstalledModel } from '../bindings/InstalledModel';
import { NotifyProvider } from '../lib/errors';
import { SettingsScreen } from '../screens/Settings';
import { defaultApi, mocked } from './api-mock';
import * as f from './fixtures';
import { lastSpoken } from './setup';

vi.mock('../api');

beforeEach(defaultApi);

function renderSettings(status = f.status()) {
  const onChanged = vi.fn(async () => {});
  render(
    <NotifyProvider>
      <SettingsScreen status={status} onChanged={onChanged} />
    </NotifyProvider>,
  );
  return { onChanged };
}

async function setNumber(testid: string, value: string) {
  const user = userEvent.setup();
  const input = screen.getByTestId(testid);
  await user.clear(input);
  await user.type(input, value);
}

describe('settings', () => {
  it('saves every changed setting', async () => {
    const user = userEvent.setup();
    const { onChanged } = renderSettings();
    await screen.findByRole('option', { name: 'USB Headset' });
    await user.selectOptions(screen.getByTestId('setting-microphone'), 'alsa:usb');
    await user.selectOptions(screen.getByTestId('setting-voice'), 'English (Great Britain)');
    await setNumber('setting-auto-stop', '5');
    await setNumber('setting-max-length', '120');
    await setNumber('setting-pace-min', '120');
    await setNumber('setting-pace-max', '170');
    await setNumber('setting-thinking', '10');
    await user.selectOptions(screen.getByTestId('setting-follow-ups'), 'always');
    await user.click(screen.getByTestId('save-settings'));

    expect(mocked.saveSettings).toHaveBeenCalledWith({
      microphone: 'alsa:usb',
      voice: 'English (Great Britain)',
      rate: 1,
      auto_stop_s: 5,
      max_answer_s: 120,
      pace_wpm: [120, 170],
      thinking_s: 10,
      new_per_day: 5,
      follow_ups: 'always',
    });
    expect(onChanged).toHaveBeenCalled();
    expect(await screen.findByRole('status')).toHaveTextContent('Settings saved');
  });

  it('shows why settings were refused', async () => {
    const user = userEvent.setup();
    mocked.saveSettings.mockRejectedValue(
      'the pace band must go from a lower to a higher number of words per minute, between 40 and 300',
    );
    renderSettings();
    await setNumber('setting-pace-min', '200');
    await user.click(screen.getByTestId('save-settings'));
    expect(await screen.findByRole('alert')).toHaveTextContent('the pace band must go');
  });

  it('tests the chosen voice at the chosen rate', async () => {
    const user = userEvent.setup();
    renderSettings(
      f.status({ settings: { ...f.settings, voice: 'English (Great Britain)', rate: 1.5 } }),
    );
    await user.click(screen.getByRole('button', { name: 'Test voice' }));
    expect(lastSpoken()!.voice?.name).toBe('English (Great Britain)');
    expect(lastSpoken()!.rate).toBe(1.5);
  });

  it('bounds each field as the app validates it', () => {
    const limits = f.status().limits;
    renderSettings(
      f.status({ limits: { ...limits, max_answer_s: { min: 20, max: 300, step: 20 } } }),
    );
    const longest = screen.getByTestId('setting-max-length');
    expect(longest).toHaveAttribute('min', '20');
    expect(longest).toHaveAttribute('max', '300');
    expect(longest).toHaveAttribute('step', '20');
    expect(screen.getByTestId('setting-rate')).toHaveAttribute('max', '2');
  });

  it('shows where data lives, read-only', () => {
    renderSettings();
    const dir = screen.getByTestId('data-dir');
    expect(dir).toHaveTextContent('/home/ada/.local/share/viva');
    expect(dir).toHaveAccessibleName(/kept in/);
  });

  it('installs a model with progress, sets a default and removes one', async () => {
    const user = userEvent.setup();
    const installed = f.status().models; // tiny.en, default
    mocked.modelCatalog.mockResolvedValue(
      f.catalog.map((c) => (c.name === 'tiny.en' ? { ...c, installed: true } : c)),
    );
    let report: (p: DownloadProgress) => void = () => {};
    let finish: (m: InstalledModel) => void = () => {};
    mocked.installModel.mockImplementation((_n, onProgress) => {
      report = onProgress;
      return new Promise((r) => (finish = r));
    });
    const { onChanged } = renderSettings(f.status({ models: installed }));

    const base = await screen.findByTestId((_, el) => el?.getAttribute('data-model') === 'base.en');
    await user.click(within(base).getByTestId('model-install'));
    expect(mocked.installModel).toHaveBeenCalledWith('base.en', expect.any(Function));
    act(() => report({ received: 14_790_000, total: 147_900_000, bytes_per_sec: 0 }));
    expect(within(base).getByTestId('model-progress')).toHaveAttribute('value', '14790000');
    expect(base).toHaveTextContent('14.8 of 148 MB (10%)');
    await act(async () =>
      finish({ name: 'base.en', path: '/m/base.en.bin', size: 147_900_000, default: false }),
    );
    expect(onChanged).toHaveBeenCalled();

    const tiny = screen.getAllByTestId('model-row').find((r) => r.dataset.model === 'tiny.en')!;
    expect(tiny).toHaveTextContent('default');
    expect(within(tiny).queryByTestId('model-default')).not.toBeInTheDocument();
    await user.click(within(tiny).getByRole('button', { name: 'Remove tiny.en' }));
    await user.click(screen.getByTestId('confirm-remove-model'));
    expect(mocked.removeModel).toHaveBeenCalledWith('tiny.en');
  });

  it('sets an installed model as the default, and imports a folder', async () => {
    const user = userEvent.setup();
    mocked.pickModel.mockResolvedValue('/home/ada/faster-whisper-base.en');
    renderSettings(
      f.status({
        models: [
          { name: 'tiny.en', path: '/m/tiny.en.bin', size: 77_700_000, default: true },
          { name: 'base', path: '/m/base.bin', size: 147_900_000, default: false },
        ],
      }),
    );
    const base = await screen.findByTestId((_, el) => el?.getAttribute('data-model') === 'base');
    await user.click(within(base).getByTestId('model-default'));
    expect(mocked.setDefaultModel).toHaveBeenCalledWith('base');

    await user.click(screen.getByTestId('model-import-folder'));
    expect(mocked.pickModel).toHaveBeenCalledWith('folder');
    expect(mocked.importModel).toHaveBeenCalledWith(
      '/home/ada/faster-whisper-base.en',
      expect.any(Function),
    );
  });
});
