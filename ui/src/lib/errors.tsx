import { createContext, useCallback, useContext, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';

import { errorMessage } from './format';

interface Toast {
  id: number;
  message: string;
  tone: 'error' | 'info';
}

interface Notify {
  /** Shows a failed command's message; never swallow a rejected promise. */
  error: (e: unknown) => void;
  info: (message: string) => void;
}

const NotifyContext = createContext<Notify>({
  error: (e) => console.error(e),
  info: () => {},
});

export function useNotify(): Notify {
  return useContext(NotifyContext);
}

/** Non-blocking banners at the bottom of the window: errors stay until dismissed. */
export function NotifyProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);

  const dismiss = useCallback((id: number) => {
    setToasts((ts) => ts.filter((t) => t.id !== id));
  }, []);

  const push = useCallback(
    (message: string, tone: Toast['tone']) => {
      const id = next.current++;
      setToasts((ts) => [...ts.filter((t) => t.message !== message), { id, message, tone }]);
      if (tone === 'info') setTimeout(() => dismiss(id), 6000);
    },
    [dismiss],
  );

  const notify = useMemo<Notify>(
    () => ({
      error: (e) => push(errorMessage(e), 'error'),
      info: (m) => push(m, 'info'),
    }),
    [push],
  );

  return (
    <NotifyContext.Provider value={notify}>
      {children}
      <div className="toasts" aria-live="polite">
        {toasts.map((t) => (
          <div
            key={t.id}
            className={`toast toast-${t.tone}`}
            role={t.tone === 'error' ? 'alert' : 'status'}
            data-testid={t.tone === 'error' ? 'error-banner' : 'info-banner'}
          >
            <span>{t.message}</span>
            <button
              type="button"
              className="icon-button"
              aria-label="Dismiss"
              onClick={() => dismiss(t.id)}
            >
              ×
            </button>
          </div>
        ))}
      </div>
    </NotifyContext.Provider>
  );
}
