import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertList } from '@aether/contract';
import { startOperateApp, type OperateApp } from '../testing/operate-app.js';
import { RecordingReceiver } from './channels/recording-receiver.js';

/**
 * Alerts outlive the gateway: one stopped while an alert fires and another was resolved starts
 * again on the same SQLite file, still firing the first (the episode resumes, nothing is sent
 * anew) and still listing the resolved one with its messages.
 */

let hook: RecordingReceiver;
let dir: string;
beforeAll(async () => {
  hook = await RecordingReceiver.start();
  dir = mkdtempSync(join(tmpdir(), 'aether-alert-restart-'));
});
afterAll(async () => {
  await hook?.close();
  rmSync(dir, { recursive: true, force: true });
});

const start = () =>
  startOperateApp({
    sqlite: join(dir, 'aether.db'),
    alerting: {
      channels: [{ id: 'hook', type: 'webhook', url: hook.url() }],
      routes: [{ match: {}, channels: ['hook'], groupWait: '0s' }],
    },
  });

function observe(gw: OperateApp, id: string, status: 'down' | 'up') {
  gw.deps.alerting!.core.observe({
    service: { id, name: id, group: 'g', tags: [] },
    status,
    since: new Date(gw.clock.now()).toISOString(),
    check: { id: 'health', type: 'http' },
    cause: status === 'down' ? 'status: expected 200, actual 503' : 'status up',
  });
}

const listed = async (gw: OperateApp) =>
  AlertList.parse((await gw.call('viewer', 'GET', '/api/alerts')).json());

describe('alerts across a restart', () => {
  it('resumes the firing alert and still lists the resolved one with its messages', async () => {
    const first = await start();
    observe(first, 'billing', 'down');
    observe(first, 'search', 'down');
    await hook.received(1); // one message: both fired within groupWait
    observe(first, 'search', 'up');
    await hook.received(2);
    const before = await listed(first);
    await first.close();

    const second = await start();
    try {
      const after = await listed(second);
      expect(after.map((a) => [a.service.id, a.state, a.id]).sort()).toEqual(
        before.map((a) => [a.service.id, a.state, a.id]).sort(),
      );
      expect(after.find((a) => a.service.id === 'search')).toMatchObject({ state: 'resolved' });
      expect(after.find((a) => a.service.id === 'search')!.messages.map((m) => m.kind)).toEqual([
        'firing',
        'resolved',
      ]);
      observe(second, 'billing', 'down'); // the monitor's view after the restart: same episode
      expect(hook.requests).toHaveLength(2);
      expect((await listed(second)).filter((a) => a.service.id === 'billing')).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});
