import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { clusterForFile, until } from '../testing/cluster-gateways.js';
import { describePostgres } from '../testing/postgres-database.js';

/**
 * Three real gateways on one database, one webhook channel: a service that goes down is alerted
 * once and resolved once — not once per gateway. The gateway probing it observes the change;
 * the others see it relayed and leave it to that one; the outbox is claimed, not broadcast.
 */
describePostgres('three gateways, one alert', () => {
  let hook: Server;
  let hookUrl: string;
  const messages: string[] = [];

  beforeAll(async () => {
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        messages.push(body);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => hook?.close(() => resolve()));
  });

  const cluster = clusterForFile({
    services: 12,
    interval: '1s',
    shards: 32,
    leaseTtl: '3s',
    extra: () => [
      'alerting:',
      `  channels: [{ id: hook, type: webhook, url: "${hookUrl}" }]`,
      '  routes: [{ match: {}, channels: [hook], groupWait: 1s }]',
    ],
  });
  const target = () => cluster().target;

  beforeAll(async () => {
    // every service probed (the shards are spread) before anything fails
    await until(
      () => target().probersSince(0).size,
      (n) => n === 12,
      100,
    );
  }, 60_000);

  const about = (service: string, word: RegExp) =>
    messages.filter((m) => m.includes(service) && word.test(m));

  it('sends one firing and one resolved message for a service, whichever gateway probes it', async () => {
    target().failing.add('/p/svc-7');
    await until(
      () => about('svc-7', /firing/i).length,
      (n) => n > 0,
      100,
    );
    // time for a second gateway's copy to arrive, were there one
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(about('svc-7', /firing/i)).toHaveLength(1);

    target().failing.delete('/p/svc-7');
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
