import { useEffect, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';

import * as api from '../api';
import type { AppStatus } from '../bindings/AppStatus';
import type { Microphone } from '../bindings/Microphone';
import type { FollowUps } from '../bindings/FollowUps';
import type { Settings } from '../bindings/Settings';
import { ModelManager } from '../components/ModelManager';
import { useNotify } from '../lib/errors';
import { speak, speechAvailable, useVoices } from '../lib/speech';

function NumberField({
  label,
  hint,
  testid,
  value,
  min,
  max,
  step = 1,
  unit,
  onChange,
}: {
  label: string;
  hint?: ReactNode;
  testid: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  unit: string;
  onChange: (v: number) => void;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <span className="with-unit">
        <input
          type="number"
          data-testid={testid}
          value={Number.isFinite(value) ? value : ''}
          min={min}
          max={max}
          step={step}
          onChange={(e) => onChange(e.target.valueAsNumber)}
        />
        <span className="muted small">{unit}</span>
      </span>
      {hint && <span className="small muted">{hint}</span>}
    </label>
  );
}

export function SettingsScreen({
  status,
  onChanged,
}: {
  status: AppStatus;
  onChanged: () => Promise<void>;
}) {
  const notify = useNotify();
  const limits = status.limits;
  const voices = useVoices();
  const [draft, setDraft] = useState<Settings>(status.settings);
  const [mics, setMics] = useState<Microphone[]>([]);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    api.devices().then(setMics, notify.error);
  }, [notify]);

  const set = <K extends keyof Settings>(key: K, value: Settings[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));

  const dirty = JSON.stringify(draft) !== JSON.stringify(status.settings);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    try {
      const saved = await api.saveSettings(draft);
      setDraft(saved);
      await onChanged();
      notify.info('Settings saved.');
    } catch (err) {
      notify.error(err);
    } finally {
      setSaving(false);
    }
  };

  const [paceMin, paceMax] = draft.pace_wpm;
  const micKnown = draft.microphone == null || mics.some((m) => m.id === draft.microphone);

  return (
    <div className="page settings" data-testid="settings">
      <header className="page-head">
        <h1>Settings</h1>
      </header>

      <form className="stack" onSubmit={(e) => void save(e)}>
        <section className="card stack">
          <h2>Listening</h2>
          <label className="field">
            <span>Microphone</span>
            <select
              data-testid="setting-microphone"
              value={draft.microphone ?? ''}
              onChange={(e) => set('microphone', e.target.value || null)}
            >
              <option value="">System default</option>
              {mics.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                  {m.is_default ? ' (default)' : ''}
                </option>
              ))}
              {!micKnown && (
                <option value={draft.microphone!}>{draft.microphone} (not found)</option>
              )}
            </select>
          </label>
          <div className="grid-2">
            <NumberField
              label="Stop after silence"
              testid="setting-auto-stop"
              value={draft.auto_stop_s}
              {...limits.auto_stop_s}
              unit="seconds"
              hint="Once you have started answering. 0 turns it off."
              onChange={(v) => set('auto_stop_s', v)}
            />
            <NumberField
              label="Longest answer"
              testid="setting-max-length"
              value={draft.max_answer_s}
              {...limits.max_answer_s}
              unit="seconds"
              onChange={(v) => set('max_answer_s', v)}
            />
            <NumberField
              label="Thinking time"
              testid="setting-thinking"
              value={draft.thinking_s}
              {...limits.thinking_s}
              unit="seconds"
              hint="A countdown after the question, then recording starts. 0: start with the button."
              onChange={(v) => set('thinking_s', v)}
            />
            <NumberField
              label="New questions per day"
              testid="setting-new-per-day"
              value={draft.new_per_day}
              {...limits.new_per_day}
              unit="a day"
              hint="How many never-answered questions the Due mode brings in each day."
              onChange={(v) => set('new_per_day', v)}
            />
            <label className="field">
              <span>Follow-up questions</span>
              <select
                data-testid="setting-follow-ups"
                value={draft.follow_ups}
                onChange={(e) => set('follow_ups', e.target.value as FollowUps)}
              >
                <option value="mock">In mock interviews</option>
                <option value="always">After every answer</option>
                <option value="never">Never</option>
              </select>
              <span className="small muted">
                After an answer that leaves out a central point, Viva asks about it as an
                interviewer would, and scores the short answer apart.
              </span>
            </label>
            <fieldset className="band">
              <legend>Comfortable pace</legend>
              <div className="row">
                <NumberField
                  label="From"
                  testid="setting-pace-min"
                  value={paceMin}
                  {...limits.pace_wpm}
                  unit="wpm"
                  onChange={(v) => set('pace_wpm', [v, paceMax])}
                />
                <NumberField
                  label="To"
                  testid="setting-pace-max"
                  value={paceMax}
                  {...limits.pace_wpm}
                  unit="wpm"
                  onChange={(v) => set('pace_wpm', [paceMin, v])}
                />
              </div>
              <span className="small muted">
                Words per minute. Most listeners are comfortable with 130–160.
              </span>
            </fieldset>
          </div>
        </section>

        <section className="card stack">
          <h2>Asking questions</h2>
          {!speechAvailable() && (
            <p className="small muted">This system offers no speech synthesis voices.</p>
          )}
          <div className="grid-2">
            <label className="field">
              <span>Voice</span>
              <select
                data-testid="setting-voice"
                value={draft.voice ?? ''}
                onChange={(e) => set('voice', e.target.value || null)}
              >
                <option value="">System default</option>
                {voices.map((v) => (
                  <option key={v.voiceURI || v.name} value={v.name}>
                    {v.name} ({v.lang})
                  </option>
                ))}
                {draft.voice && !voices.some((v) => v.name === draft.voice) && (
                  <option value={draft.voice}>{draft.voice}</option>
                )}
              </select>
            </label>
            <label className="field">
              <span>Speaking rate: {draft.rate.toFixed(2)}×</span>
              <input
                type="range"
                data-testid="setting-rate"
                {...limits.rate}
                value={draft.rate}
                onChange={(e) => set('rate', e.target.valueAsNumber)}
              />
            </label>
          </div>
          <div>
            <button
              type="button"
              data-testid="test-voice"
              onClick={() =>
                speak(
                  'Tell me about a time you had to explain something technical.',
                  draft.voice,
                  draft.rate,
                )
              }
            >
              Test voice
            </button>
          </div>
        </section>

        <div className="row end sticky-save">
          {dirty && <span className="small muted">Unsaved changes</span>}
          <button
            type="button"
            disabled={!dirty || saving}
            onClick={() => setDraft(status.settings)}
          >
            Revert
          </button>
          <button
            type="submit"
            className="primary"
            data-testid="save-settings"
            disabled={saving || !dirty}
          >
            {saving ? 'Saving…' : 'Save settings'}
          </button>
        </div>
      </form>

      <section className="card stack">
        <h2>Speech models</h2>
        <p className="small muted">
          Your answers are transcribed on this computer by the default model.
        </p>
        <ModelManager installed={status.models} onChanged={onChanged} />
      </section>

      <section className="card stack">
        <h2>Your data</h2>
        <div className="field">
          <span id="data-dir-label">History, recordings and your own decks are kept in</span>
          {/* Text, not an input: it is read-only, selectable, and readable by tests as text. */}
          <code className="path" data-testid="data-dir" aria-labelledby="data-dir-label">
            {status.data_dir}
          </code>
          <span className="small muted">
            Your own decks go in its <code>decks</code> folder; see docs/decks.md for the format.
          </span>
        </div>
      </section>
    </div>
  );
}
