import { describe, expect, it } from 'vitest';
import { describeCost, dollars, withStatus } from './executions';
import type { ExecutionStatus, LiveExecution } from './types';

const job: LiveExecution = {
  execution_id: 'exec_1',
  status: 'pending',
  priority: 5,
  lane: 'normal',
  created_at: '2026-01-01T00:00:00Z',
  attempt: 1,
  max_attempts: 3,
  cancel_requested: false,
  queue_position: 2,
  progress: { percentage: 0, completed_nodes: 0, total_nodes: 4 },
  outputs: [],
};

const status: ExecutionStatus = {
  execution_id: 'exec_1',
  status: 'running',
  progress: 0.375,
  percentage: 37.5,
  current_node: 'KSampler',
  current_node_id: '3',
  current_step: 6,
  total_steps: 20,
  completed_nodes: 1,
  total_nodes: 4,
  queue_position: null,
  attempt: 1,
  cancel_requested: false,
  estimated_remaining: 12,
  estimated_completion: '2026-01-01T00:01:12Z',
  resource_allocation: { gpu_id: 'w-1', gpu_name: 'NVIDIA A10G', gpu_memory_used: '6.1GB', gpu_memory_total: '22.0GB', container_id: 'w-1' },
  preview: { url: 'https://bucket/previews/exec_1.jpg', expires_at: '2026-01-01T00:06:00Z' },
  error: null,
};

describe('withStatus', () => {
  it("takes the status read's progress, preview, time left and runner, naming nodes as the execution read does", () => {
    const shown = withStatus(job, status);

    expect(shown.status).toBe('running');
    expect(shown.queue_position).toBeUndefined();
    expect(shown.progress).toMatchObject({ percentage: 37.5, current_node: '3', current_node_type: 'KSampler', current_step: 6, total_steps: 20 });
    expect(shown.preview?.url).toBe('https://bucket/previews/exec_1.jpg');
    expect(shown.estimated_remaining).toBe(12);
    expect(shown.resource_allocation?.gpu_name).toBe('NVIDIA A10G');
    expect(shown.outputs).toBe(job.outputs);
  });
});

describe('cost', () => {
  it('writes small amounts with the decimals they need', () => {
    expect(dollars(1.25)).toBe('$1.25');
    expect(dollars(0.00056)).toBe('$0.00056');
    expect(dollars(0.000001234)).toBe('$0.0000012');
    expect(dollars(0)).toBe('$0.00');
  });

  it('says what the total is made of and where the price came from', () => {
    const cost = describeCost({
      gpu_compute: 0.00056,
      storage: 0.000002,
      bandwidth: 0.00001,
      total: 0.000572,
      currency: 'USD',
      hourly_price: 1.006,
      price_source: 'spot_price_history',
      instance_type: 'g5.xlarge',
      lifecycle: 'spot',
    });

    expect(cost.total).toBe('$0.00057');
    expect(cost.parts).toBe('GPU $0.00056, storage $0.0000020, transfer $0.000010; g5.xlarge at $1.01 an hour (price: spot price history)');
  });
});
