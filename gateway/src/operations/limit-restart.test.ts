import { describe, expect, it } from 'vitest';
import { restartingOperateApp } from '../testing/restarting-operate-app.js';

const start = restartingOperateApp({
  id: 'echo',
  title: 'Echo',
  method: 'POST',
  path: '/admin/echo',
  mutating: false,
  ratePerMinute: 2,
});

const PATH = '/api/services/orders/operations/echo/invoke';

describe('an operation rate limit across a gateway restart', () => {
  it('still counts the calls of the last minute after the restart', async () => {
    const before = await start();
    expect((await before.call('operator', 'POST', PATH, { params: {} })).status).toBe(200);
    expect((await before.call('operator', 'POST', PATH, { params: {} })).status).toBe(200);
    await before.close();

    const after = await start();
    try {
      const refused = await after.call('operator', 'POST', PATH, { params: {} });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).not.toBeNull();
      after.clock.advance(61_000);
      expect((await after.call('operator', 'POST', PATH, { params: {} })).status).toBe(200);
    } finally {
      await after.close();
    }
  });
});
