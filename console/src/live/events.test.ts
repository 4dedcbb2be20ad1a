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

  it('reads the live channel\'s progress and preview events as the API describes them (asyncapi.json)', () => {
    const progress = parseJobEvent(
      JSON.stringify({
        type: 'progress',
        id: 'evt_1',
        timestamp: '2026-01-01T00:00:01Z',
        execution_id: 'exec_1',
        data: {
          status: 'running',
          attempt: 1,
          percentage: 30,
          completed_nodes: 1,
          total_nodes: 4,
          current_node: '3',
          current_node_type: 'KSampler',
          current_step: 6,
          total_steps: 20,
          eta_seconds: 14,
        },
      }),
    );
    const preview = parseJobEvent(
      JSON.stringify({
        type: 'preview',
        id: 'evt_2',
        timestamp: '2026-01-01T00:00:02Z',
        execution_id: 'exec_1',
        data: { url: 'https://b/previews/p.jpg', expires_at: '2026-01-01T00:05:02Z', content_type: 'image/jpeg', attempt: 1 },
      }),
    );

    expect(progress).toEqual({
      type: 'progress',
      jobId: 'exec_1',
      status: 'running',
      percentage: 30,
      currentNode: '3',
      currentNodeType: 'KSampler',
      currentStep: 6,
      totalSteps: 20,
      etaSeconds: 14,
    });
    expect(preview).toMatchObject({ type: 'preview', jobId: 'exec_1', previewUrl: 'https://b/previews/p.jpg' });
  });

  it('ignores what is not a job event', () => {
    expect(parseJobEvent('not json')).toBeNull();
    expect(parseJobEvent('{"type": "subscribed", "channel": "jobs"}')).toBeNull();
    expect(parseJobEvent('{"error": "bad message"}')).toBeNull();
  });
});
