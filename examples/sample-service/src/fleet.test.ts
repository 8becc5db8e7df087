import { describe, expect, it } from 'vitest';
import { adminTokenFor, fleetRecords, startFleet } from './fleet.js';

describe('the demo fleet', () => {
  it('starts every instance, DNS and TLS, each answering, and stops them all', async () => {
    const fleet = await startFleet({ ephemeral: true, env: { ORDERS_ADMIN_TOKEN: 'from-env' } });
    try {
      expect(fleet.services.map((s) => s.name)).toEqual([
        'orders',
        'cart',
        'auth',
        'payments',
        'search',
        'db',
      ]);
      const orders = fleet.services[0]!;
      expect((await fetch(`${orders.url}/health`)).status).toBe(200);
      expect(
        (
          await fetch(`${orders.url}/admin/config`, {
            headers: { authorization: 'Bearer from-env' },
          })
        ).status,
      ).toBe(200);
      const cart = fleet.services[1]!;
      expect(
        (
          await fetch(`${cart.url}/admin/config`, {
            headers: { authorization: 'Bearer demo-cart-admin-token' },
          })
        ).status,
      ).toBe(200);
      const payments = await (await fetch(`${fleet.services[3]!.url}/control`)).json();
      expect(payments).toMatchObject({ mode: 'flaky' });
    } finally {
      await fleet.close();
    }
    await expect(fetch(`${fleet.services[0]!.url}/health`)).rejects.toThrow();
  });

  it('documents demo tokens and names', () => {
    expect(adminTokenFor('orders', {})).toBe('demo-orders-admin-token');
    expect(fleetRecords()['orders.aether.test']).toEqual({
      A: ['127.0.0.1'],
      AAAA: ['::1'],
      TXT: ['aether-service=orders'],
    });
  });
});
