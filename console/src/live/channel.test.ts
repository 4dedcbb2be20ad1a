import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RequestBudget } from '../api/budget';
import { ApiError } from '../api/errors';
import { LiveChannel, type SocketLike } from './channel';
import { follow } from './follow';

/** A stand-in for the browser's WebSocket: the test opens, fails and feeds it. */
class FakeSocket implements SocketLike {
  static made: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;

  constructor(readonly url: string) {
    FakeSocket.made.push(this);
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  fail(): void {
    this.readyState = 3;
    this.onerror?.(new Event('error'));
    this.onclose?.({} as CloseEvent);
  }

  push(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) } as MessageEvent);
  }

  send(data: string): void {
    this.sent.push(data);
  }

  close(): void {
    this.readyState = 3;
  }
}

function channel(websocketUrl: string | null) {
  return new LiveChannel({
    websocketUrl,
    token: () => 'comfyui_sk_x',
    budget: new RequestBudget(() => Date.now()),
    createSocket: (url) => new FakeSocket(url),
  });
}

interface Job {
  id: string;
  status: string;
  percentage: number;
}

function followJob(live: LiveChannel, load: () => Promise<Job>, seen: Job[]) {
  return follow<Job>({
    channel: live,
    topic: { job: 'exec_1' },
    load,
    onData: (job) => seen.push(job),
    onError: () => undefined,
    active: (job) => job.status === 'running',
    apply: (job, event) => (event.jobId === job.id ? { ...job, percentage: event.percentage ?? job.percentage } : null),
    reloadOn: (_job, event) => event.status === 'completed',
  });
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.made = [];
});

afterEach(() => {
  vi.useRealTimers();
});

describe('LiveChannel with follow', () => {
  it('polls every second while the job runs when the deployment has no live channel', async () => {
    const live = channel(null);
    const load = vi.fn(async () => ({ id: 'exec_1', status: 'running', percentage: 10 }));

    const stop = followJob(live, load, []);
    await vi.advanceTimersByTimeAsync(3_050);
    stop();

    expect(live.mode).toBe('polling');
    expect(load).toHaveBeenCalledTimes(4);
    expect(FakeSocket.made).toHaveLength(0);
  });

  it('subscribes over the socket, applies pushed progress, and polls only as a safety net', async () => {
    const live = channel('ws://127.0.0.1:8080/ws');
    const load = vi.fn(async () => ({ id: 'exec_1', status: 'running', percentage: 10 }));
    const seen: Job[] = [];

    const stop = followJob(live, load, seen);
    const socket = FakeSocket.made[0]!;
    socket.open();
    await vi.advanceTimersByTimeAsync(0);
    socket.push({ type: 'progress', execution_id: 'exec_1', progress: { percentage: 55 } });
    await vi.advanceTimersByTimeAsync(10_000);
    stop();

    expect(socket.url).toBe('ws://127.0.0.1:8080/ws?token=comfyui_sk_x');
    expect(socket.sent.map((m) => JSON.parse(m) as unknown)).toContainEqual({ type: 'subscribe', execution_id: 'exec_1' });
    expect(live.mode).toBe('websocket');
    expect(seen.at(-1)?.percentage).toBe(55);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('reads the job again when an event says it ended', async () => {
    const live = channel('ws://h/ws');
    const load = vi
      .fn<() => Promise<Job>>()
      .mockResolvedValueOnce({ id: 'exec_1', status: 'running', percentage: 50 })
      .mockResolvedValueOnce({ id: 'exec_1', status: 'completed', percentage: 100 });
    const seen: Job[] = [];

    const stop = followJob(live, load, seen);
    FakeSocket.made[0]!.open();
    await vi.advanceTimersByTimeAsync(0);
    FakeSocket.made[0]!.push({ type: 'complete', execution_id: 'exec_1' });
    await vi.advanceTimersByTimeAsync(0);
    stop();

    expect(load).toHaveBeenCalledTimes(2);
    expect(seen.at(-1)?.status).toBe('completed');
  });

  it('falls back to polling when the socket is refused, and tries it again later', async () => {
    const live = channel('ws://h/ws');
    const load = vi.fn(async () => ({ id: 'exec_1', status: 'running', percentage: 10 }));

    const stop = followJob(live, load, []);
    FakeSocket.made[0]!.fail();
    await vi.advanceTimersByTimeAsync(2_050);

    expect(live.mode).toBe('polling');
    expect(load).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(FakeSocket.made).toHaveLength(2);
    stop();
  });

  it('without the live channel, follows a running job with held reads instead of timed polls', async () => {
    const live = channel(null);
    const load = vi.fn(async () => ({ id: 'exec_1', status: 'running', percentage: 10 }));
    let percentage = 10;
    // The API holds each read until the job changes: here, four seconds later.
    const hold = vi.fn(
      (job: Job) =>
        new Promise<Job>((resolve) => setTimeout(() => resolve({ ...job, percentage: (percentage += 10) }), 4_000)),
    );
    const seen: Job[] = [];

    const stop = follow<Job>({
      channel: live,
      topic: { job: 'exec_1' },
      load,
      hold,
      onData: (job) => seen.push(job),
      onError: () => undefined,
      active: (job) => job.status === 'running',
    });
    await vi.advanceTimersByTimeAsync(12_900);
    stop();

    expect(load).toHaveBeenCalledTimes(1);
    expect(hold).toHaveBeenCalledTimes(3);
    expect(seen.map((job) => job.percentage)).toEqual([10, 20, 30, 40]);
  });

  it('polls settled data on a timer even where held reads are offered', async () => {
    const live = channel(null);
    const load = vi.fn(async () => ({ id: 'exec_1', status: 'completed', percentage: 100 }));
    const hold = vi.fn(async (job: Job) => job);

    const stop = follow<Job>({ channel: live, topic: { job: 'exec_1' }, load, hold, onData: () => undefined, onError: () => undefined, active: (job) => job.status === 'running' });
    await vi.advanceTimersByTimeAsync(20_050);
    stop();

    expect(hold).not.toHaveBeenCalled();
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('stops refreshing something that is not found', async () => {
    const live = channel(null);
    const load = vi.fn(async (): Promise<Job> => {
      throw new ApiError('Execution exec_1 not found', 404, 'not_found');
    });

    const stop = followJob(live, load, []);
    await vi.advanceTimersByTimeAsync(60_000);
    stop();

    expect(load).toHaveBeenCalledTimes(1);
  });
});
