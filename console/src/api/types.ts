/** The API's JSON shapes as the console reads them (see the API's `/openapi.json`); unknown fields are ignored. */

export type JobStatus = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';

export const JOB_STATUSES: readonly JobStatus[] = ['pending', 'running', 'completed', 'failed', 'cancelled'];

export function isTerminal(status: string): boolean {
  return status === 'completed' || status === 'failed' || status === 'cancelled';
}

export type Graph = Record<string, { class_type: string; inputs?: Record<string, unknown>; _meta?: { title?: string } }>;

export interface Progress {
  percentage: number;
  current_node?: string;
  current_node_type?: string;
  current_step?: number;
  total_steps?: number;
  completed_nodes: number;
  total_nodes: number;
  updated_at?: string;
  /** Seconds left, only in the status read while the job runs; null when nothing supports an estimate. */
  eta_seconds?: number | null;
}

export interface JobError {
  code: string;
  message: string;
  node_id?: string;
  node_type?: string;
  exception_type?: string;
  retryable: boolean;
}

export interface OutputFile {
  node_id: string;
  filename: string;
  output_type: string;
  content_type?: string;
  size_bytes: number;
  width?: number;
  height?: number;
}

/** `GET /v1/workflows/{id}` and each item of `GET /v1/workflows`. */
export interface Execution {
  execution_id: string;
  status: JobStatus;
  workflow_id?: string;
  priority: number;
  lane: string;
  created_at: string;
  updated_at?: string;
  started_at?: string;
  completed_at?: string;
  duration_seconds?: number;
  attempt: number;
  max_attempts: number;
  cancel_requested: boolean;
  queue_position?: number;
  progress: Progress;
  outputs: OutputFile[];
  error?: JobError;
  metadata?: Record<string, unknown>;
  seed?: number;
  batch_id?: string;
  retried_from?: string;
  /** The workflow as it runs, overrides applied (single reads only). */
  workflow?: Graph;
  /** What the run used and cost; completed jobs only. */
  execution_metrics?: ExecutionMetrics | null;
}

/**
 * What one run cost in US dollars: its GPU seconds at the instance's hourly price (`price_source` says where
 * that price came from: `local`, `configured`, `spot_price_history`, ...) plus estimates for keeping and
 * downloading its outputs. Absent when the runner could not measure GPU time or price.
 */
export interface CostBreakdown {
  gpu_compute: number;
  storage: number;
  bandwidth: number;
  total: number;
  currency: string;
  hourly_price: number;
  price_source: string;
  instance_type?: string;
  lifecycle?: string;
}

/** `execution_metrics` of an execution and of its results: seconds, memory, utilisation (0 to 1), cost. */
export interface ExecutionMetrics {
  total_time: number | null;
  queue_time: number | null;
  processing_time: number | null;
  gpu_time: number | null;
  memory_peak: string | null;
  memory_peak_bytes: number | null;
  gpu_utilization_avg: number | null;
  cost_breakdown: CostBreakdown | null;
}

/** The latest sampler preview of a running job: a short-lived link to a small JPEG or WebP. */
export interface Preview {
  url: string;
  expires_at?: string;
}

/** The runner holding a running job, and its GPU memory (`"14.8GB"`). */
export interface ResourceAllocation {
  gpu_id: string;
  gpu_name: string | null;
  gpu_memory_used: string | null;
  gpu_memory_total: string | null;
  container_id: string;
}

/**
 * `GET /v1/workflows/{id}/status` (also held with `?wait=N`): `progress` is a fraction from 0 to 1 and
 * `percentage` the same in percent; `current_node` is the running node's class type and `current_node_id`
 * its id; the estimates are seconds and a time, null when nothing supports them.
 */
export interface ExecutionStatus {
  execution_id: string;
  status: JobStatus;
  progress: number;
  percentage: number;
  current_node: string | null;
  current_node_id: string | null;
  current_step: number | null;
  total_steps: number | null;
  completed_nodes: number;
  total_nodes: number;
  queue_position: number | null;
  attempt: number;
  cancel_requested: boolean;
  estimated_remaining: number | null;
  estimated_completion: string | null;
  resource_allocation: ResourceAllocation | null;
  preview: Preview | null;
  error: JobError | null;
}

/** An execution as the console shows it: the execution read, with what its status read and live events add. */
export interface LiveExecution extends Execution {
  preview?: Preview | null;
  estimated_remaining?: number | null;
  estimated_completion?: string | null;
  resource_allocation?: ResourceAllocation | null;
}

export interface ExecutionList {
  executions: LiveExecution[];
  pagination: { limit: number; offset: number; has_more: boolean; next_offset?: number };
}

export interface Accepted {
  execution_id: string;
  status: string;
  job_status: string;
  queue_position: number;
  estimated_duration: number;
  seed?: number;
  duplicate: boolean;
}

export interface ResultOutput {
  node_id: string;
  output_type: string;
  file_info: {
    filename: string;
    size_bytes: number;
    dimensions?: string;
    width?: number;
    height?: number;
    format?: string;
    content_type?: string;
  };
  storage?: { key: string; url?: string; expires_at?: string };
}

export interface Results {
  execution_id: string;
  status: string;
  execution_time?: number;
  results: { outputs: ResultOutput[]; intermediate_outputs: ResultOutput[] };
  execution_metrics?: ExecutionMetrics | null;
}

export interface LogEntry {
  timestamp: string;
  level: string;
  message: string;
  node_id?: string;
}

export interface Logs {
  logs: LogEntry[];
  total_count: number;
}

export interface ModelNeed {
  name: string;
  folder: string;
  path: string;
  node_ids?: string[];
  available?: boolean;
}

/** `POST /v1/workflows/analyze`. */
export interface Analysis {
  valid: boolean;
  errors?: { code?: string; message?: string; node_id?: string; input?: string }[];
  warnings?: ({ code?: string; message?: string } | string)[];
  node_types?: Record<string, number>;
  node_count?: number;
  complexity?: string;
  required_models?: ModelNeed[];
  missing_models?: ModelNeed[];
}

export interface Template {
  id: string;
  name: string;
  description?: string;
  category?: string;
  built_in: boolean;
  node_count?: number;
  workflow?: Graph;
  created_at?: string;
}

export interface Schedule {
  id: string;
  template_id: string;
  schedule: string;
  timezone?: string;
  input_overrides?: Record<string, unknown>;
  priority?: unknown;
  description?: string;
  status: string;
  created_at: string;
}

export interface ApiKey {
  id: string;
  key?: string;
  prefix: string;
  type: string;
  scopes: string[];
  name?: string;
  created_at: string;
  revoked_at?: string;
  active: boolean;
}

export interface Model {
  path: string;
  name: string;
  folder: string;
  size_bytes: number;
  last_modified?: string;
  sha256?: string;
}

export interface ModelDownload {
  download_id: string;
  status: string;
  url: string;
  path: string;
  folder: string;
  filename: string;
  progress?: number;
  downloaded_bytes: number;
  total_bytes?: number;
  error?: string;
  worker?: string;
  created_at: string;
  updated_at?: string;
}

export interface Worker {
  id: string;
  status: string;
  instance_type?: string;
  capacity?: string;
  current_job?: string;
  jobs_completed: number;
  started_at?: string;
  last_heartbeat?: string;
  gpu?: { name?: string; memory_total?: number; memory_free?: number };
  comfyui_version?: string;
  /** The setup stage the runner is in: `launching`, `pulling_image`, `starting_comfyui`, `staging_models`, `ready`. */
  setup_stage?: string;
  /** Each setup stage it went through and when it began. */
  setup?: { stage: string; at: string }[];
}

/** ECS's view of the runner service. */
export interface ServiceCapacity {
  cluster: string;
  service: string;
  status: string;
  desired: number;
  running: number;
  pending: number;
}

/** What `PUT /v1/fleet` sets, as it is now. */
export interface FleetSettings {
  min: number | null;
  max: number | null;
  desired: number;
  instance_types: string[];
  capacity: string | null;
}

/** `GET /v1/fleet`; `service`, `settings` and `instances` are absent where no runner service is managed (local). */
export interface Fleet {
  service?: ServiceCapacity | null;
  settings?: FleetSettings | null;
  instances?: { group: string; desired: number; in_service: number; launching: number } | null;
  workers: Worker[];
  summary: {
    total: number;
    busy: number;
    idle: number;
    comfyui_unavailable: number;
    by_state: Record<string, number>;
    desired_tasks?: number | null;
    running_tasks?: number | null;
    pending_tasks?: number | null;
    scaling: string;
  };
}

/** `/v1/fleet/schedules`: start `count` runners at `start`, drain to zero at `stop` (both in `timezone`). */
export interface FleetSchedule {
  id: string;
  start: string;
  stop?: string | null;
  timezone: string;
  count: number;
  description?: string | null;
  created_at: string;
}

/** A model bundle, as `GET /v1/presets` lists it. */
export interface Preset {
  id: string;
  name: string;
  category?: string | null;
  type?: string | null;
  description?: string | null;
  download_size?: string | null;
  download_size_bytes?: number | null;
  installed: boolean;
  use_case?: string | null;
  tags?: string[];
}

export interface PresetList {
  presets: Preset[];
  total: number;
  filtered: number;
  categories: string[];
}

/** `GET /v1/presets/{id}/status`: `progress` in percent over every file. */
export interface PresetStatus {
  preset_id: string;
  status: 'installed' | 'installing' | 'failed' | 'partial' | 'not_installed';
  progress: number;
  current_file: string | null;
  download_speed_mbps: number | null;
  eta_seconds: number | null;
  files: { total: number; completed: number; failed: number };
}

export interface Batch {
  batch_id: string;
  status: string;
  manifest: { bucket: string; key: string };
  lines?: number;
  jobs: number;
  rejected_lines: number;
  counts: Record<string, number>;
  finished: number;
  created_at: string;
  completed_at?: string;
  results_key?: string;
  results_url?: string;
  errors_key?: string;
  errors: { line: number; code?: string; message?: string }[];
}
