import type { CostBreakdown, ExecutionStatus, LiveExecution } from './types';

/**
 * Joins a job's status read to what is shown: the status read is the one with the sampler preview, the
 * time left and the runner holding the job, and it is the read the API can hold until the job changes.
 */
export function withStatus<J extends LiveExecution>(job: J, status: ExecutionStatus): J {
  return {
    ...job,
    status: status.status,
    attempt: status.attempt,
    cancel_requested: status.cancel_requested,
    queue_position: status.queue_position ?? undefined,
    error: status.error ?? job.error,
    progress: {
      ...job.progress,
      percentage: status.percentage,
      // The status read names the node's class type `current_node` and its id `current_node_id`.
      current_node: status.current_node_id ?? undefined,
      current_node_type: status.current_node ?? undefined,
      current_step: status.current_step ?? undefined,
      total_steps: status.total_steps ?? undefined,
      completed_nodes: status.completed_nodes,
      total_nodes: status.total_nodes,
    },
    preview: status.preview,
    estimated_remaining: status.estimated_remaining,
    estimated_completion: status.estimated_completion,
    resource_allocation: status.resource_allocation,
  };
}

/** Dollars with as many decimals as a small figure needs: `$1.25`, `$0.00056`. */
export function dollars(amount: number): string {
  if (amount >= 0.01 || amount <= 0) {
    return `$${amount.toFixed(2)}`;
  }
  return `$${amount.toFixed(Math.min(8, 1 - Math.floor(Math.log10(amount))))}`;
}

/** A run's cost in one line: the total, then what it is made of and where the GPU's price came from. */
export function describeCost(cost: CostBreakdown): { total: string; parts: string } {
  const currency = cost.currency === 'USD' ? '' : ` ${cost.currency}`;
  const instance = cost.instance_type && cost.instance_type !== 'local' ? `${cost.instance_type} ` : '';
  return {
    total: `${dollars(cost.total)}${currency}`,
    parts:
      `GPU ${dollars(cost.gpu_compute)}, storage ${dollars(cost.storage)}, transfer ${dollars(cost.bandwidth)}; ` +
      `${instance}at ${dollars(cost.hourly_price)} an hour (price: ${cost.price_source.replace(/_/g, ' ')})`,
  };
}
