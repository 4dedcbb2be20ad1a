import { useEffect, useState } from 'preact/hooks';
import { isTerminal, JOB_STATUSES, type Accepted, type ExecutionList, type LiveExecution } from '../api/types';
import { useConsole } from '../context';
import type { JobEvent } from '../live/events';
import { follow } from '../live/follow';
import { href, navigate } from '../router';
import { ErrorNotice, Loading, Options, PageHeader, ProgressBar, StatusBadge, Time, seconds } from '../ui/components';
import { useAction } from '../ui/hooks';

const PAGE = 20;

/** Folds a pushed event into the row of its job; null when no row changes. */
export function applyToList(list: ExecutionList, event: JobEvent): ExecutionList | null {
  const index = list.executions.findIndex((job) => job.execution_id === event.jobId);
  const job = index < 0 ? undefined : list.executions[index];
  if (job === undefined) {
    return null;
  }
  const executions = [...list.executions];
  executions[index] = withEvent(job, event);
  return { ...list, executions };
}

/** Folds a pushed event into a job: status, progress, the newest preview and the time left. */
export function withEvent<J extends LiveExecution>(job: J, event: JobEvent): J {
  return {
    ...job,
    status: event.status ?? job.status,
    preview: event.previewUrl !== undefined ? { url: event.previewUrl } : job.preview,
    estimated_remaining: event.etaSeconds !== undefined ? event.etaSeconds : job.estimated_remaining,
    progress: {
      ...job.progress,
      percentage: event.percentage ?? job.progress.percentage,
      current_node: event.currentNode ?? job.progress.current_node,
      current_node_type: event.currentNodeType ?? job.progress.current_node_type,
      current_step: event.currentStep ?? job.progress.current_step,
      total_steps: event.totalSteps ?? job.progress.total_steps,
    },
  };
}

/** The tenant's jobs, newest first, filtered by status, with live progress, cancel and retry. */
export function JobsPage({ status }: { status: string | null }) {
  const { api, live } = useConsole();
  const [list, setList] = useState<ExecutionList | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [limit, setLimit] = useState(PAGE);
  const [generation, setGeneration] = useState(0);
  const action = useAction();

  useEffect(() => {
    setList(null);
    setError(null);
  }, [status]);

  useEffect(
    () =>
      follow<ExecutionList>({
        channel: live,
        topic: { channel: 'jobs' },
        load: () => api.get<ExecutionList>('/v1/workflows', { status, limit }),
        onData: (data) => {
          setList(data);
          setError(null);
        },
        onError: setError,
        active: (data) => data.executions.some((job) => !isTerminal(job.status)),
        apply: applyToList,
        reloadOn: (data, event) => {
          const shown = data.executions.find((job) => job.execution_id === event.jobId);
          // A job we do not show yet (new) or one whose status moved: read the list again.
          return shown === undefined || (event.status !== undefined && isTerminal(event.status));
        },
        pace: { activeMs: 1_500, idleMs: 15_000 },
      }),
    [api, live, status, limit, generation],
  );

  const cancel = (id: string) =>
    action.run(async () => {
      await api.post(`/v1/workflows/${encodeURIComponent(id)}/cancel`);
      setGeneration((g) => g + 1);
    });
  const retry = (id: string) =>
    action.run(async () => {
      const accepted = await api.post<Accepted>(`/v1/workflows/${encodeURIComponent(id)}/retry`);
      navigate({ page: 'job', id: accepted.execution_id });
    });

  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Jobs">
        <label class="inline-field">
          <span>Status</span>
          <select
            value={status ?? ''}
            onChange={(e) => navigate({ page: 'jobs', status: e.currentTarget.value || null })}
          >
            <option value="">All</option>
            <Options values={JOB_STATUSES} />
          </select>
        </label>
        <a class="button primary" href={href({ page: 'submit', template: null })}>
          Submit a workflow
        </a>
      </PageHeader>
      <ErrorNotice error={action.error} />
      <ErrorNotice error={error} title="Could not load jobs" />
      {list === null && error === null && <Loading what="jobs" />}
      {list !== null && list.executions.length === 0 && (
        <p class="empty">
          No {status ?? ''} jobs yet. <a href={href({ page: 'submit', template: null })}>Submit a workflow</a>.
        </p>
      )}
      {list !== null && list.executions.length > 0 && (
        <ul class="plain" aria-label="Jobs">
          {list.executions.map((job) => (
            <JobRow key={job.execution_id} job={job} busy={action.busy} onCancel={cancel} onRetry={retry} />
          ))}
        </ul>
      )}
      {list?.pagination.has_more && (
        <button type="button" onClick={() => setLimit(Math.min(100, limit + PAGE))} disabled={limit >= 100}>
          Show more
        </button>
      )}
    </section>
  );
}

function JobRow(props: { job: LiveExecution; busy: boolean; onCancel: (id: string) => void; onRetry: (id: string) => void }) {
  const { job } = props;
  const canCancel = !isTerminal(job.status) && !job.cancel_requested;
  const canRetry = job.status === 'failed' || job.status === 'cancelled';
  return (
    <li class="job-row" data-job-id={job.execution_id} data-status={job.status}>
      <div class="job-main">
        <a class="job-id" href={href({ page: 'job', id: job.execution_id })}>
          {job.execution_id}
        </a>
        <StatusBadge status={job.status} />
        {job.cancel_requested && !isTerminal(job.status) && <span class="muted small">cancelling…</span>}
        <span class="muted small">{job.workflow_id ?? `${job.progress.total_nodes} nodes`}</span>
      </div>
      <div class="job-progress">
        <ProgressBar value={job.progress.percentage} label={`Progress of ${job.execution_id}`} />
        {job.progress.current_node && job.status === 'running' && (
          <span class="muted small">
            node {job.progress.current_node}
            {job.progress.current_node_type ? ` (${job.progress.current_node_type})` : ''}
          </span>
        )}
        {job.error && <span class="error-text small">{job.error.code}: {job.error.message}</span>}
      </div>
      {job.preview && !isTerminal(job.status) && <img class="preview" src={job.preview.url} alt={`Preview of ${job.execution_id}`} />}
      <div class="job-meta small">
        <Time iso={job.created_at} />
        <span class="muted">{seconds(job.duration_seconds)}</span>
      </div>
      <div class="job-actions">
        {canCancel && (
          <button type="button" disabled={props.busy} onClick={() => props.onCancel(job.execution_id)}>
            Cancel
          </button>
        )}
        {canRetry && (
          <button type="button" disabled={props.busy} onClick={() => props.onRetry(job.execution_id)}>
            Retry
          </button>
        )}
      </div>
    </li>
  );
}
