import { describe, expect, it } from 'vitest';
import { href, parseHash } from './router';

describe('parseHash', () => {
  it('reads every page, with its id or filter', () => {
    expect(parseHash('')).toEqual({ page: 'jobs', status: null });
    expect(parseHash('#/jobs?status=running')).toEqual({ page: 'jobs', status: 'running' });
    expect(parseHash('#/jobs/exec_1')).toEqual({ page: 'job', id: 'exec_1' });
    expect(parseHash('#/submit?template=model_free_v1')).toEqual({ page: 'submit', template: 'model_free_v1' });
    expect(parseHash('#/batches/batch_9')).toEqual({ page: 'batch', id: 'batch_9' });
    expect(parseHash('#/keys')).toEqual({ page: 'keys' });
  });

  it('calls anything else an unknown page', () => {
    expect(parseHash('#/jobs/a/b')).toEqual({ page: 'unknown', path: '/jobs/a/b' });
    expect(parseHash('#/nothing')).toEqual({ page: 'unknown', path: '/nothing' });
  });

  it('round-trips through href', () => {
    for (const hash of ['#/jobs', '#/jobs?status=failed', '#/jobs/exec_1', '#/submit', '#/fleet', '#/batches/b%2F1']) {
      expect(href(parseHash(hash))).toBe(hash);
    }
  });
});
