import { setTimeout as sleep } from 'node:timers/promises';
import type { Bench } from '../run.js';
import type { Figure } from '../lib/report.js';
import { startGateway, type GatewayRun } from '../lib/gateway.js';
import { startTarget } from '../lib/target.js';
import { startSmtpSink, startWebhookSink, type Delivery } from '../lib/alert-sinks.js';
import { parsePrometheus, buckets, bucketDelta, sum } from '../lib/prometheus.js';
import { histogramQuantile, quantile } from '../lib/stats.js';
import { figure } from '../lib/figure.js';

const SECRET = 'bench-webhook-secret';

interface WebhookPayload {
  kind: string;
  sentAt: string;
  alerts: { service: { id: string }; since: string }[];
}

async function scrape(gateway: GatewayRun) {
  return parsePrometheus(await (await fetch(`${gateway.url}/metrics`)).text());
}

/** `outage` services on the target the bench breaks, `background` ones on a target that stays up. */
function outageConfig(options: {
  outage: number;
  background: number;
  outagePort: number;
  backgroundPort: number;
  webhookPort: number;
  smtpPort: number;
  groupWait: string;
}) {
  const service = (i: number, outage: boolean) => ({
    id: `${outage ? 'o' : 'b'}${String(i).padStart(5, '0')}`,
    name: `${outage ? 'Outage' : 'Background'} ${i}`,
    group: `group-${i % 20}`,
    tags: outage ? ['outage'] : ['background'],
    baseUrl: `http://127.0.0.1:${outage ? options.outagePort : options.backgroundPort}`,
    // 5 s rather than the probing bench's 2 s: on a busy machine a slow answer must not count as
    // an outage before the bench makes one
    checks: [{ id: 'http', type: 'http', path: `/t/${i}`, interval: '10s', timeout: '5s' }],
  });
  return {
    server: { concurrency: 512 },
    services: [
      ...Array.from({ length: options.outage }, (_, i) => service(i, true)),
      ...Array.from({ length: options.background }, (_, i) => service(i, false)),
    ],
    alerting: {
      channels: [
        {
          id: 'oncall',
          type: 'webhook',
          url: `http://127.0.0.1:${options.webhookPort}/hook`,
          secret: '${AETHER_WEBHOOK_SECRET}',
        },
        {
          id: 'mail',
          type: 'email',
          smtp: `smtp://127.0.0.1:${options.smtpPort}`,
          from: 'aether@example.test',
          to: ['oncall@example.test'],
        },
      ],
      routes: [
        {
          match: { tags: ['outage'] },
          channels: ['oncall', 'mail'],
          groupWait: options.groupWait,
          repeat: '0s',
        },
      ],
    },
  };
}

const firingOf = (deliveries: Map<string, Delivery>) =>
  [...deliveries.values()].filter((d) => (d.body as WebhookPayload).kind === 'firing');

/**
 * A fleet where `outage` services (1,000) break at once among background ones (9,000; 10,000
 * checks at 10 s in all), routed to a signed webhook and an SMTP mailbox on loopback with one
 * groupWait: messages per channel, time from each service's status change (`since`) to the
 * message leaving (`sentAt`) and arriving, and scheduling lateness while it happens.
 */
export const alertOutage: Bench = {
  name: 'alert-outage',
  async run(options) {
    const { outage, background, groupWaitMs } = options.quick
      ? { outage: 200, background: 800, groupWaitMs: 15_000 }
      : { outage: 1_000, background: 9_000, groupWaitMs: 30_000 };
    const webhook = await startWebhookSink({ secret: SECRET });
    const smtp = await startSmtpSink();
    const broken = await startTarget(options.root);
    const steady = await startTarget(options.root);
    const cleanup = async () => {
      await broken.stop();
      await steady.stop();
      await webhook.close();
      await smtp.close();
    };
    let gateway: GatewayRun;
    try {
      gateway = await startGateway(
        options.root,
        outageConfig({
          outage,
          background,
          outagePort: broken.port,
          backgroundPort: steady.port,
          webhookPort: webhook.port,
          smtpPort: smtp.port,
          groupWait: `${groupWaitMs / 1000}s`,
        }),
        { env: { AETHER_WEBHOOK_SECRET: SECRET } },
      );
    } catch (error) {
      await cleanup();
      throw error;
    }
    try {
      const warmup = options.quick ? 12_000 : 25_000;
      options.log(
        `${outage} outage + ${background} background services at 10 s; warm-up ${warmup / 1000} s`,
      );
      await sleep(warmup);
      // a control window of steady probing first, on the same fleet and machine: lateness over
      // the outage is read against it (the goal says "unchanged")
      const controlStart = await scrape(gateway);
      await sleep(options.quick ? 10_000 : 30_000);
      const before = await scrape(gateway);
      const control = bucketDelta(
        buckets(before, 'aether_scheduler_lateness_seconds'),
        buckets(controlStart, 'aether_scheduler_lateness_seconds'),
      );
      const controlP99 = histogramQuantile(control, 0.99) * 1000;
      if (webhook.deliveries.size > 0 || smtp.deliveries.size > 0) {
        const early = [...webhook.deliveries.values()].flatMap((d) =>
          (d.body as WebhookPayload).alerts.map((a) => a.service.id),
        );
        throw new Error(
          `messages arrived before the outage (${webhook.deliveries.size} webhooks for ${early.slice(0, 5).join(', ')}${early.length > 5 ? '…' : ''}): the warm-up fleet is not healthy`,
        );
      }
      const t0 = performance.now();
      await broken.control('fail');
      options.log(`broke ${outage} targets; waiting for every alert to arrive`);
      // every service fails within one interval (10 s); its alert leaves groupWait after the
      // first; then as long again to see whether a second message follows
      const deadline = t0 + 10_000 + groupWaitMs + 30_000;
      const alertsCarried = () =>
        firingOf(webhook.deliveries).reduce(
          (n, d) => n + (d.body as WebhookPayload).alerts.length,
          0,
        );
      while (
        performance.now() < deadline &&
        (alertsCarried() < outage || smtp.deliveries.size === 0)
      )
        await sleep(250);
      const allInAt = performance.now();
      await sleep(10_000 + groupWaitMs);
      const after = await scrape(gateway);
      const seconds = (performance.now() - t0) / 1000;

      const firing = firingOf(webhook.deliveries);
      const leaving: number[] = [];
      const arriving: number[] = [];
      let earliestSince = Infinity;
      for (const d of firing) {
        const payload = d.body as WebhookPayload;
        for (const alert of payload.alerts) {
          const since = Date.parse(alert.since);
          earliestSince = Math.min(earliestSince, since);
          leaving.push(Date.parse(payload.sentAt) - since);
          arriving.push(d.firstAtWall - since);
        }
      }
      const mails = [...smtp.deliveries.values()];
      const mailAfterFirstChange = mails.length ? mails[0]!.firstAtWall - earliestSince : NaN;
      const lateness = bucketDelta(
        buckets(after, 'aether_scheduler_lateness_seconds'),
        buckets(before, 'aether_scheduler_lateness_seconds'),
      );
      const latenessP99 = histogramQuantile(lateness, 0.99) * 1000;
      const topBucketMs =
        Math.max(...lateness.filter((b) => Number.isFinite(b.le)).map((b) => b.le)) * 1000;
      const floor = (ms: number) =>
        ms >= topBucketMs ? `at or above the histogram's top bucket: a floor; ` : '';
      const probesPerSecond =
        (sum(after, 'aether_probes_total') - sum(before, 'aether_probes_total')) / seconds;
      const goalMs = groupWaitMs + 1000;
      const distinct = new Set(
        firing.flatMap((d) => (d.body as WebhookPayload).alerts.map((a) => a.service.id)),
      );
      options.log(
        `${firing.length} firing webhook(s) carrying ${alertsCarried()} alerts (${distinct.size} services), ${mails.length} mail(s); all in ${((allInAt - t0) / 1000).toFixed(1)} s after the break`,
      );
      const label = `${outage.toLocaleString('en')} services down at once (of ${(outage + background).toLocaleString('en')} at 10 s), groupWait ${groupWaitMs / 1000} s`;
      const figures: Figure[] = [
        figure(
          `${label}: firing messages to the webhook`,
          firing.length,
          'messages',
          '1 per route/channel',
          firing.length === 1 && distinct.size === outage,
          `carrying ${alertsCarried()} alerts of ${distinct.size} distinct services (expected ${outage}); ${webhook.duplicates} duplicate deliveries, ${webhook.rejected} refused (bad signature)`,
        ),
        figure(
          `${label}: messages to the SMTP mailbox`,
          mails.length,
          'mails',
          '1 per route/channel',
          mails.length === 1,
          `${smtp.duplicates} duplicate deliveries; the mail arrived ${(mailAfterFirstChange / 1000).toFixed(1)} s after the first status change`,
        ),
        figure(
          `${label}: status change → message leaves (sentAt − since), p99 over alerts`,
          quantile(leaving, 0.99),
          'ms',
          `≤ groupWait + 1 s (${goalMs / 1000} s)`,
          quantile(leaving, 0.99) <= goalMs,
          `p50 ${quantile(leaving, 0.5).toFixed(0)} ms, max ${Math.max(...leaving).toFixed(0)} ms; the status changes themselves spread over one 10 s interval, so the first alert of the batch waits the full groupWait`,
        ),
        figure(
          `${label}: status change → webhook arrives at the sink, p99 over alerts`,
          quantile(arriving, 0.99),
          'ms',
          `≤ groupWait + 1 s (${goalMs / 1000} s)`,
          quantile(arriving, 0.99) <= goalMs,
          `p50 ${quantile(arriving, 0.5).toFixed(0)} ms`,
        ),
        figure(
          `${label}: schedule lateness p99 from the break until ${seconds.toFixed(0)} s after it`,
          latenessP99,
          'ms',
          '≤ 200 ms',
          latenessP99 <= 200,
          `${floor(latenessP99)}p50 ${(histogramQuantile(lateness, 0.5) * 1000).toFixed(1)} ms; ${probesPerSecond.toFixed(0)} probes/s (expected ${(outage + background) / 10}); event-loop lag p99 ${(sum(after, 'nodejs_eventloop_lag_p99_seconds') * 1000).toFixed(0)} ms (prom-client, since start)`,
        ),
        figure(
          `${label}: schedule lateness p99 over a window of steady probing just before the break (control)`,
          controlP99,
          'ms',
          '— (control)',
          null,
          `${floor(controlP99)}the outage figure above is read against this one: the same fleet on the same machine, without the outage`,
        ),
      ];
      return figures;
    } finally {
      await gateway.stop();
      await cleanup();
    }
  },
};
