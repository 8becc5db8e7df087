import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Bench } from '../run.js';
import type { Figure } from '../lib/report.js';
import { startGateway, type GatewayRun } from '../lib/gateway.js';
import { loadGatewayStore } from '../lib/gateway-store.js';
import { startTarget } from '../lib/target.js';
import { startWebhookSink, type WebhookSink } from '../lib/alert-sinks.js';
import { freePort } from '../lib/spawn.js';
import { sampleProcess } from '../lib/proc.js';
import { parsePrometheus, sum } from '../lib/prometheus.js';
import { figure } from '../lib/figure.js';

const SECRET = 'bench-webhook-secret';
const MiB = 2 ** 20;

/**
 * Writes `count` pending firing messages for the `oncall` channel into a fresh gateway database
 * through the gateway's own outbox store (what the dispatcher does before a first attempt), one
 * alert each, as if that many ungrouped alerts had fired while the sink was away.
 */
async function seedOutbox(dbPath: string, count: number, nowMs: number): Promise<void> {
  const { openSqliteStores } = await loadGatewayStore();
  const stores = openSqliteStores({ path: dbPath });
  try {
    for (let i = 0; i < count; i++) {
      const serviceId = `s${String(i).padStart(5, '0')}`;
      await stores.outbox.enqueue(
        {
          id: randomUUID(),
          channelId: 'oncall',
          kind: 'firing',
          groupKey: `route-0/oncall/${serviceId}`,
          alerts: [
            {
              id: randomUUID(),
              status: 'firing',
              service: {
                id: serviceId,
                name: `Service ${i}`,
                group: `group-${i % 20}`,
                tags: ['bench'],
              },
              check: { id: 'http', type: 'http' },
              cause: 'status: expected 200, actual 503',
              since: new Date(nowMs - 1000).toISOString(),
              url: `http://127.0.0.1:5173/p/health/services/${serviceId}`,
            },
          ],
        },
        nowMs,
      );
    }
    const pending = await stores.outbox.countPending();
    if (pending !== count) throw new Error(`seeded ${pending} pending messages, not ${count}`);
  } finally {
    await stores.close();
  }
}

/**
 * 10,000 messages pending in the outbox of a real gateway whose webhook sink is down (nothing
 * listens on its port: connection refused) for 60 s, then comes back: every message delivered,
 * none twice (distinct `X-Aether-Delivery`), how long the backlog takes to drain once the sink is
 * back, and the gateway's RSS peak over the whole run, while it also probes a small fleet.
 */
export const outboxBacklog: Bench = {
  name: 'outbox-backlog',
  async run(options) {
    const count = options.quick ? 2_000 : 10_000;
    const downMs = options.quick ? 15_000 : 60_000;
    const probing = options.quick ? 100 : 1_000;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'aether-bench-outbox-'));
    const dbPath = path.join(dir, 'aether.db');
    const t0 = performance.now();
    await seedOutbox(dbPath, count, Date.now());
    options.log(
      `seeded ${count} pending messages in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const sinkPort = await freePort();
    const target = await startTarget(options.root);
    let gateway: GatewayRun | undefined;
    let sink: WebhookSink | undefined;
    try {
      gateway = await startGateway(
        options.root,
        {
          server: { concurrency: 512 },
          services: Array.from({ length: probing }, (_, i) => ({
            id: `p${String(i).padStart(5, '0')}`,
            name: `Probed ${i}`,
            group: `group-${i % 20}`,
            tags: ['bench'],
            baseUrl: `http://127.0.0.1:${target.port}`,
            checks: [{ id: 'http', type: 'http', path: `/t/${i}`, interval: '10s', timeout: '2s' }],
          })),
          alerting: {
            channels: [
              {
                id: 'oncall',
                type: 'webhook',
                url: `http://127.0.0.1:${sinkPort}/hook`,
                secret: '${AETHER_WEBHOOK_SECRET}',
              },
            ],
            routes: [{ match: {}, channels: ['oncall'] }],
          },
        },
        { dbPath, env: { AETHER_WEBHOOK_SECRET: SECRET } },
      );
      const usage = sampleProcess(gateway.child.pid, 250);
      usage.start();
      options.log(`sink down (connection refused) for ${downMs / 1000} s`);
      await sleep(downMs);
      const refused = sum(
        parsePrometheus(await (await fetch(`${gateway.url}/metrics`)).text()),
        'aether_notifications_total',
      );
      sink = await startWebhookSink({ secret: SECRET, port: sinkPort });
      const back = performance.now();
      options.log(`sink back after ${refused} failed attempts; waiting for ${count} deliveries`);
      const deadline = back + (options.quick ? 180_000 : 420_000);
      while (sink.deliveries.size < count && performance.now() < deadline) await sleep(250);
      const drainedAt = Math.max(...[...sink.deliveries.values()].map((d) => d.firstAt));
      // a little longer: a message sent twice would show now
      await sleep(5_000);
      const u = usage.stop();
      const metrics = parsePrometheus(await (await fetch(`${gateway.url}/metrics`)).text());
      const delivered = sum(metrics, 'aether_notifications_total', { outcome: 'delivered' });
      const drainSeconds = (drainedAt - back) / 1000;
      const label = `${count.toLocaleString('en')} messages pending, sink refusing connections for ${downMs / 1000} s`;
      const figures: Figure[] = [
        figure(
          `${label}: delivered (distinct X-Aether-Delivery)`,
          sink.deliveries.size,
          'messages',
          `all ${count.toLocaleString('en')}`,
          sink.deliveries.size === count,
          `${sink.rejected} refused by the sink (bad signature or no delivery id); the gateway counted ${delivered} delivered attempts`,
        ),
        figure(`${label}: received twice`, sink.duplicates, 'messages', '0', sink.duplicates === 0),
        figure(
          `${label}: sink back → last message delivered`,
          drainSeconds,
          's',
          '— (backoff 1 s doubling to 5 min: the wait is mostly the last backoff step)',
          null,
          `${refused} failed attempts while the sink was down`,
        ),
        figure(
          `${label}: gateway RSS peak (whole run, also probing ${probing.toLocaleString('en')} checks at 10 s)`,
          u.rssMaxBytes / MiB,
          'MiB',
          '≤ 256 MiB',
          u.rssMaxBytes / MiB <= 256,
          `RSS at the end ${(u.rssEndBytes / MiB).toFixed(0)} MiB; gateway CPU ${u.cores.toFixed(2)} cores on average over the run`,
        ),
      ];
      return figures;
    } finally {
      await gateway?.stop();
      await sink?.close();
      await target.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
