import { describe, expect, it } from 'vitest';
import { openSqliteStores } from '../store/index.js';
import { FakeClock } from '../testing/fake-clock.js';
import { VerifyLimiter } from '../operations/verify-limit.js';
import { LoginLimiter } from './login-limiter.js';

const LIMITS = { maxFailures: 3, windowMs: 60_000, maxTracked: 100 };

describe('LoginLimiter', () => {
  it('refuses a client after maxFailures in the window, until its oldest counted failure leaves', async () => {
    const clock = new FakeClock('2026-12-01T10:00:00Z');
    const limiter = new LoginLimiter(clock, LIMITS);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfter('1.2.3.4')).toBe(0);
      await limiter.fail('1.2.3.4');
      await clock.advance(10_000);
    }
    // failures at 0, 10 and 20 s; now 30 s: the first leaves the window at 60 s
    expect(limiter.retryAfter('1.2.3.4')).toBe(30);
    expect(limiter.retryAfter('5.6.7.8')).toBe(0);
    await clock.advance(30_000);
    expect(limiter.retryAfter('1.2.3.4')).toBe(0);
  });

  it('keeps the map bounded: a flood from rotating addresses forgets the oldest clients', async () => {
    const clock = new FakeClock('2026-12-01T10:00:00Z');
    const stores = openSqliteStores({ path: ':memory:' });
    const limiter = new LoginLimiter(clock, LIMITS, stores.loginFailures);
    for (let i = 0; i < 1_000; i++) await limiter.fail(`2001:db8::${i.toString(16)}`);
    expect(limiter.tracked).toBe(100);
    // the store holds what the map holds, not the flood
    expect(await stores.loginFailures.since(0)).toHaveLength(100);
    // the most recent clients are the ones kept
    for (let i = 0; i < 2; i++) await limiter.fail('2001:db8::3e7');
    expect(limiter.retryAfter('2001:db8::3e7')).toBeGreaterThan(0);
    await stores.close();
  });

  it('keeps only the newest maxFailures per client in the store', async () => {
    const clock = new FakeClock('2026-12-01T10:00:00Z');
    const stores = openSqliteStores({ path: ':memory:' });
    const limiter = new LoginLimiter(clock, LIMITS, stores.loginFailures);
    for (let i = 0; i < 50; i++) await limiter.fail('1.2.3.4');
    expect(await stores.loginFailures.since(0)).toHaveLength(3);
    await stores.close();
  });

  it('survives a restart: a new limiter on the same store still refuses', async () => {
    const clock = new FakeClock('2026-12-01T10:00:00Z');
    const stores = openSqliteStores({ path: ':memory:' });
    const before = new LoginLimiter(clock, LIMITS, stores.loginFailures);
    for (let i = 0; i < 3; i++) await before.fail('1.2.3.4');
    await before.fail('9.9.9.9');
    await clock.advance(5_000);

    const after = new LoginLimiter(clock, LIMITS, stores.loginFailures);
    await after.restore();
    expect(after.retryAfter('1.2.3.4')).toBe(55);
    expect(after.retryAfter('9.9.9.9')).toBe(0);
    await clock.advance(55_000);
    expect(after.retryAfter('1.2.3.4')).toBe(0);
    await stores.close();
  });

  it("restores only its own rows from the shared rate-limit log (not the verify limiter's)", async () => {
    const clock = new FakeClock('2026-12-01T10:00:00Z');
    const stores = openSqliteStores({ path: ':memory:' });
    const verify = new VerifyLimiter(clock, 30, stores.loginFailures);
    for (let i = 0; i < 200; i++) await verify.take(`caller-${i}`);
    const limiter = new LoginLimiter(clock, LIMITS, stores.loginFailures);
    await limiter.restore();
    expect(limiter.tracked).toBe(0);
    await stores.close();
  });

  it("prunes none of the shared log's last minute, even with a shorter login window", async () => {
    const clock = new FakeClock('2026-12-01T10:00:00Z');
    const stores = openSqliteStores({ path: ':memory:' });
    const verify = new VerifyLimiter(clock, 2, stores.loginFailures);
    await verify.take('otto');
    await verify.take('otto');
    await clock.advance(20_000);
    const limiter = new LoginLimiter(clock, { ...LIMITS, windowMs: 10_000 }, stores.loginFailures);
    await limiter.fail('1.2.3.4'); // prunes: the login window is 10 s, the verify runs 20 s old
    const restarted = new VerifyLimiter(clock, 2, stores.loginFailures);
    await restarted.restore();
    await expect(restarted.take('otto')).rejects.toThrow(/At most 2 verify runs a minute/);
    await stores.close();
  });
});
