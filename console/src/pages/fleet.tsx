import { useEffect, useState } from 'preact/hooks';
import { operationsOf, type Operations } from '../api/operations';
import type { Fleet, Worker } from '../api/types';
import { useConsole } from '../context';
import { href } from '../router';
import { ErrorNotice, Facts, Loading, PageHeader, ProgressBar, StatusBadge, Time, bytes } from '../ui/components';
import { isMissingRoute, useAction, useResource } from '../ui/hooks';

/** The fleet routes the console drives when the API offers them (see its `/openapi.json`). */
const ROUTES = {
  fleet: '/v1/fleet',
  start: '/v1/fleet/start',
  stop: '/v1/fleet/stop',
  schedules: '/v1/fleet/schedules',
  schedule: '/v1/fleet/schedules/{id}',
};

interface WarmSchedule {
  id: string;
  schedule?: string;
  expression?: string;
  desired?: number;
  desired_count?: number;
  timezone?: string;
  description?: string;
}

/** GPU capacity and its workers (state, setup progress), with start, stop, scale and warm schedules. */
export function FleetPage() {
  const { api } = useConsole();
  const [operations, setOperations] = useState<Operations | null>(null);
  const fleet = useResource(() => api.get<Fleet>(ROUTES.fleet), [api]);
  const action = useAction();
  const [desired, setDesired] = useState('1');

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
  const run = (work: () => Promise<unknown>) => action.run(async () => {
    await work();
    fleet.reload();
  });
  const summary = data?.summary ?? {};

  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Fleet and workers">
        {operations?.has('POST', ROUTES.start) && (
          <button type="button" disabled={action.busy} onClick={() => void run(() => api.post(ROUTES.start))}>
            Start
          </button>
        )}
        {operations?.has('POST', ROUTES.stop) && (
          <button type="button" disabled={action.busy} onClick={() => void run(() => api.post(ROUTES.stop))}>
            Stop
          </button>
        )}
      </PageHeader>
      <ErrorNotice error={action.error} />
      <ErrorNotice error={fleet.error} title="Could not load the fleet" />
      {data === null && fleet.error === null && <Loading what="the fleet" />}
      {data !== null && (
        <div class="columns">
          <div class="card">
            <h2>Capacity</h2>
            <Facts
              rows={[
                ['Scaling', String(summary.scaling ?? 'unknown')],
                ['Desired GPU tasks', numberOrDash(summary.desired_tasks)],
                ['Running', numberOrDash(summary.running_tasks)],
                ['Starting', numberOrDash(summary.pending_tasks)],
                ['Workers', `${numberOrDash(summary.total)} (${numberOrDash(summary.busy)} busy, ${numberOrDash(summary.idle)} idle)`],
              ]}
            />
            {operations?.has('PUT', ROUTES.fleet) ? (
              <form
                class="row"
                onSubmit={(e) => {
                  e.preventDefault();
                  void run(() => api.put(ROUTES.fleet, { desired_count: Number(desired) }));
                }}
              >
                <label class="field narrow">
                  <span>Scale to</span>
                  <input type="number" min={0} value={desired} onInput={(e) => setDesired(e.currentTarget.value)} />
                </label>
                <button type="submit" disabled={action.busy}>
                  Scale
                </button>
              </form>
            ) : (
              <p class="muted small">
                Capacity follows the queue: GPU instances start when jobs wait and stop when the queue is empty.
                {operations !== null && ' This API offers no manual scaling.'}
              </p>
            )}
          </div>
          <WarmSchedules operations={operations} />
        </div>
      )}
      {data !== null && <Workers workers={data.workers} />}
    </section>
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
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Worker</th>
              <th scope="col">State</th>
              <th scope="col">Setup</th>
              <th scope="col">Instance</th>
              <th scope="col">GPU</th>
              <th scope="col">Current job</th>
              <th scope="col">Jobs done</th>
              <th scope="col">Last heartbeat</th>
            </tr>
          </thead>
          <tbody>
            {workers.map((worker) => (
              <tr key={worker.id}>
                <th scope="row">{worker.id}</th>
                <td>
                  <StatusBadge status={worker.status} />
                </td>
                <td>
                  <SetupProgress worker={worker} />
                </td>
                <td>
                  {worker.instance_type ?? '—'} <span class="muted small">{worker.capacity}</span>
                </td>
                <td>
                  {worker.gpu?.name ?? '—'}
                  {worker.gpu?.memory_total ? <div class="muted small">{bytes(worker.gpu.memory_total)}</div> : null}
                </td>
                <td>{worker.current_job ? <a href={href({ page: 'job', id: worker.current_job })}>{worker.current_job}</a> : '—'}</td>
                <td>{worker.jobs_completed}</td>
                <td>
                  <Time iso={worker.last_heartbeat} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function SetupProgress({ worker }: { worker: Worker }) {
  const stage = worker.setup?.stage ?? worker.stage;
  if (!stage) {
    return <span class="muted">{worker.status === 'idle' || worker.status === 'running' ? 'ready' : '—'}</span>;
  }
  return (
    <div>
      <span>{stage}</span>
      {worker.setup?.progress !== undefined && <ProgressBar value={worker.setup.progress} label={`Setup of ${worker.id}`} />}
      {worker.setup?.message && <div class="muted small">{worker.setup.message}</div>}
    </div>
  );
}

function WarmSchedules({ operations }: { operations: Operations | null }) {
  const { api } = useConsole();
  const offered = operations?.has('GET', ROUTES.schedules) ?? false;
  const schedules = useResource(
    () => (offered ? api.get<{ schedules: WarmSchedule[] }>(ROUTES.schedules) : Promise.resolve(null)),
    [api, offered],
  );
  const action = useAction();
  const [expression, setExpression] = useState('cron(0 9 ? * MON-FRI *)');
  const [count, setCount] = useState('1');
  const [duration, setDuration] = useState('60');

  return (
    <div class="card">
      <h2>Warm schedules</h2>
      {!offered && (
        <p class="muted small">
          {operations === null ? 'Checking what this API offers…' : 'This API has no warm-capacity schedules (yet).'}
        </p>
      )}
      <ErrorNotice error={schedules.error} />
      <ErrorNotice error={action.error} />
      {schedules.data && schedules.data.schedules.length === 0 && <p class="muted">No warm schedules.</p>}
      {schedules.data && schedules.data.schedules.length > 0 && (
        <ul class="plain">
          {schedules.data.schedules.map((s) => (
            <li key={s.id} class="row">
              <code>{s.schedule ?? s.expression}</code>
              <span>{s.desired_count ?? s.desired ?? '?'} GPU(s)</span>
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
      {operations?.has('POST', ROUTES.schedules) && (
        <form
          class="stack"
          onSubmit={(e) => {
            e.preventDefault();
            void action.run(async () => {
              await api.post(ROUTES.schedules, {
                schedule: expression,
                desired_count: Number(count),
                duration_minutes: Number(duration),
              });
              schedules.reload();
            });
          }}
        >
          <label class="field">
            <span>When (EventBridge Scheduler expression)</span>
            <input value={expression} onInput={(e) => setExpression(e.currentTarget.value)} />
          </label>
          <div class="row">
            <label class="field narrow">
              <span>GPUs</span>
              <input type="number" min={1} value={count} onInput={(e) => setCount(e.currentTarget.value)} />
            </label>
            <label class="field narrow">
              <span>Minutes</span>
              <input type="number" min={1} value={duration} onInput={(e) => setDuration(e.currentTarget.value)} />
            </label>
          </div>
          <button type="submit" disabled={action.busy}>
            Add schedule
          </button>
        </form>
      )}
    </div>
  );
}

function numberOrDash(value: unknown): string {
  return typeof value === 'number' ? String(value) : '—';
}
