import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PAGERDUTY_EVENTS_V2_URL, pagerDutyChannel } from './pagerduty.js';
import { closedPortUrl, RecordingReceiver } from './recording-receiver.js';
import { sampleAlert, sampleNotification, SENT_AT } from './sample-notification.js';
import { slackChannel } from './slack.js';
import { webhookChannel } from './webhook.js';

const NOW = Date.parse(SENT_AT);
const SECRET = 'whsec-0123456789abcdef';
const ROUTING_KEY = 'R0UTINGKEY0123456789';
const context = (env: NodeJS.ProcessEnv = {}) => ({ env, now: () => NOW, timeoutMs: 5000 });

let receiver: RecordingReceiver;
beforeAll(async () => {
  receiver = await RecordingReceiver.start();
});
afterAll(() => receiver.close());
beforeEach(() => {
  receiver.requests.length = 0;
});

describe('webhook channel', () => {
  const notifier = (env: NodeJS.ProcessEnv = { HOOK_SECRET: SECRET }) =>
    webhookChannel.create(
      { id: 'oncall', type: 'webhook', url: receiver.url(), secret: '${HOOK_SECRET}' },
      context(env),
    );

  it('posts the documented payload with a stable delivery id and a verifiable signature', async () => {
    const message = sampleNotification({ alerts: [sampleAlert('orders'), sampleAlert('auth')] });
    expect(await notifier().send(message, SENT_AT)).toEqual({ outcome: 'delivered', status: 200 });
    expect(await notifier().send(message, SENT_AT)).toMatchObject({ outcome: 'delivered' });

    const [first, retry] = receiver.requests;
    expect(first!.headers['content-type']).toBe('application/json');
    expect(first!.headers['x-aether-delivery']).toBe('msg-1');
    expect(retry!.headers['x-aether-delivery']).toBe('msg-1');
    const expected = createHmac('sha256', SECRET).update(first!.body).digest('hex');
    expect(first!.headers['x-aether-signature']).toBe(`sha256=${expected}`);
    expect(JSON.parse(first!.body)).toEqual({
      version: 1,
      kind: 'firing',
      groupKey: 'route-0/oncall',
      sentAt: SENT_AT,
      alerts: [
        {
          id: 'al-orders',
          status: 'firing',
          service: { id: 'orders', name: 'Service orders', group: 'shop', tags: ['prod'] },
          check: { id: 'health', type: 'http' },
          cause: 'status: expected 200, actual 503',
          since: '2026-01-01T00:00:00.000Z',
          url: 'http://127.0.0.1:5173/p/health/services/orders',
        },
        expect.objectContaining({ id: 'al-auth' }),
      ],
    });
  });

  it('sends no signature without a secret', async () => {
    const plain = webhookChannel.create(
      { id: 'oncall', type: 'webhook', url: receiver.url() },
      context(),
    );
    await plain.send(sampleNotification(), SENT_AT);
    expect(receiver.requests[0]!.headers['x-aether-signature']).toBeUndefined();
  });

  it('refuses to send, for good, when the secret variable is not set', async () => {
    expect(await notifier({}).send(sampleNotification(), SENT_AT)).toEqual({
      outcome: 'failed',
      retryable: false,
      error: expect.stringContaining('HOOK_SECRET is not set'),
    });
    expect(receiver.requests).toHaveLength(0);
  });

  it('shows the host, not the secret', () => {
    expect(notifier().target).toBe(new URL(receiver.url()).host);
  });
});

describe('retry classes on the wire', () => {
  const webhook = () =>
    webhookChannel.create({ id: 'oncall', type: 'webhook', url: receiver.url() }, context());

  it.each([
    [{ status: 500 }, { retryable: true, status: 500 }],
    [{ status: 502 }, { retryable: true, status: 502 }],
    [
      { status: 503, headers: { 'retry-after': '9' } },
      { retryable: true, retryAfterMs: 9000 },
    ],
    [
      { status: 429, headers: { 'retry-after': '60' } },
      { retryable: true, retryAfterMs: 60_000 },
    ],
    [
      { status: 400, body: 'bad payload' },
      { retryable: false, error: 'HTTP 400: bad payload' },
    ],
    [{ status: 403 }, { retryable: false, status: 403 }],
    [{ status: 404 }, { retryable: false, status: 404 }],
    [
      { status: 301, headers: { location: '/elsewhere' } },
      { retryable: false, status: 301 },
    ],
  ])('answer %o → %o', async (answer, expected) => {
    receiver.answer(answer);
    expect(await webhook().send(sampleNotification(), SENT_AT)).toMatchObject({
      outcome: 'failed',
      ...expected,
    });
  });

  it('a refused connection is retryable', async () => {
    const notifier = webhookChannel.create(
      { id: 'oncall', type: 'webhook', url: await closedPortUrl() },
      context(),
    );
    expect(await notifier.send(sampleNotification(), SENT_AT)).toMatchObject({
      outcome: 'failed',
      retryable: true,
      error: expect.stringContaining('ECONNREFUSED'),
    });
  });
});

describe('slack channel', () => {
  it('posts {text, blocks} with one section per alert', async () => {
    const notifier = slackChannel.create(
      { id: 'chat', type: 'slack', url: '${SLACK_URL}' },
      context({ SLACK_URL: receiver.url('/services/T000/B000/XXXX') }),
    );
    const message = sampleNotification({ alerts: [sampleAlert('orders'), sampleAlert('auth')] });
    expect(await notifier.send(message, SENT_AT)).toMatchObject({ outcome: 'delivered' });
    const body = receiver.json(0) as { text: string; blocks: { text: { text: string } }[] };
    expect(body.text).toBe('[FIRING] 2 services failing');
    expect(body.blocks).toHaveLength(3);
    expect(body.blocks[1]!.text.text).toContain(
      'Service orders (orders, group shop): check health (http): status: expected 200, actual 503; failing since 2026-01-01 00:00 UTC',
    );
    expect(body.blocks[1]!.text.text).toContain('<http://127.0.0.1:5173/p/health/services/orders|');
  });

  it('lists at most 20 alerts and counts the rest, within Slack’s 50 blocks', async () => {
    const notifier = slackChannel.create(
      { id: 'chat', type: 'slack', url: receiver.url() },
      context(),
    );
    const alerts = Array.from({ length: 35 }, (_, i) => sampleAlert(`svc-${i}`));
    await notifier.send(sampleNotification({ alerts }), SENT_AT);
    const body = receiver.json(0) as { blocks: unknown[] };
    expect(body.blocks).toHaveLength(22);
    expect(JSON.stringify(body.blocks.at(-1))).toContain('and 15 more');
  });

  it('never echoes its URL (the credential) into a recorded error', async () => {
    const url = receiver.url('/services/T000/B000/SECRETPATH');
    receiver.answer({ status: 404, body: `no such hook: ${url}` });
    const notifier = slackChannel.create({ id: 'chat', type: 'slack', url }, context());
    const outcome = await notifier.send(sampleNotification(), SENT_AT);
    expect(outcome).toMatchObject({ outcome: 'failed', retryable: false });
    expect(JSON.stringify(outcome)).not.toContain('SECRETPATH');
  });
});

describe('pagerduty channel', () => {
  const notifier = () =>
    pagerDutyChannel.create(
      { id: 'pager', type: 'pagerduty', routingKey: '${PD_KEY}', url: receiver.url('/v2/enqueue') },
      context({ PD_KEY: ROUTING_KEY }),
    );

  it('defaults to the Events API v2 endpoint', () => {
    const parsed = pagerDutyChannel.schema.parse({ id: 'p', type: 'pagerduty', routingKey: 'k' });
    expect(parsed.url).toBe(PAGERDUTY_EVENTS_V2_URL);
  });

  it('triggers one event per alert, deduplicated by the alert id', async () => {
    const message = sampleNotification({ alerts: [sampleAlert('orders'), sampleAlert('auth')] });
    expect(await notifier().send(message, SENT_AT)).toMatchObject({ outcome: 'delivered' });
    expect(receiver.requests.map((r) => r.path)).toEqual(['/v2/enqueue', '/v2/enqueue']);
    expect(receiver.json(0)).toEqual({
      routing_key: ROUTING_KEY,
      event_action: 'trigger',
      dedup_key: 'al-orders',
      payload: {
        summary: expect.stringContaining('status: expected 200, actual 503'),
        source: 'orders',
        severity: 'critical',
        timestamp: SENT_AT,
        component: 'health',
        group: 'shop',
        custom_details: expect.objectContaining({ since: '2026-01-01T00:00:00.000Z' }),
      },
      links: [
        { href: 'http://127.0.0.1:5173/p/health/services/orders', text: 'Open in AETHER GRID' },
      ],
    });
    expect(receiver.json(1)).toMatchObject({ dedup_key: 'al-auth', event_action: 'trigger' });
  });

  it.each([
    ['resolved', [{ event_action: 'resolve', dedup_key: 'al-orders' }]],
    ['reminder', [{ event_action: 'trigger', dedup_key: 'al-orders' }]],
    ['escalation', [{ event_action: 'trigger', dedup_key: 'al-orders' }]],
    [
      'test',
      [
        { event_action: 'trigger', dedup_key: 'test-msg-1' },
        { event_action: 'resolve', dedup_key: 'test-msg-1' },
      ],
    ],
  ] as const)('%s → %o', async (kind, events) => {
    const message = sampleNotification({
      kind,
      alerts: kind === 'test' ? [] : [sampleAlert('orders')],
    });
    await notifier().send(message, SENT_AT);
    expect(receiver.requests.map((r) => JSON.parse(r.body) as unknown)).toEqual(
      events.map((e) => expect.objectContaining({ ...e, routing_key: ROUTING_KEY })),
    );
  });

  it('stops at the first failure and keeps the routing key out of the error', async () => {
    receiver.answer({ status: 400, body: `invalid routing key ${ROUTING_KEY}` });
    const message = sampleNotification({ alerts: [sampleAlert('orders'), sampleAlert('auth')] });
    const outcome = await notifier().send(message, SENT_AT);
    expect(outcome).toMatchObject({ outcome: 'failed', retryable: false, status: 400 });
    expect(JSON.stringify(outcome)).not.toContain(ROUTING_KEY);
    expect(receiver.requests).toHaveLength(1);
  });
});
