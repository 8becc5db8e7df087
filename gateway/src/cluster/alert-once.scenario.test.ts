import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  spawnGateway,
  startProbeTarget,
  until,
  writeClusterConfig,
  type ChildGateway,
  type ProbeTarget,
} from '../testing/cluster-gateways.js';
import {
  createTestDatabase,
  describePostgres,
  type TestDatabase,
} from '../testing/postgres-database.js';

/**
 * Three real gateways on one database, one webhook channel: a service that goes down is alerted
 * once and resolved once — not once per gateway. The gateway probing it observes the change;
 * the others see it relayed and leave it to that one; the outbox is claimed, not broadcast.
 */
describePostgres('three gateways, one alert', () => {
  let database: TestDatabase;
  let target: ProbeTarget;
  let hook: Server;
  const messages: string[] = [];
  let dir: string;
  const gateways: ChildGateway[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    target = await startProbeTarget();
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        messages.push(body);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
    dir = mkdtempSync(join(tmpdir(), 'aether-cluster-alert-'));
    const configPath = join(dir, 'aether.config.yaml');
    writeClusterConfig(configPath, {
      databaseUrl: database.url,
      targetUrl: target.url,
      services: 12,
      interval: '1s',
      shards: 32,
      leaseTtl: '3s',
      extra: [
        'alerting:',
        `  channels: [{ id: hook, type: webhook, url: "${hookUrl}" }]`,
        '  routes: [{ match: {}, channels: [hook], groupWait: 1s }]',
      ],
    });
    gateways.push(
      ...(await Promise.all(['gw-a', 'gw-b', 'gw-c'].map((id) => spawnGateway(configPath, id)))),
    );
    // every service probed (the shards are spread) before anything fails
    await until(
      () => target.probersSince(0).size,
      (n) => n === 12,
      100,
    );
  }, 60_000);

  afterAll(async () => {
    for (const gateway of gateways) await gateway.stop();
    await new Promise<void>((resolve) => hook?.close(() => resolve()));
    await target?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const about = (service: string, word: RegExp) =>
    messages.filter((m) => m.includes(service) && word.test(m));

  it('sends one firing and one resolved message for a service, whichever gateway probes it', async () => {
    target.failing.add('/p/svc-7');
    await until(
      () => about('svc-7', /firing/i).length,
      (n) => n > 0,
      100,
    );
    // time for a second gateway's copy to arrive, were there one
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(about('svc-7', /firing/i)).toHaveLength(1);

    target.failing.delete('/p/svc-7');
    await until(
      () => about('svc-7', /resolved/i).length,
      (n) => n > 0,
      100,
    );
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(about('svc-7', /resolved/i)).toHaveLength(1);
    expect(messages).toHaveLength(2);
  }, 60_000);
});
