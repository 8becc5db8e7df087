import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceList } from '@aether/contract';
import type { RunningGateway } from '../cli/start-gateway.js';
import { startConfigGateway } from '../testing/config-gateway.js';
import { startSwitchableTarget, type SwitchableTarget } from '../testing/gateway-under-test.js';

/**
 * A flapping service is still flapping after a restart: the real gateway, stopped in the middle
 * of an episode and started again on the same SQLite file, resumes it from the status changes its
 * check states kept (flap-history.ts) instead of starting calm.
 */

let target: SwitchableTarget;
let dir: string;
beforeAll(async () => {
  target = await startSwitchableTarget();
  dir = mkdtempSync(join(tmpdir(), 'aether-flap-restart-'));
});
afterAll(async () => {
  await target?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The gateway on the test's SQLite file, once the first probe of `cart` is in. */
async function start(): Promise<RunningGateway> {
  const gateway = await startConfigGateway(
    [
      'server: { port: 0 }',
      'auth: { anonymous: viewer }',
      'panels: []',
      'flapping: { changes: 4, window: 10m }',
      'services:',
      '  - id: cart',
      '    name: Cart',
      `    baseUrl: ${target.url}`,
      '    checks:',
      // a long interval: after its first probe at start, the test decides when it runs
      '      - { id: health, type: http, path: /health, interval: 1h, timeout: 2s, failAfter: 1, recoverAfter: 1 }',
    ],
    { dbPath: join(dir, 'aether.db') },
  );
  const { monitor, events } = gateway.deps;
  const probed = () => monitor.getService('cart')?.checks.every((c) => c.lastResult !== null);
  if (!probed())
    await new Promise<void>((resolve) => {
      const off = events.subscribe((event) => {
        if (event.type === 'result' && probed()) {
          off();
          resolve();
        }
      });
    });
  return gateway;
}

const cart = async (gateway: RunningGateway) => {
  const list = ServiceList.parse(await (await fetch(`${gateway.url}/api/services`)).json());
  return list.find((s) => s.id === 'cart');
};

describe('flapping across a restart', () => {
  it('is still flapping, with its episode, after the gateway starts again on the same file', async () => {
    target.healthy = true;
    const first = await start();
    try {
      // down, up, down, up: four status changes within the window
      for (const healthy of [false, true, false, true]) {
        target.healthy = healthy;
        await first.deps.monitor.verify({ services: ['cart'] });
      }
      expect(await cart(first)).toMatchObject({ status: 'up', flapping: true, flapChanges: 4 });
    } finally {
      await first.close();
    }

    const second = await start(); // its first probe finds cart up: no change of its own
    try {
      expect(await cart(second)).toMatchObject({ status: 'up', flapping: true, flapChanges: 4 });
      // and the episode goes on counting from there
      target.healthy = false;
      await second.deps.monitor.verify({ services: ['cart'] });
      expect(await cart(second)).toMatchObject({ status: 'down', flapping: true, flapChanges: 5 });
    } finally {
      await second.close();
    }
  });
});
