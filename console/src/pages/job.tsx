import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/errors';
import { describeCost, withStatus } from '../api/executions';
import {
  isTerminal,
  type Accepted,
  type Execution,
  type ExecutionMetrics,
  type ExecutionStatus,
  type Graph,
  type LiveExecution,
  type Logs,
  type Results,
} from '../api/types';
import { useConsole } from '../context';
import { follow } from '../live/follow';
import { href, navigate } from '../router';
import { DataTable, ErrorNotice, Facts, Loading, PageHeader, ProgressBar, StatusBadge, Time, bytes, seconds } from '../ui/components';
import { useAction, useResource } from '../ui/hooks';
import { describeInput, orderedNodeIds, runSettings } from '../workflow/workflow';
import { withEvent } from './jobs';

/** How long a status read may be held for the job to change (the API allows up to 25 seconds). */
const HOLD_SECONDS = 20;

/** One job: live progress, its settings and workflow, outputs to view and download, logs, timings, cost. */
export function JobPage({ id }: { id: string }) {
  const { api, live } = useConsole();
  const [job, setJob] = useState<LiveExecution | null>(null);
  const [error, setError] = useState<unknown>(null);
  const action = useAction();
  const path = `/v1/workflows/${encodeURIComponent(id)}`;
  // The execution read has the settings, outputs and cost; a job not finished also needs its status read,
  // the one with the sampler preview, the time left and the runner.
  const load = async (): Promise<LiveExecution> => {
    const execution = await api.get<Execution>(path);
    return isTerminal(execution.status) ? execution : withStatus(execution, await api.get<ExecutionStatus>(`${path}/status`));
  };

  useEffect(() => {
    setJob(null);
    setError(null);
    return follow<LiveExecution>({
      channel: live,
      topic: { job: id },
      load,
      hold: async (shown) => {
        const status = await api.get<ExecutionStatus>(`${path}/status`, { wait: HOLD_SECONDS });
        return status.status === shown.status ? withStatus(shown, status) : load();
      },
      onData: (data) => {
        setJob(data);
        setError(null);
      },
      onError: setError,
      active: (data) => !isTerminal(data.status),
      apply: (data, event) => (event.jobId === id ? withEvent(data, event) : null),
      reloadOn: (data, event) => event.jobId === id && event.status !== undefined && isTerminal(event.status) && data.outputs.length === 0,
    });
  }, [api, live, id, path]);

  if (job === null) {
    if (error instanceof ApiError && error.notFound) {
      return (
        <section aria-labelledby="page-title">
          <PageHeader title="Job not found" />
          <ErrorNotice error={error} title="Not found" />
          <p>
            There is no job <code>{id}</code> for this account. <a href={href({ page: 'jobs', status: null })}>Back to jobs</a>
          </p>
        </section>
      );
    }
    return (
      <section aria-labelledby="page-title">
        <PageHeader title={`Job ${id}`} />
        <ErrorNotice error={error} title="Could not load the job" />
        {error === null && <Loading what="the job" />}
      </section>
    );
  }

  const cancel = () =>
    action.run(async () => {
      await api.post(`${path}/cancel`);
      setJob(await load());
    });
  const retry = () =>
    action.run(async () => {
      const accepted = await api.post<Accepted>(`${path}/retry`);
      navigate({ page: 'job', id: accepted.execution_id });
    });

  return (
    <section aria-labelledby="page-title" class="job-page" data-status={job.status}>
      <PageHeader title={`Job ${job.execution_id}`}>
        <StatusBadge status={job.status} />
        {!isTerminal(job.status) && !job.cancel_requested && (
          <button type="button" onClick={cancel} disabled={action.busy}>
            Cancel
          </button>
        )}
        {(job.status === 'failed' || job.status === 'cancelled') && (
          <button type="button" onClick={retry} disabled={action.busy}>
            Retry
          </button>
        )}
      </PageHeader>
      <ErrorNotice error={action.error} />
      <ErrorNotice error={error} title="Could not refresh the job" />
      <div class="card">
        <ProgressBar value={job.progress.percentage} label="Job progress" />
        <p class="muted small" aria-live="polite">
          {progressText(job)}
        </p>
        {job.preview && !isTerminal(job.status) && <img class="preview large" src={job.preview.url} alt="Sampler preview" />}
      </div>
      {job.error && (
        <div class="notice error" role="alert">
          <strong>{job.error.code}</strong>
          <p>{job.error.message}</p>
          {job.error.node_id && (
            <p class="small">
              Node {job.error.node_id}
              {job.error.node_type ? ` (${job.error.node_type})` : ''}
              {job.error.exception_type ? `, ${job.error.exception_type}` : ''}
            </p>
          )}
        </div>
      )}
      <Outputs job={job} />
      <div class="columns">
        <div class="card">
          <h2>Summary</h2>
          <Facts
            rows={[
              ['Template', job.workflow_id],
              ['Priority', `${job.priority} (${job.lane} lane)`],
              ['Attempt', `${job.attempt} of ${job.max_attempts}`],
              ['Seed', job.seed],
              ['Queue position', job.queue_position],
              ['Runs on', job.resource_allocation && !isTerminal(job.status) ? runnerText(job.resource_allocation) : null],
              ['Batch', job.batch_id && <a href={href({ page: 'batch', id: job.batch_id })}>{job.batch_id}</a>],
              ['Retry of', job.retried_from && <a href={href({ page: 'job', id: job.retried_from })}>{job.retried_from}</a>],
            ]}
          />
        </div>
        <div class="card">
          <h2>Timings and cost</h2>
          <Facts
            rows={[
              ['Submitted', <Time iso={job.created_at} />],
              ['Started', job.started_at && <Time iso={job.started_at} />],
              ['Finished', job.completed_at && <Time iso={job.completed_at} />],
              ['Waited in queue', job.started_at ? seconds(secondsBetween(job.created_at, job.started_at)) : null],
              ['Ran for', seconds(job.duration_seconds)],
              ['GPU time', job.execution_metrics?.gpu_time != null ? seconds(job.execution_metrics.gpu_time) : null],
              ['Memory peak', job.execution_metrics?.memory_peak],
              ['Cost', <Cost job={job} />],
            ]}
          />
        </div>
      </div>
      {job.workflow && <WorkflowSummary graph={job.workflow} />}
      <JobLogs path={path} version={`${job.status}/${job.attempt}`} />
    </section>
  );
}

function progressText(job: LiveExecution): string {
  if (job.status === 'pending') {
    return job.queue_position ? `Queued, position ${job.queue_position}` : 'Queued';
  }
  if (job.status === 'running') {
    const node = job.progress.current_node
      ? `node ${job.progress.current_node}${job.progress.current_node_type ? ` (${job.progress.current_node_type})` : ''}`
      : 'starting';
    const steps =
      job.progress.current_step !== undefined && job.progress.total_steps
        ? `, step ${job.progress.current_step} of ${job.progress.total_steps}`
        : '';
    const left =
      job.estimated_remaining !== null && job.estimated_remaining !== undefined ? `; about ${seconds(job.estimated_remaining)} left` : '';
    return `Running ${node}${steps}; ${job.progress.completed_nodes} of ${job.progress.total_nodes} nodes done${left}${
      job.cancel_requested ? '; cancelling' : ''
    }`;
  }
  return `${job.status[0]?.toUpperCase()}${job.status.slice(1)}`;
}

function Outputs({ job }: { job: Execution }) {
  const { api } = useConsole();
  const results = useResource<Results | null>(
    () =>
      job.status === 'completed' ? api.get<Results>(`/v1/workflows/${encodeURIComponent(job.execution_id)}/results`) : Promise.resolve(null),
    [api, job.execution_id, job.status],
  );
  if (job.status !== 'completed') {
    return null;
  }
  const outputs = results.data?.results.outputs ?? [];
  return (
    <div class="card">
      <h2>Outputs</h2>
      <ErrorNotice error={results.error} title="Could not load the outputs" />
      {results.loading && <Loading what="outputs" />}
      {!results.loading && outputs.length === 0 && <p class="muted">This job saved no files.</p>}
      <ul class="gallery" aria-label="Output files">
        {outputs.map((output) => (
          <li key={output.storage?.key ?? output.file_info.filename}>
            {output.storage?.url && output.file_info.content_type?.startsWith('image/') ? (
              <img src={output.storage.url} alt={`Output ${output.file_info.filename}`} loading="lazy" />
            ) : (
              <div class="file-icon" aria-hidden="true">
                {output.file_info.format ?? 'file'}
              </div>
            )}
            <div class="small">
              <div>{output.file_info.filename}</div>
              <div class="muted">
                {output.file_info.dimensions ? `${output.file_info.dimensions}, ` : ''}
                {bytes(output.file_info.size_bytes)}
              </div>
              {output.storage?.url && (
                <a href={output.storage.url} download={output.file_info.filename}>
                  Download
                </a>
              )}
            </div>
          </li>
        ))}
      </ul>
      {results.data?.execution_metrics && <MetricsLine metrics={results.data.execution_metrics} />}
    </div>
  );
}

function WorkflowSummary({ graph }: { graph: Graph }) {
  const settings = runSettings(graph);
  return (
    <div class="card">
      <h2>Settings and workflow</h2>
      <p class="muted small">The values this run used, after input overrides were applied.</p>
      {settings.length > 0 && (
        <DataTable
          compact
          caption="Settings"
          rows={settings}
          rowKey={(setting) => setting.key}
          columns={[
            { title: 'Setting', cell: (setting) => setting.key },
            { title: 'Value', class: 'wrap', cell: (setting) => describeInput(setting.value) },
            { title: 'Node', cell: (setting) => setting.nodeId },
          ]}
        />
      )}
      <details>
        <summary>{Object.keys(graph).length} nodes</summary>
        <DataTable
          compact
          rowHeaders={false}
          rows={orderedNodeIds(graph).map((id) => ({ id, node: graph[id] }))}
          rowKey={({ id }) => id}
          columns={[
            { title: 'Node', cell: ({ id }) => id },
            {
              title: 'Type',
              cell: ({ node }) => (
                <>
                  {node?.class_type}
                  {node?._meta?.title && <div class="muted small">{node._meta.title}</div>}
                </>
              ),
            },
            {
              title: 'Inputs',
              class: 'wrap small',
              cell: ({ node }) =>
                Object.entries(node?.inputs ?? {}).map(([name, value]) => (
                  <div key={name}>
                    <code>{name}</code>: {describeInput(value)}
                  </div>
                )),
            },
          ]}
        />
      </details>
    </div>
  );
}

function JobLogs({ path, version }: { path: string; version: string }) {
  const { api } = useConsole();
  const logs = useResource(() => api.get<Logs>(`${path}/logs`, { tail: 200 }), [api, path, version]);
  return (
    <div class="card">
      <div class="card-header">
        <h2>Logs</h2>
        <button type="button" onClick={logs.reload} disabled={logs.loading}>
          Refresh
        </button>
      </div>
      <ErrorNotice error={logs.error} title="Could not load the logs" />
      {logs.data && (
        <ol class="logs">
          {logs.data.logs.map((entry, index) => (
            <li key={index} class={`log-${entry.level.toLowerCase()}`}>
              <time dateTime={entry.timestamp}>{new Date(entry.timestamp).toLocaleTimeString()}</time>
              <span class="level">{entry.level}</span>
              <span class="message">{entry.message}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function secondsBetween(from: string, to: string): number {
  return (new Date(to).getTime() - new Date(from).getTime()) / 1000;
}

function MetricsLine({ metrics }: { metrics: ExecutionMetrics }) {
  return (
    <p class="muted small">
      Total {seconds(metrics.total_time)}, of which queued {seconds(metrics.queue_time)} and processing {seconds(metrics.processing_time)}
      {metrics.gpu_utilization_avg !== null ? `; GPU ${Math.round(metrics.gpu_utilization_avg * 100)} % busy on average` : ''}.
    </p>
  );
}

/** The cost of a finished run, from its `execution_metrics.cost_breakdown`. */
function Cost({ job }: { job: LiveExecution }) {
  if (!isTerminal(job.status)) {
    return <span class="muted">when the job has finished</span>;
  }
  const cost = job.execution_metrics?.cost_breakdown;
  if (!cost) {
    return <span class="muted">{job.status === 'completed' ? 'not measured for this run' : 'only completed runs are costed'}</span>;
  }
  const { total, parts } = describeCost(cost);
  return (
    <span>
      <strong data-testid="job-cost">{total}</strong>
      <div class="muted small">{parts}</div>
    </span>
  );
}

function runnerText(runner: NonNullable<LiveExecution['resource_allocation']>): string {
  const memory = runner.gpu_memory_used && runner.gpu_memory_total ? `, ${runner.gpu_memory_used} of ${runner.gpu_memory_total} in use` : '';
  return `${runner.gpu_id}${runner.gpu_name ? ` (${runner.gpu_name}${memory})` : ''}`;
}
