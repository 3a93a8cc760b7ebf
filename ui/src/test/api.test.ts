// The wire level: api.ts sends the documented commands with camelCase arguments, passes
// Channels for streamed events, and asks the dialog plugin for export and import paths.
import { Channel } from '@tauri-apps/api/core';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';

import * as api from '../api';

afterEach(() => clearMocks());

function record(reply: (cmd: string, args: Record<string, unknown>) => unknown = () => null) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args: a });
    return reply(cmd, a);
  });
  return calls;
}

describe('api', () => {
  it('sends commands by their Rust names with camelCase arguments', async () => {
    const calls = record((cmd) => (cmd === 'export_session' ? '/tmp/x.md' : null));
    await api.planSession({
      deck_id: 'python-interview',
      category: null,
      count: 3,
      mode: 'weak-spots',
      question_id: null,
    });
    await api.answerByText(4, 'gil', 'the GIL');
    await api.deleteAttempt(9);
    expect(await api.exportSession(4, 'md', '/tmp/x.md')).toBe('/tmp/x.md');
    await api.questionProgress('python-interview');
    await api.saveSettings({
      microphone: null,
      voice: null,
      rate: 1,
      auto_stop_s: 3,
      max_answer_s: 180,
      pace_wpm: [130, 160],
      thinking_s: 0,
      new_per_day: 5,
      follow_ups: 'mock',
    });
    expect(calls.map((c) => c.cmd)).toEqual([
      'plan_session',
      'answer_by_text',
      'delete_attempt',
      'export_session',
      'question_progress',
      'save_settings',
    ]);
    expect(calls[0]!.args).toEqual({
      plan: {
        deck_id: 'python-interview',
        category: null,
        count: 3,
        mode: 'weak-spots',
        question_id: null,
      },
    });
    expect(calls[1]!.args).toEqual({ sessionId: 4, questionId: 'gil', text: 'the GIL' });
    expect(calls[2]!.args).toEqual({ attemptId: 9 });
    expect(calls[3]!.args).toEqual({ sessionId: 4, format: 'md', path: '/tmp/x.md' });
    expect(calls[4]!.args).toEqual({ deckId: 'python-interview' });
  });

  it('passes a Channel whose messages reach the callback', async () => {
    const calls = record();
    const onEvent = vi.fn();
    await api.startAnswer(4, 'gil', onEvent);
    expect(calls[0]!.cmd).toBe('start_answer');
    const { sessionId, questionId, onEvent: ch } = calls[0]!.args;
    expect([sessionId, questionId]).toEqual([4, 'gil']);
    expect(ch).toBeInstanceOf(Channel);
    (ch as Channel<unknown>).onmessage({ kind: 'level', elapsed_s: 1, rms_db: -20, peak_db: -6 });
    expect(onEvent).toHaveBeenCalledWith({ kind: 'level', elapsed_s: 1, rms_db: -20, peak_db: -6 });

    await api.play(7, 2.5, vi.fn());
    expect(calls[1]!.cmd).toBe('play');
    expect(calls[1]!.args).toMatchObject({ attemptId: 7, fromS: 2.5 });
    expect(calls[1]!.args.onEvent).toBeInstanceOf(Channel);

    await api.installModel('base.en', vi.fn());
    expect(calls[2]!.cmd).toBe('install_model');
    expect(calls[2]!.args).toMatchObject({ name: 'base.en' });
    expect(calls[2]!.args.onProgress).toBeInstanceOf(Channel);

    const onImport = vi.fn();
    await api.importModel('/home/ada/faster-whisper-tiny.en', onImport);
    expect(calls[3]!.cmd).toBe('import_model');
    expect(calls[3]!.args).toMatchObject({ path: '/home/ada/faster-whisper-tiny.en' });
    const progress = calls[3]!.args.onProgress as Channel<unknown>;
    progress.onmessage({ received: 1, total: 2, bytes_per_sec: 0 });
    expect(onImport).toHaveBeenCalledWith({ received: 1, total: 2, bytes_per_sec: 0 });
  });

  it('asks the save dialog for a path with a default name and an extension filter', async () => {
    const calls = record((cmd, args) => {
      if (cmd === 'plugin:path|resolve_directory') return '/home/ada/Documents';
      if (cmd === 'plugin:path|join') return (args.paths as string[]).join('/');
      return cmd === 'plugin:dialog|save' ? '/home/ada/viva-session-12.csv' : null;
    });
    expect(await api.pickExportPath(12, 'csv')).toBe('/home/ada/viva-session-12.csv');
    const dialog = calls.find((c) => c.cmd === 'plugin:dialog|save')!;
    const options = dialog.args.options as Record<string, unknown>;
    // The dialog opens in the user's documents, not the app's working folder.
    expect(options.defaultPath).toBe('/home/ada/Documents/viva-session-12.csv');
    expect(options.filters).toEqual([{ name: 'CSV', extensions: ['csv'] }]);
  });

  it('returns null when a dialog is cancelled, and asks for folders when importing one', async () => {
    const calls = record(() => null);
    expect(await api.pickExportPath(3, 'md')).toBeNull();
    expect(await api.pickModel('folder')).toBeNull();
    const open = calls.find((c) => c.cmd === 'plugin:dialog|open')!;
    expect((open.args.options as Record<string, unknown>).directory).toBe(true);
  });

  it('rejects with the message the command gave', async () => {
    mockIPC(() => {
      throw 'The microphone is busy: close the other recording app and try again.';
    });
    await expect(api.stopAnswer()).rejects.toBe(
      'The microphone is busy: close the other recording app and try again.',
    );
  });
});
