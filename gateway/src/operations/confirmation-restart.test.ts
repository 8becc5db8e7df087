import { describe, expect, it } from 'vitest';
import { ConfirmationRequired, InvokeResponse } from '@aether/contract';
import { restartingOperateApp } from '../testing/restarting-operate-app.js';

const start = restartingOperateApp({
  id: 'flush',
  title: 'Flush',
  method: 'POST',
  path: '/admin/cache/flush',
  mutating: true,
});

const PATH = '/api/services/orders/operations/flush/invoke';

describe('a confirmation across a gateway restart', () => {
  it('is still good after the restart, and still single-use', async () => {
    const before = await start();
    const asked = await before.call('operator', 'POST', PATH, { params: {} });
    expect(asked.status).toBe(428);
    const { confirmToken } = ConfirmationRequired.parse(asked.json());
    await before.close();

    const after = await start();
    try {
      const ran = await after.call('operator', 'POST', PATH, { params: {}, confirmToken });
      expect(ran.status).toBe(200);
      expect(InvokeResponse.parse(ran.json())).toMatchObject({ outcome: 'completed' });
      const again = await after.call('operator', 'POST', PATH, { params: {}, confirmToken });
      expect(again.status).toBe(409);
    } finally {
      await after.close();
    }
  });
});
