import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfirmationRequired, InvokeResponse } from '@aether/contract';
import { createAdminTarget, type AdminTarget } from '../testing/admin-target.js';
import { startOperateApp } from '../testing/operate-app.js';

let target: AdminTarget;
let dir: string;

beforeAll(async () => {
  target = await createAdminTarget();
  dir = mkdtempSync(join(tmpdir(), 'aether-confirm-'));
});

afterAll(async () => {
  await target.close();
  rmSync(dir, { recursive: true, force: true });
});

const start = () =>
  startOperateApp({
    sqlite: join(dir, 'aether.db'),
    services: [
      {
        id: 'orders',
        name: 'Orders',
        baseUrl: target.url,
        operations: [
          {
            id: 'flush',
            title: 'Flush',
            method: 'POST',
            path: '/admin/cache/flush',
            mutating: true,
          },
        ],
      },
    ],
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
