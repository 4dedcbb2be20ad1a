/**
 * The tenant's request allowance as the API last reported it (`X-RateLimit-*`, `Retry-After`), so that
 * background refreshes slow down before they crowd out what the user clicks. A basic-tier tenant has
 * ten requests a minute: a console that polled every second would spend them all on polling.
 */
export class RequestBudget {
  private limit: number | null = null;
  private remaining: number | null = null;
  private resetAtMs: number | null = null;
  private blockedUntilMs = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Reads the headers of any answer; answers without them (auth off) leave the budget unknown. */
  record(headers: Headers): void {
    const limit = integer(headers.get('x-ratelimit-limit'));
    const remaining = integer(headers.get('x-ratelimit-remaining'));
    const reset = integer(headers.get('x-ratelimit-reset'));
    if (limit !== null && remaining !== null && reset !== null) {
      this.limit = limit;
      this.remaining = remaining;
      this.resetAtMs = reset * 1000;
    }
  }

  /** After a 429: nothing in the background until the API says to try again. */
  blockFor(seconds: number): void {
    this.blockedUntilMs = Math.max(this.blockedUntilMs, this.now() + seconds * 1000);
  }

  /**
   * How long a background refresh should wait, at least `minimumMs`: spreads what is left of the window
   * over the time left in it, keeping `reserve` requests for the user's own actions.
   */
  pollDelay(minimumMs: number, reserve = 3): number {
    const now = this.now();
    const blocked = Math.max(0, this.blockedUntilMs - now);
    if (this.limit === null || this.remaining === null || this.resetAtMs === null || now >= this.resetAtMs) {
      return Math.max(minimumMs, blocked);
    }
    const untilReset = this.resetAtMs - now;
    const spendable = this.remaining - reserve;
    const spread = spendable <= 0 ? untilReset : untilReset / spendable;
    return Math.max(minimumMs, blocked, Math.ceil(spread));
  }

  describe(): string | null {
    return this.limit === null || this.remaining === null ? null : `${this.remaining} of ${this.limit} requests left`;
  }
}

function integer(value: string | null): number | null {
  if (value === null || value.trim() === '') {
    return null;
  }
  const parsed = Number(value);
  return Number.isInteger(parsed) ? parsed : null;
}
