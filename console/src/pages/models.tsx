import { useEffect, useState } from 'preact/hooks';
import { operationsOf, type Operations } from '../api/operations';
import type { Model, ModelDownload } from '../api/types';
import { useConsole } from '../context';
import { ErrorNotice, Loading, PageHeader, ProgressBar, StatusBadge, Time, bytes } from '../ui/components';
import { useAction, useResource } from '../ui/hooks';

const FOLDERS = ['checkpoints', 'loras', 'vae', 'controlnet', 'upscale_models', 'embeddings', 'clip', 'unet', 'clip_vision'];

interface Preset {
  id: string;
  name?: string;
  description?: string;
  models?: unknown[];
}

/** The model store, imports by URL with pause, resume and cancel, and presets when the API has them. */
export function ModelsPage() {
  const { api } = useConsole();
  const models = useResource(() => api.get<{ models: Model[]; total: number; total_size_bytes: number }>('/v1/models', { limit: 100 }), [api]);
  const downloads = useResource(() => api.get<{ downloads: ModelDownload[]; active: number }>('/v1/models/downloads'), [api]);
  const [operations, setOperations] = useState<Operations | null>(null);
  const action = useAction();
  const active = (downloads.data?.downloads ?? []).some((d) => d.status === 'downloading' || d.status === 'pending' || d.status === 'queued');

  useEffect(() => {
    void operationsOf(api).then(setOperations);
  }, [api]);
  useEffect(() => {
    if (!active) {
      return undefined;
    }
    const timer = setTimeout(() => {
      downloads.reload();
      models.reload();
    }, api.budget.pollDelay(2_000));
    return () => clearTimeout(timer);
  }, [api, active, downloads.data]);

  const run = (work: () => Promise<unknown>) =>
    action.run(async () => {
      await work();
      downloads.reload();
      models.reload();
    });
  const downloadPath = (d: ModelDownload, verb = '') => `/v1/models/downloads/${encodeURIComponent(d.download_id)}${verb}`;

  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Models" />
      <ErrorNotice error={action.error} />
      <ImportForm onImport={(body) => run(() => api.post('/v1/models', body))} busy={action.busy} />
      <div class="card">
        <h2>Downloads</h2>
        <ErrorNotice error={downloads.error} title="Could not load downloads" />
        {downloads.loading && downloads.data === null && <Loading what="downloads" />}
        {downloads.data?.downloads.length === 0 && <p class="muted">No imports.</p>}
        <ul class="plain">
          {downloads.data?.downloads.map((d) => (
            <li key={d.download_id} class="download">
              <div class="row wrap">
                <strong>{d.path}</strong>
                <StatusBadge status={d.status} />
                <span class="muted small">
                  {bytes(d.downloaded_bytes)}
                  {d.total_bytes ? ` of ${bytes(d.total_bytes)}` : ''}
                </span>
              </div>
              {d.progress !== undefined && d.progress !== null && <ProgressBar value={d.progress} label={`Download of ${d.path}`} />}
              {d.error && <p class="error-text small">{d.error}</p>}
              <div class="row">
                {d.status === 'downloading' && (
                  <button type="button" disabled={action.busy} onClick={() => void run(() => api.post(downloadPath(d, '/pause')))}>
                    Pause
                  </button>
                )}
                {d.status === 'paused' && (
                  <button type="button" disabled={action.busy} onClick={() => void run(() => api.post(downloadPath(d, '/resume')))}>
                    Resume
                  </button>
                )}
                {['downloading', 'paused', 'pending', 'queued'].includes(d.status) && (
                  <button type="button" disabled={action.busy} onClick={() => void run(() => api.delete(downloadPath(d)))}>
                    Cancel
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      </div>
      <div class="card">
        <h2>Model store</h2>
        <ErrorNotice error={models.error} title="Could not load the model store" />
        {models.data && (
          <p class="muted small">
            {models.data.total} models, {bytes(models.data.total_size_bytes)}
          </p>
        )}
        {models.data?.models.length === 0 && <p class="muted">The store is empty. Import a model by URL above.</p>}
        {models.data && models.data.models.length > 0 && (
          <div class="table-scroll">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">Model</th>
                  <th scope="col">Folder</th>
                  <th scope="col">Size</th>
                  <th scope="col">Added</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {models.data.models.map((m) => (
                  <tr key={m.path}>
                    <th scope="row" class="wrap">
                      {m.name}
                    </th>
                    <td>{m.folder}</td>
                    <td>{bytes(m.size_bytes)}</td>
                    <td>
                      <Time iso={m.last_modified} />
                    </td>
                    <td>
                      <button
                        type="button"
                        disabled={action.busy}
                        onClick={() => {
                          if (window.confirm(`Delete ${m.path} from the model store?`)) {
                            void run(() => api.delete(`/v1/models/${encodeURIComponent(m.folder)}/${encodeURIComponent(m.name)}`));
                          }
                        }}
                      >
                        Delete
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      {operations?.has('GET', '/v1/presets') && <Presets />}
    </section>
  );
}

function ImportForm({ onImport, busy }: { onImport: (body: Record<string, unknown>) => void; busy: boolean }) {
  const [url, setUrl] = useState('');
  const [folder, setFolder] = useState('checkpoints');
  const [filename, setFilename] = useState('');
  return (
    <form
      class="card stack"
      onSubmit={(e) => {
        e.preventDefault();
        onImport({ url, folder, filename: filename || url.split('/').pop()?.split('?')[0] });
      }}
    >
      <h2>Import a model</h2>
      <p class="muted small">A runner downloads it over https into the model store. Changing the store needs an operator account.</p>
      <label class="field">
        <span>URL</span>
        <input type="url" required placeholder="https://…/model.safetensors" value={url} onInput={(e) => setUrl(e.currentTarget.value)} />
      </label>
      <div class="row wrap">
        <label class="field">
          <span>Folder</span>
          <select value={folder} onChange={(e) => setFolder(e.currentTarget.value)}>
            {FOLDERS.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
        <label class="field grow">
          <span>File name (optional)</span>
          <input value={filename} onInput={(e) => setFilename(e.currentTarget.value)} />
        </label>
      </div>
      <button type="submit" disabled={busy}>
        Import
      </button>
    </form>
  );
}

function Presets() {
  const { api } = useConsole();
  const presets = useResource(() => api.get<{ presets: Preset[] }>('/v1/presets'), [api]);
  return (
    <div class="card">
      <h2>Presets</h2>
      <ErrorNotice error={presets.error} />
      {presets.data?.presets.length === 0 && <p class="muted">No presets.</p>}
      <ul class="plain">
        {presets.data?.presets.map((p) => (
          <li key={p.id}>
            <strong>{p.name ?? p.id}</strong> <span class="muted small">{p.description}</span>
            {Array.isArray(p.models) && <span class="muted small"> · {p.models.length} models</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
