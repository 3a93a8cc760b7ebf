import { useCallback, useEffect, useState } from 'react';

import * as api from './api';
import type { AppStatus } from './bindings/AppStatus';
import type { SessionPlan } from './bindings/SessionPlan';
import { Icon } from './components/Icon';
import { NotifyProvider, useNotify } from './lib/errors';
import { Decks } from './screens/Decks';
import { FirstRun } from './screens/FirstRun';
import { History } from './screens/History';
import { Home } from './screens/Home';
import { Practice } from './screens/Practice';
import { SettingsScreen } from './screens/Settings';

type Tab = 'practice' | 'decks' | 'history' | 'settings';

export default function App() {
  return (
    <NotifyProvider>
      <Shell />
    </NotifyProvider>
  );
}

function Shell() {
  const notify = useNotify();
  const [status, setStatus] = useState<AppStatus | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  const [tab, setTab] = useState<Tab>('practice');
  const [plan, setPlan] = useState<SessionPlan | null>(null);
  // Set when the user leaves the first-run screen without a model, to practise by typing.
  const [skippedSetup, setSkippedSetup] = useState(false);

  const refresh = useCallback(async () => {
    try {
      setStatus(await api.status());
      setLoadFailed(false);
    } catch (e) {
      setLoadFailed(true);
      notify.error(e);
    }
  }, [notify]);

  useEffect(() => {
    api.status().then(setStatus, (e: unknown) => {
      setLoadFailed(true);
      notify.error(e);
    });
  }, [notify]);

  if (!status) {
    return (
      <main className="center-screen">
        {loadFailed ? (
          <div className="card narrow">
            <h1>Viva could not start</h1>
            <p className="muted">The message below says what went wrong.</p>
            <button type="button" className="primary" onClick={() => void refresh()}>
              Try again
            </button>
          </div>
        ) : (
          <p className="muted" role="status">
            Opening Viva…
          </p>
        )}
      </main>
    );
  }

  if (status.first_run && !skippedSetup) {
    return (
      <FirstRun
        status={status}
        onInstalled={() => void refresh()}
        onSkip={() => setSkippedSetup(true)}
      />
    );
  }

  const go = (t: Tab) => setTab(t);

  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          <Icon name="logo" />
          <span>Viva</span>
        </div>
        <NavButton id="practice" current={tab} onSelect={go} icon="mic" label="Practice" />
        <NavButton id="decks" current={tab} onSelect={go} icon="file" label="Decks" />
        <NavButton id="history" current={tab} onSelect={go} icon="history" label="History" />
        <NavButton id="settings" current={tab} onSelect={go} icon="settings" label="Settings" />
        <div className="sidebar-foot muted small">Runs entirely on this computer</div>
      </nav>
      <main className="content">
        {/* A session in progress stays mounted (hidden) while another tab is open. */}
        {plan && (
          <div hidden={tab !== 'practice'}>
            <Practice
              key={plan.session_id}
              plan={plan}
              status={status}
              active={tab === 'practice'}
              onExit={() => setPlan(null)}
              onHistory={() => {
                setPlan(null);
                setTab('history');
              }}
            />
          </div>
        )}
        {tab === 'practice' && !plan && (
          <Home status={status} onStart={setPlan} onOpenSettings={() => setTab('settings')} />
        )}
        {tab === 'decks' && (
          <Decks
            canRecord={status.microphone.available && status.default_model != null}
            onChanged={() => void refresh()}
            onPractise={(p) => {
              setPlan(p);
              setTab('practice');
            }}
          />
        )}
        {tab === 'history' && <History />}
        {tab === 'settings' && <SettingsScreen status={status} onChanged={refresh} />}
      </main>
    </div>
  );
}

function NavButton({
  id,
  current,
  onSelect,
  icon,
  label,
}: {
  id: Tab;
  current: Tab;
  onSelect: (t: Tab) => void;
  icon: 'mic' | 'file' | 'history' | 'settings';
  label: string;
}) {
  return (
    <button
      type="button"
      className="nav-item"
      data-testid={`nav-${id}`}
      aria-current={current === id ? 'page' : undefined}
      onClick={() => onSelect(id)}
    >
      <Icon name={icon} />
      {label}
    </button>
  );
}
