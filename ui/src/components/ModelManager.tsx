import { useCallback, useEffect, useState } from 'react';

import * as api from '../api';
import type { CatalogModel } from '../bindings/CatalogModel';
import type { DownloadProgress } from '../bindings/DownloadProgress';
import type { InstalledModel } from '../bindings/InstalledModel';
import { useNotify } from '../lib/errors';
import { megabytes } from '../lib/format';
import { ConfirmDialog } from './ConfirmDialog';
import { DownloadBar } from './DownloadBar';
import { Icon } from './Icon';

interface Row {
  name: string;
  size: number;
  englishOnly: boolean | null;
  installed: boolean;
  isDefault: boolean;
  inCatalog: boolean;
}

/** Catalog models plus any imported ones, one row each. */
export function modelRows(catalog: CatalogModel[], installed: InstalledModel[]): Row[] {
  const rows: Row[] = catalog.map((c) => {
    const local = installed.find((m) => m.name === c.name);
    return {
      name: c.name,
      size: local?.size ?? c.size,
      englishOnly: c.english_only,
      installed: c.installed || local != null,
      isDefault: local ? local.default : c.installed && c.default,
      inCatalog: true,
    };
  });
  for (const m of installed) {
    if (rows.some((r) => r.name === m.name)) continue;
    rows.push({
      name: m.name,
      size: m.size,
      englishOnly: null,
      installed: true,
      isDefault: m.default,
      inCatalog: false,
    });
  }
  return rows;
}

/** Speech models: install with progress, choose the default, remove, import. */
export function ModelManager({
  installed,
  onChanged,
}: {
  installed: InstalledModel[];
  onChanged: () => Promise<void> | void;
}) {
  const notify = useNotify();
  const [catalog, setCatalog] = useState<CatalogModel[]>([]);
  const [installing, setInstalling] = useState<string | null>(null);
  const [progress, setProgress] = useState<DownloadProgress | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const [importing, setImporting] = useState<DownloadProgress | null>(null);
  const [busy, setBusy] = useState(false);

  const loadCatalog = useCallback(async () => {
    try {
      setCatalog(await api.modelCatalog());
    } catch (e) {
      notify.error(e);
    }
  }, [notify]);

  useEffect(() => {
    api.modelCatalog().then(setCatalog, notify.error);
  }, [notify]);

  const after = async () => {
    await Promise.all([loadCatalog(), onChanged()]);
  };

  const install = async (name: string, size: number) => {
    setInstalling(name);
    setProgress({ received: 0, total: size, bytes_per_sec: 0 });
    try {
      await api.installModel(name, setProgress);
      notify.info(`Installed ${name}.`);
      await after();
    } catch (e) {
      notify.error(e);
    } finally {
      setInstalling(null);
      setProgress(null);
    }
  };

  const run = async (action: () => Promise<unknown>, done?: string) => {
    setBusy(true);
    try {
      await action();
      if (done) notify.info(done);
      await after();
    } catch (e) {
      notify.error(e);
    } finally {
      setBusy(false);
    }
  };

  const importModel = (kind: 'file' | 'folder') =>
    run(async () => {
      const path = await api.pickModel(kind);
      if (!path) return;
      setImporting({ received: 0, total: null, bytes_per_sec: 0 });
      try {
        const m = await api.importModel(path, setImporting);
        notify.info(`Imported ${m.name}.`);
      } finally {
        setImporting(null);
      }
    });

  const rows = modelRows(catalog, installed);
  const disabled = busy || installing !== null;

  return (
    <div className="models stack">
      <ul className="model-list">
        {rows.map((r) => (
          <li key={r.name} className="model-row" data-testid="model-row" data-model={r.name}>
            <div className="model-info">
              <div>
                <strong>{r.name}</strong>
                {r.isDefault && <span className="pill good">default</span>}
              </div>
              <div className="small muted">
                {megabytes(r.size)} MB
                {r.englishOnly === true && ' · English only'}
                {r.englishOnly === false && ' · many languages'}
                {!r.inCatalog && ' · imported'}
                {r.installed ? ' · installed' : ''}
              </div>
              {installing === r.name && progress && (
                <DownloadBar progress={progress} label={`Downloading ${r.name}`} />
              )}
            </div>
            <div className="row">
              {!r.installed && (
                <button
                  type="button"
                  data-testid="model-install"
                  disabled={disabled}
                  onClick={() => void install(r.name, r.size)}
                >
                  <Icon name="download" />
                  {installing === r.name ? 'Installing…' : 'Install'}
                </button>
              )}
              {r.installed && !r.isDefault && (
                <button
                  type="button"
                  data-testid="model-default"
                  disabled={disabled}
                  onClick={() =>
                    void run(() => api.setDefaultModel(r.name), `${r.name} is now the default.`)
                  }
                >
                  Use by default
                </button>
              )}
              {r.installed && (
                <button
                  type="button"
                  className="icon-button"
                  data-testid="model-remove"
                  aria-label={`Remove ${r.name}`}
                  disabled={disabled}
                  onClick={() => setRemoving(r.name)}
                >
                  <Icon name="trash" />
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
      <div className="row wrap">
        <button
          type="button"
          data-testid="model-import-file"
          disabled={disabled}
          onClick={() => void importModel('file')}
        >
          <Icon name="file" />
          Import model file…
        </button>
        <button
          type="button"
          data-testid="model-import-folder"
          disabled={disabled}
          onClick={() => void importModel('folder')}
        >
          <Icon name="folder" />
          Import model folder…
        </button>
        <span className="small muted">
          A whisper.cpp <code>.bin</code> file, or a faster-whisper (CTranslate2) folder.
        </span>
      </div>
      {importing && <DownloadBar progress={importing} label="Importing the model" />}
      {removing && (
        <ConfirmDialog
          title={`Remove ${removing}?`}
          confirmLabel="Remove"
          confirmTestId="confirm-remove-model"
          onCancel={() => setRemoving(null)}
          onConfirm={() => {
            const name = removing;
            setRemoving(null);
            void run(() => api.removeModel(name), `Removed ${name}.`);
          }}
        >
          The model file is deleted from this computer. You can install it again later.
        </ConfirmDialog>
      )}
    </div>
  );
}
