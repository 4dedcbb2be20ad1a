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
  /**
   * A read the API holds until the data changes (`?wait=N`). Without the live channel, active data is
   * followed by asking again each time such a read answers, instead of polling on a timer.
   */
  hold?: (data: T) => Promise<T>;
  /** Shortest pauses between polls, for active and for settled data. */
  pace?: { activeMs: number; idleMs: number };
}

/** While pushed events flow, polls are only a safety net against a lost event. */
const SAFETY_NET_MS = { active: 15_000, idle: 60_000 };

/** Between held reads: each answer means a change, so the next may start almost at once. */
const HELD_GAP_MS = 250;

/**
 * Keeps something on screen current: reads it now, then applies pushed events as they come and reads it
 * again on status changes, or, without the live channel, asks with held reads while it changes (when the
 * caller offers them) and otherwise polls at the pace the rate limit allows. A 404
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
    const pushed = options.channel.mode === 'websocket';
    const held = !pushed && active && options.hold !== undefined;
    let delay = pushed
      ? active
        ? SAFETY_NET_MS.active
        : SAFETY_NET_MS.idle
      : options.channel.budget.pollDelay(held ? HELD_GAP_MS : active ? pace.activeMs : pace.idleMs);
    if (failures > 0) {
      delay = Math.max(delay, Math.min(30_000, 1_000 * 2 ** failures));
    }
    timer = setTimeout(() => void refresh(held), delay);
  };

  const refresh = async (held = false): Promise<void> => {
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
      data = held && data !== null && options.hold !== undefined ? await options.hold(data) : await options.load();
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
