import { useEffect, useState } from 'preact/hooks';
import { operationsOf, type Operations } from '../api/operations';
import type { Model, ModelDownload, Preset, PresetList, PresetStatus } from '../api/types';
import { useConsole } from '../context';
import { DataTable, ErrorNotice, FirstLoad, Options, PageHeader, ProgressBar, RemoveButton, StatusBadge, Time, bytes } from '../ui/components';
import { useAction, useResource } from '../ui/hooks';

const FOLDERS = ['checkpoints', 'loras', 'vae', 'controlnet', 'upscale_models', 'embeddings', 'clip', 'unet', 'clip_vision'];

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
        <FirstLoad resource={downloads} what="downloads" />
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
            <DataTable
              rows={models.data.models}
              rowKey={(m) => m.path}
              columns={[
                { title: 'Model', class: 'wrap', cell: (m) => m.name },
                { title: 'Folder', cell: (m) => m.folder },
                { title: 'Size', cell: (m) => bytes(m.size_bytes) },
                { title: 'Added', cell: (m) => <Time iso={m.last_modified} /> },
                {
                  title: 'Actions',
                  hiddenTitle: true,
                  cell: (m) => (
                    <RemoveButton
                      label="Delete"
                      confirm={`Delete ${m.path} from the model store?`}
                      action={{ busy: action.busy, run }}
                      remove={() => api.delete(`/v1/models/${encodeURIComponent(m.folder)}/${encodeURIComponent(m.name)}`)}
                    />
                  ),
                },
              ]}
            />
          </div>
        )}
      </div>
      {operations?.has('GET', '/v1/presets') && <Presets operations={operations} />}
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
            <Options values={FOLDERS} />
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

/** Presets: named bundles of models; installing queues a download per missing file (operators only). */
function Presets({ operations }: { operations: Operations }) {
  const { api } = useConsole();
  const presets = useResource(() => api.get<PresetList>('/v1/presets'), [api]);
  return (
    <div class="card">
      <h2>Presets</h2>
      <p class="muted small">Bundles of models for common workflows. Installing or uninstalling one needs an operator account.</p>
      <ErrorNotice error={presets.error} />
      <FirstLoad resource={presets} what="presets" />
      {presets.data?.presets.length === 0 && <p class="muted">No presets.</p>}
      <ul class="plain" aria-label="Presets">
        {presets.data?.presets.map((preset) => (
          <PresetItem key={preset.id} preset={preset} operations={operations} onChange={presets.reload} />
        ))}
      </ul>
    </div>
  );
}

function PresetItem(props: { preset: Preset; operations: Operations; onChange: () => void }) {
  const { api } = useConsole();
  const { preset, operations } = props;
  const action = useAction();
  const base = `/v1/presets/${encodeURIComponent(preset.id)}`;
  const [status, setStatus] = useState<PresetStatus | null>(null);
  const installing = status?.status === 'installing';

  useEffect(() => {
    if (!installing) {
      return undefined;
    }
    const timer = setTimeout(() => {
      void api.get<PresetStatus>(`${base}/status`).then((next) => {
        setStatus(next);
        if (next.status !== 'installing') {
          props.onChange();
        }
      }, () => undefined);
    }, api.budget.pollDelay(2_000));
    return () => clearTimeout(timer);
  }, [api, base, status]);

  const run = (work: () => Promise<unknown>) =>
    action.run(async () => {
      await work();
      setStatus(await api.get<PresetStatus>(`${base}/status`));
      props.onChange();
    });
  const state = status?.status ?? (preset.installed ? 'installed' : 'not_installed');

  return (
    <li class="download" data-preset-id={preset.id}>
      <div class="row wrap">
        <strong>{preset.name}</strong>
        <StatusBadge status={state} />
        <span class="muted small">
          {[preset.category, preset.type, preset.download_size].filter((part) => part).join(' · ')}
        </span>
      </div>
      {preset.description && <p class="muted small">{preset.description}</p>}
      {installing && status && (
        <>
          <ProgressBar value={status.progress} label={`Installation of ${preset.name}`} />
          <p class="muted small">
            {status.files.completed} of {status.files.total} files
            {status.current_file ? `, fetching ${status.current_file}` : ''}
            {status.eta_seconds !== null ? `, about ${Math.round(status.eta_seconds)} s left` : ''}
          </p>
        </>
      )}
      <ErrorNotice error={action.error} />
      <div class="row">
        {state !== 'installed' && !installing && operations.has('POST', '/v1/presets/{preset_id}/install') && (
          <button type="button" disabled={action.busy} onClick={() => void run(() => api.post(`${base}/install`, {}))}>
            Install
          </button>
        )}
        {state !== 'not_installed' && operations.has('POST', '/v1/presets/{preset_id}/uninstall') && (
          <button
            type="button"
            disabled={action.busy}
            onClick={() => {
              if (window.confirm(`Remove the files of ${preset.name} from the model store?`)) {
                void run(() => api.post(`${base}/uninstall`));
              }
            }}
          >
            Uninstall
          </button>
        )}
      </div>
    </li>
  );
}
