import { describe, expect, it } from 'vitest';
import { FakeClock } from '../testing/fake-clock.js';
import { OperationLimiter } from './operation-limiter.js';

describe('OperationLimiter', () => {
  it('allows `concurrency` calls at once and frees a slot on release', () => {
    const limiter = new OperationLimiter(new FakeClock());
    const limits = { concurrency: 2, ratePerMinute: 100 };
    const a = limiter.acquire('op', limits);
    const b = limiter.acquire('op', limits);
    expect([a.ok, b.ok]).toEqual([true, true]);
    expect(limiter.acquire('op', limits)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/concurrency/),
      retryAfter: 1,
    });
    expect(limiter.acquire('other-op', limits).ok).toBe(true);
    if (a.ok) {
      a.release();
      a.release(); // a second release must not free a slot it does not hold
    }
    expect(limiter.acquire('op', limits).ok).toBe(true);
    expect(limiter.acquire('op', limits).ok).toBe(false);
  });

  it('allows `ratePerMinute` starts in any sliding minute', async () => {
    const clock = new FakeClock();
    const limiter = new OperationLimiter(clock);
    const limits = { concurrency: 10, ratePerMinute: 2 };
    const run = () => {
      const lease = limiter.acquire('op', limits);
      if (lease.ok) lease.release();
      return lease;
    };
    expect(run().ok).toBe(true);
    await clock.advance(30_000);
    expect(run().ok).toBe(true);
    expect(run()).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/rate/),
      retryAfter: 30,
    });
    await clock.advance(30_001);
    expect(run().ok).toBe(true);
    expect(run().ok).toBe(false);
  });
});
