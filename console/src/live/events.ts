import type { JobStatus } from '../api/types';

/** A job change pushed over the live channel, reduced to what the console shows. */
export interface JobEvent {
  type: string;
  jobId: string;
  status?: JobStatus;
  percentage?: number;
  currentNode?: string;
  currentNodeType?: string;
  currentStep?: number;
  totalSteps?: number;
  previewUrl?: string;
  /** Seconds left as the runner estimates them (`progress` events); null when it cannot tell yet. */
  etaSeconds?: number | null;
}

const STATUS_BY_TYPE: Record<string, JobStatus> = {
  started: 'running',
  running: 'running',
  execution_start: 'running',
  complete: 'completed',
  completed: 'completed',
  execution_success: 'completed',
  error: 'failed',
  failed: 'failed',
  execution_error: 'failed',
  cancelled: 'cancelled',
  interrupted: 'cancelled',
  execution_interrupted: 'cancelled',
  pending: 'pending',
  queued: 'pending',
};

/**
 * Reads one live-channel message. The channel's events carry a `type`, the job's id and a timestamp, with
 * their fields either at the top level or under `data`; anything else (acknowledgements, error frames,
 * other channels) is not a job event and gives null.
 */
export function parseJobEvent(text: string): JobEvent | null {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(message) || typeof message.type !== 'string') {
    return null;
  }
  const data = isObject(message.data) ? message.data : {};
  const field = (name: string): unknown => message[name] ?? data[name];
  const jobId = firstString(field('execution_id'), field('job_id'), field('id'));
  if (jobId === null) {
    return null;
  }
  const type = message.type.replace(/^(job|execution)[._]/, '').toLowerCase();
  const event: JobEvent = { type, jobId };
  const status = firstString(field('status'));
  event.status = isStatus(status) ? status : STATUS_BY_TYPE[type];
  const percentage = percentageOf(field('progress'), field('percentage'), field('value'), field('max'));
  if (percentage !== null) {
    event.percentage = percentage;
  }
  const node = firstString(field('current_node'), field('node'));
  if (node !== null) {
    event.currentNode = node;
  }
  const nodeType = firstString(field('current_node_type'));
  if (nodeType !== null) {
    event.currentNodeType = nodeType;
  }
  const step = field('current_step');
  const steps = field('total_steps');
  if (typeof step === 'number' && typeof steps === 'number') {
    event.currentStep = step;
    event.totalSteps = steps;
  }
  const preview = firstString(field('preview_url'), type === 'preview' ? field('url') : null);
  if (preview !== null) {
    event.previewUrl = preview;
  }
  const eta = field('eta_seconds');
  if (typeof eta === 'number' || eta === null) {
    event.etaSeconds = eta;
  }
  if (event.status === 'completed') {
    event.percentage = 100;
  }
  return event;
}

function percentageOf(progress: unknown, percentage: unknown, value: unknown, max: unknown): number | null {
  if (isObject(progress)) {
    return percentageOf(null, progress.percentage, progress.value, progress.max);
  }
  if (typeof progress === 'number') {
    return clamp(progress);
  }
  if (typeof percentage === 'number') {
    return clamp(percentage);
  }
  if (typeof value === 'number' && typeof max === 'number' && max > 0) {
    return clamp((value / max) * 100);
  }
  return null;
}

function clamp(value: number): number {
  return Math.min(100, Math.max(0, value));
}

function isStatus(value: string | null): value is JobStatus {
  return value === 'pending' || value === 'running' || value === 'completed' || value === 'failed' || value === 'cancelled';
}

function firstString(...values: unknown[]): string | null {
  for (const value of values) {
    if (typeof value === 'string' && value !== '') {
      return value;
    }
  }
  return null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
