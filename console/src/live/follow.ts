import { ApiError } from '../api/errors';
import type { LiveChannel, Topic } from './channel';
import type { JobEvent } from './events';

export interface FollowOptions<T> {
  channel: LiveChannel;
  topic: Topic;
  load: () => Promise<T>;
  onData: (data: T) => void;
  onError: (error: unknown) => void;
  /** Whether the data is still changing (a queued or running job): it is then refreshed more often. */
  active: (data: T) => boolean;
  /** Folds a pushed event into the data; null when the event changes nothing shown. */
  apply?: (data: T, event: JobEvent) => T | null;
  /** Whether an event calls for reading the whole thing again (a status change brings outputs, errors). */
  reloadOn?: (data: T, event: JobEvent) => boolean;
  /** Shortest pauses between polls, for active and for settled data. */
  pace?: { activeMs: number; idleMs: number };
}

/** While pushed events flow, polls are only a safety net against a lost event. */
const SAFETY_NET_MS = { active: 15_000, idle: 60_000 };

/**
 * Keeps something on screen current: reads it now, then applies pushed events as they come and reads it
 * again on status changes, or, without the live channel, polls at the pace the rate limit allows. A 404
 * stops the refreshing (the thing is gone or was never the caller's). Returns the function that stops it.
 */
export function follow<T>(options: FollowOptions<T>): () => void {
  const pace = options.pace ?? { activeMs: 1_000, idleMs: 10_000 };
  let data: T | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  let loading = false;
  let loadAgain = false;
  let failures = 0;

  const schedule = (): void => {
    if (stopped) {
      return;
    }
    if (timer !== null) {
      clearTimeout(timer);
    }
    const active = data !== null && options.active(data);
    let delay =
      options.channel.mode === 'websocket'
        ? active
          ? SAFETY_NET_MS.active
          : SAFETY_NET_MS.idle
        : options.channel.budget.pollDelay(active ? pace.activeMs : pace.idleMs);
    if (failures > 0) {
      delay = Math.max(delay, Math.min(30_000, 1_000 * 2 ** failures));
    }
    timer = setTimeout(() => void refresh(), delay);
  };

  const refresh = async (): Promise<void> => {
    if (stopped) {
      return;
    }
    if (loading) {
      loadAgain = true;
      return;
    }
    loading = true;
    let gone = false;
    try {
      data = await options.load();
      failures = 0;
      if (!stopped) {
        options.onData(data);
      }
    } catch (error) {
      failures += 1;
      gone = error instanceof ApiError && error.notFound;
      if (!stopped) {
        options.onError(error);
      }
    } finally {
      loading = false;
    }
    if (gone) {
      return;
    }
    if (loadAgain) {
      loadAgain = false;
      void refresh();
      return;
    }
    schedule();
  };

  const unlisten = options.channel.listen(options.topic, (event) => {
    if (data === null || stopped) {
      return;
    }
    const patched = options.apply?.(data, event) ?? null;
    if (patched !== null) {
      data = patched;
      options.onData(data);
    }
    if (options.reloadOn?.(data, event)) {
      void refresh();
    }
  });
  const unmode = options.channel.onMode(() => {
    if (!loading) {
      schedule();
    }
  });
  void refresh();

  return () => {
    stopped = true;
    if (timer !== null) {
      clearTimeout(timer);
    }
    unlisten();
    unmode();
  };
}
