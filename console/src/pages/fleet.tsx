import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/errors';
import { operationsOf, type Operations } from '../api/operations';
import type { Fleet, FleetSchedule, FleetSettings, Worker } from '../api/types';
import { useConsole } from '../context';
import { href } from '../router';
import { ActionForm, DataTable, ErrorNotice, Facts, Loading, PageHeader, ProgressBar, StatusBadge, Time, bytes } from '../ui/components';
import { isMissingRoute, useAction, useResource } from '../ui/hooks';

/** The fleet routes (operators only for all but the first read); the console shows a control when the API offers its route. */
const ROUTES = {
  fleet: '/v1/fleet',
  start: '/v1/fleet/start',
  stop: '/v1/fleet/stop',
  schedules: '/v1/fleet/schedules',
  schedule: '/v1/fleet/schedules/{id}',
};

/** The setup stages a runner reports, in order; `ready` takes jobs. */
const SETUP_STAGES = ['launching', 'pulling_image', 'starting_comfyui', 'staging_models', 'ready'];

/** GPU capacity and its workers (state, setup progress), with start, stop, scaling bounds and fleet schedules. */
export function FleetPage() {
  const { api } = useConsole();
  const [operations, setOperations] = useState<Operations | null>(null);
  const fleet = useResource(() => api.get<Fleet>(ROUTES.fleet), [api]);
  const action = useAction();

  useEffect(() => {
    void operationsOf(api).then(setOperations);
  }, [api]);
  useEffect(() => {
    const timer = setInterval(() => fleet.reload(), Math.max(5_000, api.budget.pollDelay(5_000)));
    return () => clearInterval(timer);
  }, [api, fleet.reload]);

  if (isMissingRoute(fleet.error)) {
    return (
      <section aria-labelledby="page-title">
        <PageHeader title="Fleet" />
        <p class="notice info">This API does not describe its GPU fleet.</p>
      </section>
    );
  }
  const data = fleet.data;
  const run = (work: () => Promise<unknown>) =>
    action.run(async () => {
      await work();
      fleet.reload();
    });

  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Fleet and workers" />
      <ErrorNotice error={action.error} />
      <ErrorNotice error={fleet.error} title="Could not load the fleet" />
      {data === null && fleet.error === null && <Loading what="the fleet" />}
      {data !== null && (
        <div class="columns">
          <div class="card">
            <h2>Capacity</h2>
            <Capacity fleet={data} />
            {data.service ? (
              <FleetControls operations={operations} settings={data.settings ?? null} busy={action.busy} run={run} />
            ) : (
              <p class="muted small">
                This stack has no managed runner service: its runners are started outside the API, so there is nothing to start, stop
                or scale here.
              </p>
            )}
          </div>
          <FleetSchedules operations={operations} />
        </div>
      )}
      {data !== null && <Workers workers={data.workers} />}
    </section>
  );
}

function Capacity({ fleet }: { fleet: Fleet }) {
  const { summary, service, settings, instances } = fleet;
  const states = Object.entries(summary.by_state ?? {})
    // Busy and idle are counted already; the other states are the ones worth a look.
    .filter(([state, count]) => count > 0 && state !== 'running' && state !== 'idle')
    .map(([state, count]) => `${count} ${state.replace(/_/g, ' ')}`)
    .join(', ');
  return (
    <Facts
      rows={[
        ['Scaling', <span data-testid="fleet-scaling">{SCALING[summary.scaling] ?? summary.scaling}</span>],
        ['Runner tasks', service ? `${service.desired} wanted, ${service.running} running, ${service.pending} starting` : null],
        ['Bounds', settings ? `${settings.min ?? '—'} to ${settings.max ?? '—'} runners` : null],
        ['Instance types', settings && settings.instance_types.length > 0 ? settings.instance_types.join(', ') : null],
        ['Capacity', settings?.capacity?.replace(/_/g, ' ')],
        ['GPU instances', instances ? `${instances.in_service} in service, ${instances.launching} launching (${instances.group})` : null],
        ['Workers', `${summary.total} (${summary.busy} busy, ${summary.idle} idle${states ? `; ${states}` : ''})`],
      ]}
    />
  );
}

const SCALING: Record<string, string> = {
  unmanaged: 'not managed by this stack',
  idle: 'idle (no runners wanted)',
  steady: 'steady',
  starting: 'runners starting',
  scaling_out: 'scaling out',
  scaling_in: 'scaling in',
};

/** Start and stop runners, and set the bounds scaling keeps to; each needs an operator of the stack. */
function FleetControls(props: {
  operations: Operations | null;
  settings: FleetSettings | null;
  busy: boolean;
  run: (work: () => Promise<unknown>) => void;
}) {
  const { api } = useConsole();
  const { operations, settings, busy, run } = props;
  const [count, setCount] = useState('1');
  const [bounds, setBounds] = useState({ min: '', max: '', desired: '' });
  const canStart = operations?.has('POST', ROUTES.start) ?? false;
  const canStop = operations?.has('POST', ROUTES.stop) ?? false;
  const canChange = operations?.has('PUT', ROUTES.fleet) ?? false;
  const change = Object.fromEntries(
    Object.entries(bounds)
      .filter(([, value]) => value.trim() !== '')
      .map(([name, value]) => [name, Number(value)]),
  );
  return (
    <div class="stack">
      <p class="muted small">Scaling follows the queue between the bounds. Changing the fleet needs an operator of this stack.</p>
      {(canStart || canStop) && (
        <form
          class="row"
          onSubmit={(e) => {
            e.preventDefault();
            run(() => api.post(ROUTES.start, { count: Number(count) }));
          }}
        >
          {canStart && (
            <>
              <label class="field narrow">
                <span>Runners to start</span>
                <input type="number" min={1} value={count} onInput={(e) => setCount(e.currentTarget.value)} />
              </label>
              <button type="submit" disabled={busy}>
                Start
              </button>
            </>
          )}
          {canStop && (
            <button type="button" disabled={busy} onClick={() => run(() => api.post(ROUTES.stop))}>
              Stop all
            </button>
          )}
        </form>
      )}
      {canChange && (
        <form
          class="row wrap"
          onSubmit={(e) => {
            e.preventDefault();
            run(async () => {
              await api.put(ROUTES.fleet, change);
              setBounds({ min: '', max: '', desired: '' });
            });
          }}
        >
          {(['min', 'max', 'desired'] as const).map((name) => (
            <label key={name} class="field narrow">
              <span>{name === 'desired' ? 'Desired' : name === 'min' ? 'Minimum' : 'Maximum'}</span>
              <input
                type="number"
                min={0}
                placeholder={settings?.[name] === null || settings?.[name] === undefined ? '' : String(settings[name])}
                value={bounds[name]}
                onInput={(e) => setBounds({ ...bounds, [name]: e.currentTarget.value })}
              />
            </label>
          ))}
          <button type="submit" disabled={busy || Object.keys(change).length === 0}>
            Apply
          </button>
        </form>
      )}
    </div>
  );
}

function Workers({ workers }: { workers: Worker[] }) {
  if (workers.length === 0) {
    return <p class="empty">No workers are running. The first queued job starts one.</p>;
  }
  return (
    <div class="card">
      <h2>Workers</h2>
      <div class="table-scroll">
        <DataTable
          rows={workers}
          rowKey={(worker) => worker.id}
          columns={[
            { title: 'Worker', cell: (worker) => worker.id },
            { title: 'State', cell: (worker) => <StatusBadge status={worker.status} /> },
            { title: 'Setup', cell: (worker) => <SetupProgress worker={worker} /> },
            {
              title: 'Instance',
              cell: (worker) => (
                <>
                  {worker.instance_type ?? '—'} <span class="muted small">{worker.capacity}</span>
                </>
              ),
            },
            {
              title: 'GPU',
              cell: (worker) => (
                <>
                  {worker.gpu?.name ?? '—'}
                  {worker.gpu?.memory_total ? <div class="muted small">{bytes(worker.gpu.memory_total)}</div> : null}
                </>
              ),
            },
            {
              title: 'Current job',
              cell: (worker) =>
                worker.current_job ? <a href={href({ page: 'job', id: worker.current_job })}>{worker.current_job}</a> : '—',
            },
            { title: 'Jobs done', cell: (worker) => worker.jobs_completed },
            { title: 'Last heartbeat', cell: (worker) => <Time iso={worker.last_heartbeat} /> },
          ]}
        />
      </div>
    </div>
  );
}

function SetupProgress({ worker }: { worker: Worker }) {
  const stage = worker.setup_stage;
  if (!stage || stage === 'ready') {
    return <span class="muted">{stage === 'ready' ? 'ready' : '—'}</span>;
  }
  const index = SETUP_STAGES.indexOf(stage);
  const since = worker.setup?.find((step) => step.stage === stage)?.at;
  return (
    <div>
      <span>{stage.replace(/_/g, ' ')}</span>
      {index >= 0 && <ProgressBar value={(index / (SETUP_STAGES.length - 1)) * 100} label={`Setup of ${worker.id}`} />}
      {since && (
        <div class="muted small">
          since <Time iso={since} />
        </div>
      )}
    </div>
  );
}

/** Fleet schedules: start runners at set times and, optionally, drain them to zero later. */
function FleetSchedules({ operations }: { operations: Operations | null }) {
  const { api } = useConsole();
  const offered = operations?.has('GET', ROUTES.schedules) ?? false;
  const schedules = useResource(
    () => (offered ? api.get<{ schedules: FleetSchedule[] }>(ROUTES.schedules) : Promise.resolve(null)),
    [api, offered],
  );
  const action = useAction();
  const [form, setForm] = useState({ start: 'cron(0 9 ? * MON-FRI *)', stop: 'cron(0 18 ? * MON-FRI *)', timezone: 'UTC', count: '1', description: '' });
  // Fleet schedules are for the stack's operators; anyone else is told so rather than shown an error.
  const forOperators = schedules.error instanceof ApiError && schedules.error.status === 403;
  const field = (name: keyof typeof form) => (e: { currentTarget: HTMLInputElement }) => setForm({ ...form, [name]: e.currentTarget.value });

  return (
    <div class="card">
      <h2>Fleet schedules</h2>
      {!offered && <p class="muted small">{operations === null ? 'Checking what this API offers…' : 'This API has no fleet schedules.'}</p>}
      {offered && <p class="muted small">Seen and changed by operators of this stack only.</p>}
      {!forOperators && <ErrorNotice error={schedules.error} />}
      <ErrorNotice error={action.error} />
      {schedules.data && schedules.data.schedules.length === 0 && <p class="muted">No fleet schedules.</p>}
      {schedules.data && schedules.data.schedules.length > 0 && (
        <ul class="plain">
          {schedules.data.schedules.map((s) => (
            <li key={s.id} class="row wrap">
              <span>
                Start {s.count} at <code>{s.start}</code>
                {s.stop ? (
                  <>
                    , stop at <code>{s.stop}</code>
                  </>
                ) : null}{' '}
                <span class="muted small">({s.timezone})</span>
                {s.description && <div class="muted small">{s.description}</div>}
              </span>
              {operations?.has('DELETE', ROUTES.schedule) && (
                <button
                  type="button"
                  disabled={action.busy}
                  onClick={() =>
                    void action.run(async () => {
                      await api.delete(`${ROUTES.schedules}/${encodeURIComponent(s.id)}`);
                      schedules.reload();
                    })
                  }
                >
                  Delete
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {operations?.has('POST', ROUTES.schedules) && !forOperators && (
        <ActionForm
          action={action}
          class="stack"
          submit={async () => {
            await api.post(ROUTES.schedules, {
              start: form.start,
              stop: form.stop.trim() === '' ? undefined : form.stop,
              timezone: form.timezone,
              count: Number(form.count),
              description: form.description.trim() === '' ? undefined : form.description,
            });
            schedules.reload();
          }}
        >
          <label class="field">
            <span>Start (EventBridge Scheduler expression)</span>
            <input value={form.start} onInput={field('start')} />
          </label>
          <label class="field">
            <span>Stop (optional: drains the fleet to zero)</span>
            <input value={form.stop} onInput={field('stop')} />
          </label>
          <div class="row">
            <label class="field narrow">
              <span>Runners</span>
              <input type="number" min={1} value={form.count} onInput={field('count')} />
            </label>
            <label class="field">
              <span>Time zone</span>
              <input value={form.timezone} onInput={field('timezone')} />
            </label>
          </div>
          <label class="field">
            <span>Description (optional)</span>
            <input value={form.description} onInput={field('description')} />
          </label>
          <button type="submit" disabled={action.busy}>
            Add schedule
          </button>
        </ActionForm>
      )}
    </div>
  );
}
