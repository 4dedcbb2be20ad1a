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
  /** A sampler preview, when the runner sends them. */
  preview_url?: string;
  /** Cost of the run, when the deployment reports it. */
  cost?: { amount?: number; currency?: string; total?: number } | number;
  estimated_remaining?: number;
}

export interface ExecutionList {
  executions: Execution[];
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
  execution_metrics?: { total_time?: number; queue_time?: number; processing_time?: number };
  cost?: unknown;
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
  /** Setup stages, when the runners report them. */
  setup?: { stage?: string; progress?: number; message?: string };
  stage?: string;
}

export interface Fleet {
  service?: { desired?: number; running?: number; pending?: number } | null;
  workers: Worker[];
  summary: Record<string, unknown>;
  schedules?: unknown[];
  [other: string]: unknown;
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
