import { useEffect, useState } from 'react';

import * as api from '../api';
import type { AppStatus } from '../bindings/AppStatus';
import type { CatalogModel } from '../bindings/CatalogModel';
import type { DownloadProgress } from '../bindings/DownloadProgress';
import { DownloadBar } from '../components/DownloadBar';
import { Icon } from '../components/Icon';
import { useNotify } from '../lib/errors';
import { megabytes } from '../lib/format';

/** The model the first-run screen installs: the catalog's default, else tiny.en. */
export function recommended(catalog: CatalogModel[]): CatalogModel | undefined {
  return catalog.find((m) => m.default) ?? catalog.find((m) => m.name === 'tiny.en') ?? catalog[0];
}

export function FirstRun({
  status,
  onInstalled,
  onSkip,
}: {
  status: AppStatus;
  onInstalled: () => void;
  onSkip: () => void;
}) {
  const notify = useNotify();
  const [catalog, setCatalog] = useState<CatalogModel[]>([]);
  const [progress, setProgress] = useState<DownloadProgress | null>(null);
  const [busy, setBusy] = useState<'install' | 'import' | null>(null);

  useEffect(() => {
    api.modelCatalog().then(setCatalog, notify.error);
  }, [notify]);

  const model = recommended(catalog);

  const install = async () => {
    const name = model?.name ?? 'tiny.en';
    setBusy('install');
    setProgress({ received: 0, total: model?.size ?? null, bytes_per_sec: 0 });
    try {
      await api.installModel(name, setProgress);
      onInstalled();
    } catch (e) {
      notify.error(e);
      setProgress(null);
    } finally {
      setBusy(null);
    }
  };

  const importModel = async (kind: 'file' | 'folder') => {
    try {
      const path = await api.pickModel(kind);
      if (!path) return;
      setBusy('import');
      setProgress({ received: 0, total: null, bytes_per_sec: 0 });
      await api.importModel(path, setProgress);
      onInstalled();
    } catch (e) {
      notify.error(e);
      setProgress(null);
    } finally {
      setBusy(null);
    }
  };

  const mic = status.microphone;

  return (
    <main className="center-screen first-run" data-testid="first-run">
      <div className="card narrow stack">
        <div className="brand big">
          <Icon name="logo" size={28} />
          <span>Welcome to Viva</span>
        </div>
        <p>
          Viva asks you interview questions out loud, listens to your answer and shows what it
          covered and how you said it.
        </p>
        <p>
          <strong>Everything runs on this computer.</strong> Your voice is recognised here by a
          speech model; no recording or transcript ever leaves your machine. To start, Viva needs
          one speech model (a one-time download).
        </p>

        <div className="setup-box stack">
          <div>
            <div className="setup-title">
              Recommended: {model ? model.name : 'tiny.en'}
              {model && <span className="muted"> · {megabytes(model.size)} MB</span>}
            </div>
            <div className="small muted">
              Fast and accurate for English answers. You can add others later in Settings.
            </div>
          </div>
          {progress ? (
            <DownloadBar
              progress={progress}
              label={
                busy === 'import' ? 'Importing the model' : `Downloading ${model?.name ?? 'model'}`
              }
            />
          ) : null}
          <div>
            <button
              type="button"
              className="primary big"
              data-testid="install-model"
              disabled={busy !== null}
              onClick={() => void install()}
            >
              <Icon name="download" />
              {busy === 'install' ? 'Installing…' : 'Install speech model'}
            </button>
          </div>
          <div className="row wrap">
            <span className="small muted">Already have one?</span>
            <button
              type="button"
              data-testid="model-import-file"
              disabled={busy !== null}
              onClick={() => void importModel('file')}
            >
              <Icon name="file" />
              Import a model file…
            </button>
            <button
              type="button"
              data-testid="model-import-folder"
              disabled={busy !== null}
              onClick={() => void importModel('folder')}
            >
              <Icon name="folder" />
              Import a model folder…
            </button>
          </div>
          <div className="small muted">
            A whisper.cpp <code>.bin</code> file, or a faster-whisper (CTranslate2) folder.
          </div>
        </div>

        {!mic.available && (
          <div className="notice" role="note" data-testid="mic-problem">
            {/* The backend's explanation already says what is missing; don't say it twice. */}
            {mic.problem ?? (
              <>
                <strong>No microphone found.</strong> You can still practise by typing your answers,
                and speak them once a microphone is connected.
              </>
            )}
          </div>
        )}

        <button type="button" className="link" disabled={busy !== null} onClick={onSkip}>
          Skip for now and practise by typing
        </button>
      </div>
    </main>
  );
}
