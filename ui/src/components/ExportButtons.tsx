import { useState } from 'react';

import * as api from '../api';
import type { ExportFormat } from '../bindings/ExportFormat';
import { useNotify } from '../lib/errors';

const FORMATS: { id: ExportFormat; label: string }[] = [
  { id: 'md', label: 'Markdown' },
  { id: 'html', label: 'HTML' },
  { id: 'json', label: 'JSON' },
  { id: 'csv', label: 'CSV' },
];

/** Export a session: save dialog (viva-session-N.ext), then the report is written there. */
export function ExportButtons({ sessionId }: { sessionId: number }) {
  const notify = useNotify();
  const [written, setWritten] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (format: ExportFormat) => {
    setBusy(true);
    try {
      const path = await api.pickExportPath(sessionId, format);
      if (!path) return;
      setWritten(await api.exportSession(sessionId, format, path));
    } catch (e) {
      notify.error(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="export stack-tight">
      <div className="row wrap" role="group" aria-label="Export this session">
        <span className="small muted">Export:</span>
        {FORMATS.map((f) => (
          <button
            key={f.id}
            type="button"
            className="small-button"
            data-testid={`export-${f.id}`}
            disabled={busy}
            onClick={() => void run(f.id)}
          >
            {f.label}
          </button>
        ))}
      </div>
      {written && (
        <div className="small success" role="status" data-testid="export-done">
          Saved to <code>{written}</code>
        </div>
      )}
    </div>
  );
}
