import { describe, expect, it } from 'vitest';
import { parseJobEvent } from './events';

describe('parseJobEvent', () => {
  it('reads a progress event with its fields at the top level', () => {
    expect(
      parseJobEvent('{"type": "progress", "execution_id": "exec_1", "timestamp": "t", "progress": {"percentage": 42.5}, "current_node": "3"}'),
    ).toEqual({ type: 'progress', jobId: 'exec_1', percentage: 42.5, currentNode: '3', status: undefined });
  });

  it('reads fields under data, and steps as a share of the whole', () => {
    expect(parseJobEvent('{"type": "job.progress", "data": {"job_id": "exec_2", "value": 5, "max": 20}}')).toMatchObject({
      type: 'progress',
      jobId: 'exec_2',
      percentage: 25,
    });
  });

  it('turns terminal events into the status they mean', () => {
    expect(parseJobEvent('{"type": "complete", "execution_id": "e"}')).toMatchObject({ status: 'completed', percentage: 100 });
    expect(parseJobEvent('{"type": "error", "execution_id": "e"}')).toMatchObject({ status: 'failed' });
    expect(parseJobEvent('{"type": "cancelled", "execution_id": "e"}')).toMatchObject({ status: 'cancelled' });
  });

  it('carries a preview link', () => {
    expect(parseJobEvent('{"type": "preview", "execution_id": "e", "url": "https://b/p.jpg"}')).toMatchObject({
      previewUrl: 'https://b/p.jpg',
    });
  });

  it('ignores what is not a job event', () => {
    expect(parseJobEvent('not json')).toBeNull();
    expect(parseJobEvent('{"type": "subscribed", "channel": "jobs"}')).toBeNull();
    expect(parseJobEvent('{"error": "bad message"}')).toBeNull();
  });
});
