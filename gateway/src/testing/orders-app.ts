import { afterAll, beforeAll } from 'vitest';
import { createAdminTarget, type AdminTarget } from './admin-target.js';
import { startOperateApp, type OperateApp } from './operate-app.js';
import { ordersService } from './test-operations.js';

export interface OrdersApp {
  /** The gateway, with 'orders' offering the operations. */
  gw: () => OperateApp;
  /** The admin target the operations call, which records what reached it. */
  target: () => AdminTarget;
}

/**
 * One operate app for the whole test file, whose 'orders' service offers `operations` on a
 * recording admin target: both started before the file's tests and closed after them. Getters,
 * as both exist only once the file's tests run.
 */
export function ordersAppForFile(operations: unknown[]): OrdersApp {
  let target: AdminTarget | undefined;
  let gw: OperateApp | undefined;
  beforeAll(async () => {
    target = await createAdminTarget();
    gw = await startOperateApp({ services: [ordersService(target.url, operations)] });
  });
  afterAll(async () => {
    await gw?.close();
    await target?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the orders app starts in beforeAll');
    return value;
  };
  return { gw: () => started(gw), target: () => started(target) };
}
