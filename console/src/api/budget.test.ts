import { describe, expect, it } from 'vitest';
import { RequestBudget } from './budget';

function budgetAt(nowMs: number, limit: number, remaining: number, resetSeconds: number) {
  const budget = new RequestBudget(() => nowMs);
  budget.record(
    new Headers({
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset': String(resetSeconds),
    }),
  );
  return budget;
}

describe('RequestBudget', () => {
  it('polls at the minimum pace when the API reports no limit', () => {
    expect(new RequestBudget(() => 0).pollDelay(1_000)).toBe(1_000);
  });

  it('spreads what is left of the window over the time left, keeping some for the user', () => {
    // 13 left, 3 kept: 10 polls over the 60 s until the reset.
    const budget = budgetAt(0, 15, 13, 60);

    expect(budget.pollDelay(1_000)).toBe(6_000);
    expect(budget.describe()).toBe('13 of 15 requests left');
  });

  it('waits for the reset when only the reserve is left', () => {
    expect(budgetAt(10_000, 15, 2, 40).pollDelay(1_000)).toBe(30_000);
  });

  it('never polls faster than asked, however generous the tier', () => {
    expect(budgetAt(0, 400, 399, 60).pollDelay(1_000)).toBe(1_000);
  });

  it("holds background polls back for a 429's Retry-After", () => {
    let now = 0;
    const budget = new RequestBudget(() => now);

    budget.blockFor(12);

    expect(budget.pollDelay(1_000)).toBe(12_000);
    now = 12_000;
    expect(budget.pollDelay(1_000)).toBe(1_000);
  });
});
