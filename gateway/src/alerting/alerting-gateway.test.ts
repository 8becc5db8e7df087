import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { pino } from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AlertList,
  AuditPage,
  FleetSummary,
  MaintenanceWindow,
  ServiceDetail,
  ServiceList,
  type Alert,
} from '@aether/contract';
import { startGateway, type RunningGateway } from '../cli/start-gateway.js';
import { FakeClock } from '../testing/fake-clock.js';
import { authConfigLines } from '../testing/bot-tokens.js';
import { SseReader } from '../testing/sse-reader.js';
import { API_TOKENS, startSwitchableTarget } from '../testing/gateway-under-test.js';
import { RecordingReceiver } from './channels/recording-receiver.js';

/**
 * The whole path on loopback, through the real gateway (startGateway: config file → SQLite →
 * monitor → alerting → app): a target breaks, the webhook receiver gets one signed firing message
 * and the SMTP server one mail; an operator acknowledges; the target recovers and one resolved
 * message follows. Then a maintenance window holds a new alert, and when the window ends with the
 * service still down, the alert is sent. Time moves only on the fake clock; probes run on demand.
 * Over 300 lines on purpose: one story whose steps build on each other (the alert acked is the one
 * that fired), so it stays in one file and one gateway.
 */

const SECRET = 'hook-secret-0123456789';

let hook: RecordingReceiver;
let smtp: SMTPServer;
const mails: string[] = [];
let target: Awaited<ReturnType<typeof startSwitchableTarget>>;
let gateway: RunningGateway;
let dir: string;
// probes stamp results with the real time, and `since` comes from them: start the clock at it
const clock = new FakeClock(Date.now());

beforeAll(async () => {
  hook = await RecordingReceiver.start();
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push(Buffer.concat(chunks).toString('utf8'));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  target = await startSwitchableTarget();
  dir = mkdtempSync(join(tmpdir(), 'aether-alerting-'));
  const configPath = join(dir, 'aether.config.yaml');
  writeFileSync(
    configPath,
    [
      'server: { port: 0, allowedOrigins: ["http://localhost:5173"] }',
      'storage: { sqlite: ":memory:" }',
      ...authConfigLines('none', API_TOKENS),
      'services:',
      '  - id: orders',
      '    name: Orders API',
      '    group: commerce',
      '    tags: [prod]',
      `    baseUrl: ${target.url}`,
      '    checks:',
      '      - { id: health, type: http, path: /health, interval: 1h, timeout: 2s, failAfter: 1, recoverAfter: 1, expect: { status: [200] } }',
      'alerting:',
      '  channels:',
      `    - { id: oncall, type: webhook, url: "${hook.url()}", secret: "\${HOOK_SECRET}" }`,
      `    - { id: mail, type: email, smtp: "smtp://127.0.0.1:${smtpPort}", from: "aether@example.test", to: ["oncall@example.test"] }`,
      '  routes:',
      '    - { match: {}, channels: [oncall, mail], groupWait: 1s, repeat: 1h }',
      'maintenance: { maxDuration: 2h }',
      '',
    ].join('\n'),
  );
  gateway = await startGateway({
    configPath,
    port: 0,
    env: { HOOK_SECRET: SECRET },
    clock,
    logger: pino({ level: 'silent' }),
  });
});

afterAll(async () => {
  await gateway?.close();
  await target?.close();
  await hook?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

async function call(as: keyof typeof API_TOKENS, method: string, path: string, body?: unknown) {
  const response = await fetch(`${gateway.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${API_TOKENS[as]}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

const fetchAs = (as: keyof typeof API_TOKENS, path: string) =>
  fetch(`${gateway.url}${path}`, { headers: { authorization: `Bearer ${API_TOKENS[as]}` } });

/** Probes orders now, as an operator's verify would. */
const probe = () => call('operator', 'POST', '/api/verify', { services: ['orders'] });

/** Moves the fake clock in small steps until `done` holds (real I/O gets turns in between). */
async function until(done: () => boolean, stepMs = 250, steps = 400): Promise<void> {
  for (let i = 0; i < steps && !done(); i++) {
    await clock.advance(stepMs);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(done()).toBe(true);
}

/** Lets the gateway run for `ms` of fake time, for asserting that nothing is sent. */
async function idle(ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 250) {
    await clock.advance(250);
    await nextTurn();
  }
}

const payloads = () =>
  hook.requests.map(
    (r) => JSON.parse(r.body) as { kind: string; alerts: { id: string; status: string }[] },
  );
const alerts = async (query = '') =>
  AlertList.parse((await call('viewer', 'GET', `/api/alerts${query}`)).body);

describe('alerting in the running gateway', () => {
  let alert: Alert;

  it('a broken target fires one signed message per channel, with the alert in the API', async () => {
    await until(() => gateway.deps.monitor.getService('orders')?.status === 'up');
    target.healthy = false;
    expect((await probe()).status).toBe(200);
    await until(() => hook.requests.length >= 1 && mails.length >= 1);
    await idle(3000);
    expect(hook.requests).toHaveLength(1);
    expect(mails).toHaveLength(1);
    const [request] = hook.requests;
    const expected = createHmac('sha256', SECRET).update(request!.body).digest('hex');
    expect(request!.headers['x-aether-signature']).toBe(`sha256=${expected}`);
    expect(payloads()[0]).toMatchObject({ kind: 'firing', alerts: [{ status: 'firing' }] });
    expect(mails[0]).toContain('Orders API');

    const [found] = await alerts('?state=firing&service=orders');
    expect(found).toBeDefined();
    alert = found!;
    expect(alert.messages.map((m) => m.channel).sort()).toEqual(['mail', 'oncall']);
    for (const message of alert.messages)
      expect(message.attempts.map((a) => a.outcome)).toEqual(['delivered']);
  });

  it('an acknowledgement is answered, sent on SSE, audited, and refused the second time', async () => {
    const stream = await SseReader.open(`${gateway.url}/api/events`, {
      authorization: `Bearer ${API_TOKENS.viewer}`,
    });
    const acked = await call('operator', 'POST', `/api/alerts/${alert.id}/ack`, {
      comment: 'looking',
    });
    expect(acked.status).toBe(200);
    const event = await stream.next((m) => m.event === 'alert');
    stream.close();
    expect(JSON.parse(event.data)).toMatchObject({ id: alert.id, state: 'acknowledged' });
    expect(acked.body).toMatchObject({
      state: 'acknowledged',
      acknowledged: { by: 'operator-bot', comment: 'looking' },
    });
    expect((await call('operator', 'POST', `/api/alerts/${alert.id}/ack`, {})).status).toBe(409);
    expect((await call('viewer', 'POST', `/api/alerts/${alert.id}/ack`, {})).status).toBe(403);
    expect((await call('operator', 'POST', '/api/alerts/al-nope/ack', {})).status).toBe(404);
    const audit = AuditPage.parse((await call('operator', 'GET', '/api/audit?limit=50')).body);
    expect(audit.entries.map((e) => `${e.action} ${e.target}`)).toContain(
      `alert-ack alert:${alert.id}`,
    );
  });

  it('recovery sends one resolved message to whoever was told', async () => {
    target.healthy = true;
    await probe();
    await until(() => hook.requests.length >= 2 && mails.length >= 2);
    await idle(3000);
    expect(hook.requests).toHaveLength(2);
    expect(payloads()[1]).toMatchObject({ kind: 'resolved', alerts: [{ id: alert.id }] });
    expect(hook.requests[1]!.headers['x-aether-delivery']).not.toBe(
      hook.requests[0]!.headers['x-aether-delivery'],
    );
    const [resolved] = await alerts('?state=resolved');
    expect(resolved?.id).toBe(alert.id);
  });

  it('a maintenance window holds a new alert and sends it when the window ends', async () => {
    const revisionBefore = Number(
      (await fetchAs('viewer', '/api/services')).headers.get('x-aether-revision'),
    );
    const opened = await call('operator', 'POST', '/api/maintenance', {
      match: { services: ['orders'] },
      duration: '10m',
      reason: 'deploy 1.2.3',
    });
    expect(opened.status).toBe(201);
    const window = MaintenanceWindow.parse(opened.body);
    expect(window).toMatchObject({ createdBy: 'operator-bot', state: 'active' });
    const service = ServiceDetail.parse((await call('viewer', 'GET', '/api/services/orders')).body);
    expect(service.maintenance).toEqual({
      id: window.id,
      endsAt: window.endsAt,
      reason: 'deploy 1.2.3',
    });
    // the list, its revision and the summary follow, not only the service's own answer
    const listed = await fetchAs('viewer', '/api/services');
    expect(Number(listed.headers.get('x-aether-revision'))).toBeGreaterThan(revisionBefore);
    expect(
      ServiceList.parse(await listed.json()).find((s) => s.id === 'orders')?.maintenance?.id,
    ).toBe(window.id);
    expect(
      FleetSummary.parse((await call('viewer', 'GET', '/api/summary')).body).counts,
    ).toMatchObject({ maintenance: 1 });

    const stream = await SseReader.open(`${gateway.url}/api/events`, {
      authorization: `Bearer ${API_TOKENS.viewer}`,
    });
    target.healthy = false;
    await probe();
    await until(() => gateway.deps.monitor.getService('orders')?.status === 'down');
    // the status event's service carries the window too (clients apply it to their list)
    const status = await stream.next((m) => m.event === 'status');
    stream.close();
    expect(JSON.parse(status.data)).toMatchObject({ service: { maintenance: { id: window.id } } });
    await idle(5000);
    expect(hook.requests).toHaveLength(2);
    expect((await alerts('?state=held')).map((a) => a.service.id)).toEqual(['orders']);

    await until(() => hook.requests.length >= 3, 30_000, 40);
    expect(payloads()[2]).toMatchObject({ kind: 'firing', alerts: [{ status: 'firing' }] });
    const after = ServiceDetail.parse((await call('viewer', 'GET', '/api/services/orders')).body);
    expect(after.maintenance).toBeNull();
  });

  it('refuses a window past maxDuration (422) and lists and ends windows', async () => {
    const tooLong = await call('operator', 'POST', '/api/maintenance', {
      match: { tags: ['prod'] },
      duration: '3h',
      reason: 'too long',
    });
    expect(tooLong.status).toBe(422);
    const bad = await call('operator', 'POST', '/api/maintenance', { match: {}, reason: 'x' });
    expect(bad.status).toBe(400);
    const opened = MaintenanceWindow.parse(
      (
        await call('operator', 'POST', '/api/maintenance', {
          match: { groups: ['commerce'] },
          duration: '1h',
          reason: 'patching',
        })
      ).body,
    );
    const active = (await call('viewer', 'GET', '/api/maintenance?state=active')).body as {
      id: string;
    }[];
    expect(active.map((w) => w.id)).toEqual([opened.id]);
    const ended = await call('operator', 'DELETE', `/api/maintenance/${opened.id}`);
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ state: 'ended', endedBy: 'operator-bot' });
    expect((await call('operator', 'DELETE', `/api/maintenance/${opened.id}`)).status).toBe(404);
    const audit = AuditPage.parse((await call('operator', 'GET', '/api/audit?limit=50')).body);
    const actions = audit.entries.map((e) => `${e.action} ${e.target}`);
    expect(actions).toContain(`maintenance-start maintenance:${opened.id}`);
    expect(actions).toContain(`maintenance-end maintenance:${opened.id}`);
  });

  it('shows channels without secrets and sends a test message (admin only)', async () => {
    const channels = await call('viewer', 'GET', '/api/alerting/channels');
    expect(channels.body).toEqual([
      { id: 'oncall', type: 'webhook', target: expect.stringMatching(/^127\.0\.0\.1:\d+$/) },
      { id: 'mail', type: 'email', target: expect.stringMatching(/^127\.0\.0\.1:\d+$/) },
    ]);
    expect(JSON.stringify(channels.body)).not.toContain(SECRET);
    expect((await call('operator', 'POST', '/api/alerting/channels/oncall/test')).status).toBe(403);
    const before = hook.requests.length;
    const tested = call('admin', 'POST', '/api/alerting/channels/oncall/test');
    await until(() => hook.requests.length > before);
    expect(await tested).toMatchObject({
      status: 200,
      body: { channel: 'oncall', attempt: { outcome: 'delivered', status: 200 } },
    });
    expect(payloads().at(-1)).toMatchObject({ kind: 'test' });
    expect((await call('admin', 'POST', '/api/alerting/channels/nope/test')).status).toBe(404);
  });

  it('counts alerts and notifications on /metrics', async () => {
    const text = await (
      await fetch(`${gateway.url}/metrics`, {
        headers: { authorization: `Bearer ${API_TOKENS.viewer}` },
      })
    ).text();
    expect(text).toMatch(/aether_alerts\{state="firing"\} 1/);
    expect(text).toMatch(
      /aether_notifications_total\{channel="oncall",outcome="delivered"\} [4-9]/,
    );
  });
});
