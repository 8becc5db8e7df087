import { describe, expect, it } from 'vitest';
import { restartingOperateApp } from '../testing/restarting-operate-app.js';

/**
 * The audit-refusal budget (`audit.refusalsPerMinute`, default 30) and the verify limiter
 * (`verify.perMinute`, default 30) across a gateway restart on the same SQLite file: what the
 * last minute used stays used.
 */
const start = restartingOperateApp({
  id: 'flush',
  title: 'Flush',
  method: 'POST',
  path: '/admin/flush',
  mutating: true,
});

const DRY_RUN = '/api/services/orders/operations/flush/dry-run';

describe('limits across a gateway restart', () => {
  it('the refusal budget still counts the refusals recorded in the last minute', async () => {
    const before = await start();
    const refusals = async (app: typeof before) =>
      (
        (await app.stores.rawSql(
          "SELECT count(*) AS n FROM audit WHERE action = 'refuse'",
        )) as Array<{ n: number }>
      )[0]!.n;
    for (let i = 0; i < 30; i++)
      expect((await before.call('viewer', 'POST', DRY_RUN, {})).status).toBe(403);
    expect(await refusals(before)).toBe(30);
    await before.close();

    const after = await start();
    try {
      expect((await after.call('viewer', 'POST', DRY_RUN, {})).status).toBe(403);
      expect(await refusals(after)).toBe(30);
      after.clock.advance(61_000);
      expect((await after.call('viewer', 'POST', DRY_RUN, {})).status).toBe(403);
      expect(await refusals(after)).toBe(31);
    } finally {
      await after.close();
    }
  });

  it('the verify limiter still counts the runs of the last minute', async () => {
    const before = await start();
    for (let i = 0; i < 30; i++)
      expect((await before.call('operator', 'POST', '/api/verify', {})).status).toBe(200);
    expect((await before.call('operator', 'POST', '/api/verify', {})).status).toBe(429);
    await before.close();

    const after = await start();
    try {
      const refused = await after.call('operator', 'POST', '/api/verify', {});
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).not.toBeNull();
      expect((await after.call('admin', 'POST', '/api/verify', {})).status).toBe(200);
      after.clock.advance(61_000);
      expect((await after.call('operator', 'POST', '/api/verify', {})).status).toBe(200);
    } finally {
      await after.close();
    }
  });
});
