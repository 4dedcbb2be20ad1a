import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/errors';
import type { Batch } from '../api/types';
import { useConsole } from '../context';
import { follow } from '../live/follow';
import { href, navigate } from '../router';
import { ActionForm, ErrorNotice, Facts, Loading, PageHeader, ProgressBar, StatusBadge, Time } from '../ui/components';
import { useAction } from '../ui/hooks';

/** Batches started from this tab, newest first; the API has no list of batches to read them from. */
const startedHere: { id: string; name: string }[] = [];

/** Start a batch from a JSONL manifest (one execute body per line), or open one by id. */
export function BatchesPage() {
  const { api } = useConsole();
  const [name, setName] = useState('');
  const [manifest, setManifest] = useState('');
  const [openId, setOpenId] = useState('');
  const action = useAction();

  const upload = async (file: File | undefined) => {
    if (file !== undefined) {
      setManifest(await file.text());
      setName(file.name.replace(/\.(jsonl|ndjson)$/, ''));
    }
  };

  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Batches" />
      <ActionForm
        action={action}
        submit={async () => {
          const started = await api.post<Batch>('/v1/batches', { name: name || undefined, manifest });
          startedHere.unshift({ id: started.batch_id, name: name || started.batch_id });
          navigate({ page: 'batch', id: started.batch_id });
        }}
      >
        <h2>Start a batch</h2>
        <p class="muted small">
          A manifest has one job per line, each shaped like the body of <code>POST /v1/workflows/execute</code>. Bad lines are
          reported by line number and do not stop the others.
        </p>
        <div class="row wrap">
          <label class="field">
            <span>Manifest file (.jsonl)</span>
            <input type="file" accept=".jsonl,.ndjson,application/x-ndjson,text/plain" onChange={(e) => void upload(e.currentTarget.files?.[0])} />
          </label>
          <label class="field grow">
            <span>Name</span>
            <input value={name} pattern="[A-Za-z0-9_.\-]{1,64}" onInput={(e) => setName(e.currentTarget.value)} />
          </label>
        </div>
        <label class="field">
          <span>Manifest</span>
          <textarea class="code" rows={8} spellcheck={false} required value={manifest} onInput={(e) => setManifest(e.currentTarget.value)} />
        </label>
        <ErrorNotice error={action.error} title="The batch was not started" />
        <button type="submit" class="primary" disabled={action.busy}>
          Start batch
        </button>
      </ActionForm>
      <form
        class="card row wrap"
        onSubmit={(e) => {
          e.preventDefault();
          if (openId.trim() !== '') {
            navigate({ page: 'batch', id: openId.trim() });
          }
        }}
      >
        <label class="field grow">
          <span>Follow a batch by id</span>
          <input value={openId} placeholder="batch_…" onInput={(e) => setOpenId(e.currentTarget.value)} />
        </label>
        <button type="submit">Open</button>
      </form>
      {startedHere.length > 0 && (
        <div class="card">
          <h2>Started from this tab</h2>
          <ul class="plain">
            {startedHere.map((b) => (
              <li key={b.id}>
                <a href={href({ page: 'batch', id: b.id })}>{b.name}</a> <span class="muted small">{b.id}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/** One batch, followed until its last job ends, with its bad lines and the results manifest to download. */
export function BatchPage({ id }: { id: string }) {
  const { api, live } = useConsole();
  const [batch, setBatch] = useState<Batch | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    setBatch(null);
    return follow<Batch>({
      channel: live,
      topic: { channel: 'jobs' },
      load: () => api.get<Batch>(`/v1/batches/${encodeURIComponent(id)}`),
      onData: (data) => {
        setBatch(data);
        setError(null);
      },
      onError: setError,
      active: (data) => data.status !== 'completed',
      reloadOn: () => true,
      pace: { activeMs: 2_000, idleMs: 60_000 },
    });
  }, [api, live, id]);

  if (batch === null) {
    return (
      <section aria-labelledby="page-title">
        <PageHeader title={error instanceof ApiError && error.notFound ? 'Batch not found' : `Batch ${id}`} />
        <ErrorNotice error={error} title="Could not load the batch" />
        {error === null && <Loading what="the batch" />}
      </section>
    );
  }
  const done = batch.jobs === 0 ? (batch.status === 'completed' ? 100 : 0) : (batch.finished / batch.jobs) * 100;
  return (
    <section aria-labelledby="page-title">
      <PageHeader title={`Batch ${batch.batch_id}`}>
        <StatusBadge status={batch.status} />
      </PageHeader>
      <ErrorNotice error={error} title="Could not refresh the batch" />
      <div class="card">
        <ProgressBar value={done} label="Batch progress" />
        <p class="muted small">
          {batch.finished} of {batch.jobs} jobs ended
          {Object.entries(batch.counts)
            .filter(([, n]) => n > 0)
            .map(([status, n]) => ` · ${n} ${status}`)
            .join('')}
        </p>
        {batch.results_url && (
          <a class="button primary" href={batch.results_url} download={`${batch.batch_id}.jsonl`}>
            Download results manifest
          </a>
        )}
      </div>
      <div class="card">
        <Facts
          rows={[
            ['Manifest', <code>{batch.manifest.key}</code>],
            ['Lines', batch.lines ?? 'still reading'],
            ['Jobs', batch.jobs],
            ['Rejected lines', batch.rejected_lines],
            ['Started', <Time iso={batch.created_at} />],
            ['Completed', batch.completed_at && <Time iso={batch.completed_at} />],
          ]}
        />
      </div>
      {batch.errors.length > 0 && (
        <div class="card">
          <h2>Rejected lines</h2>
          <ul class="plain">
            {batch.errors.map((e) => (
              <li key={e.line}>
                Line {e.line}: {e.message ?? e.code}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
