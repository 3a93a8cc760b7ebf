// `npm run dev`, then open http://localhost:1420/preview.html in any browser: the UI with
// sample data and a simulated backend, no Rust needed. Query parameters:
//   ?first-run  no speech model yet        ?no-mic   no microphone
//   ?thinking=5 a thinking countdown       ?empty    no history
// Not part of the build (only index.html is).
import { mockIPC } from '@tauri-apps/api/mocks';

import type { AnswerEvent } from '../bindings/AnswerEvent';
import type { Channel } from '@tauri-apps/api/core';
import type { DownloadProgress } from '../bindings/DownloadProgress';
import type { PlaybackEvent } from '../bindings/PlaybackEvent';
import * as f from '../test/fixtures';

const params = new URLSearchParams(location.search);
let installed = !params.has('first-run');
let settings = { ...f.settings, thinking_s: Number(params.get('thinking') ?? 0) };
let recording: ReturnType<typeof setInterval> | null = null;
let playing: ReturnType<typeof setInterval> | null = null;
let position = 0;

const status = () =>
  f.status({
    first_run: !installed,
    models: installed ? f.status().models : [],
    default_model: installed ? 'tiny.en' : null,
    microphone: params.has('no-mic')
      ? { available: false, name: null, problem: 'No input device was found (is one plugged in?).' }
      : { available: true, name: 'Built-in Audio Analog Stereo', problem: null },
    settings,
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

mockIPC(async (cmd, args) => {
  const a = (args ?? {}) as Record<string, unknown>;
  switch (cmd) {
    case 'status':
      return status();
    case 'decks':
      return [f.deckSummary];
    case 'deck':
      return f.deck;
    case 'question_progress':
      return f.progress;
    case 'plan_session':
      return f.plan([f.gil, f.closures, f.decorators]);
    case 'start_answer': {
      const ch = a.onEvent as Channel<AnswerEvent>;
      let t = 0;
      recording = setInterval(() => {
        t += 0.1;
        const db = -50 + Math.abs(Math.sin(t * 3)) * 40;
        ch.onmessage({ kind: 'level', elapsed_s: t, rms_db: db, peak_db: db + 6 });
        const n = Math.min(f.words.length, Math.floor(t * 1.5));
        if (Math.round(t * 10) % 5 === 0) {
          ch.onmessage({
            kind: 'live',
            committed: f.words.slice(0, Math.max(0, n - 2)),
            tentative: f.words.slice(Math.max(0, n - 2), n),
          });
        }
      }, 100);
      return null;
    }
    case 'stop_answer':
      if (recording) clearInterval(recording);
      await sleep(1200);
      return f.answerResult;
    case 'cancel_answer':
      if (recording) clearInterval(recording);
      return null;
    case 'answer_by_text':
      await sleep(400);
      return f.typedResult;
    case 'sessions':
      return params.has('empty') ? [] : f.sessionSummaries;
    case 'session':
      return f.session12;
    case 'attempt':
      return f.attempt;
    case 'delete_session':
    case 'delete_attempt':
      return null;
    case 'play': {
      const ch = a.onEvent as Channel<PlaybackEvent>;
      if (playing) clearInterval(playing);
      position = a.fromS as number;
      playing = setInterval(() => {
        position += 0.05;
        if (position >= 15) {
          clearInterval(playing!);
          ch.onmessage({ kind: 'ended' });
        } else ch.onmessage({ kind: 'position', at_s: position });
      }, 50);
      return null;
    }
    case 'pause_playback':
      if (playing) clearInterval(playing);
      return position;
    case 'export_session':
      return a.path;
    case 'settings':
      return settings;
    case 'save_settings':
      settings = a.settings as typeof settings;
      return settings;
    case 'devices':
      return [
        { name: 'Built-in Audio Analog Stereo', id: 'pulse:builtin', is_default: true },
        { name: 'USB Headset', id: 'pulse:usb', is_default: false },
      ];
    case 'model_catalog':
      return f.catalog.map((m) => ({ ...m, installed: installed && m.name === 'tiny.en' }));
    case 'install_model': {
      const ch = a.onProgress as Channel<DownloadProgress>;
      for (let r = 0; r <= 77_700_000; r += 7_770_000) {
        ch.onmessage({ received: r, total: 77_700_000, bytes_per_sec: 9_000_000 });
        await sleep(250);
      }
      installed = true;
      return f.status().models[0];
    }
    case 'import_model': {
      const ch = a.onProgress as Channel<DownloadProgress>;
      for (let r = 0; r <= 10; r++) {
        ch.onmessage({ received: r * 7_770_000, total: 77_700_000, bytes_per_sec: 0 });
        await sleep(150);
      }
      installed = true;
      return f.status().models[0];
    }
    case 'set_default_model':
    case 'remove_model':
      return null;
    case 'plugin:dialog|save':
      return `/home/ada/Documents/${(a.options as { defaultPath: string }).defaultPath}`;
    case 'plugin:dialog|open':
      return '/home/ada/Downloads/ggml-tiny.en.bin';
    default:
      throw `The preview has no answer for "${cmd}".`;
  }
});

await import('../main');
