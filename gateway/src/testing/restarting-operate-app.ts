import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createAdminTarget, type AdminTarget } from './admin-target.js';
import { startOperateApp, type OperateApp } from './operate-app.js';
import { ordersService } from './test-operations.js';

/**
 * For a test file about what survives a gateway restart: registers the hooks that open an admin
 * target and a temporary folder for the file, and returns `start`, which opens a gateway on the
 * same SQLite file each time, with 'orders' offering `operation` on that target.
 */
export function restartingOperateApp(operation: unknown): () => Promise<OperateApp> {
  let target: AdminTarget;
  let dir: string;
  beforeAll(async () => {
    target = await createAdminTarget();
    dir = mkdtempSync(join(tmpdir(), 'aether-restart-'));
  });
  afterAll(async () => {
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return () =>
    startOperateApp({
      sqlite: join(dir, 'aether.db'),
      services: [ordersService(target.url, [operation])],
    });
}
