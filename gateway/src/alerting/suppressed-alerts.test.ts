import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertList } from '@aether/contract';
import { startGateway, type RunningGateway } from '../cli/start-gateway.js';
import { FakeClock } from '../testing/fake-clock.js';
import {
  API_TOKENS,
  startSwitchableTarget,
  type SwitchableTarget,
} from '../testing/gateway-under-test.js';
import { RecordingReceiver } from './channels/recording-receiver.js';

/**
 * Root cause through the running gateway: orders depends on payments; both down, orders' alert is
 * suppressed (recorded, not sent) and only payments is told. When payments recovers and orders is
 * still down, no status event of orders follows — its alert must fire then all the same.
 */

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const clock = new FakeClock(Date.now());
let hook: RecordingReceiver;
let orders: SwitchableTarget;
let payments: SwitchableTarget;
let gateway: RunningGateway;
let dir: string;

beforeAll(async () => {
  hook = await RecordingReceiver.start();
  orders = await startSwitchableTarget();
  payments = await startSwitchableTarget();
  dir = mkdtempSync(join(tmpdir(), 'aether-suppressed-'));
  const check = (id: string) =>
    `      - { id: ${id}, type: http, path: /health, interval: 1h, timeout: 2s, failAfter: 1, recoverAfter: 1 }`;
  const text = [
    'server: { port: 0 }',
    'storage: { sqlite: ":memory:" }',
    'auth:',
    '  anonymous: none',
    `  tokens: [{ name: ops, role: operator, sha256: "${sha256(API_TOKENS.operator)}" }]`,
    'services:',
    '  - id: payments',
    '    name: Payments',
    `    baseUrl: ${payments.url}`,
    '    checks:',
    check('health'),
    '  - id: orders',
    '    name: Orders',
    '    dependsOn: [payments]',
    `    baseUrl: ${orders.url}`,
    '    checks:',
    check('health'),
    'alerting:',
    `  channels: [{ id: hook, type: webhook, url: "${hook.url()}" }]`,
    '  routes: [{ match: {}, channels: [hook], groupWait: 1s }]',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'aether.config.yaml'), text);
  gateway = await startGateway({
    configPath: join(dir, 'aether.config.yaml'),
    port: 0,
    env: {},
    clock,
    logger: pino({ level: 'silent' }),
  });
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([orders?.close(), payments?.close(), hook?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

const call = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${gateway.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${API_TOKENS.operator}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await response.json()) as unknown;
};
const probe = (ids: string[]) => call('POST', '/api/verify', { services: ids });
const stateOf = async (serviceId: string) =>
  AlertList.parse(await call('GET', `/api/alerts?service=${serviceId}`))[0]?.state;
/** "kind service" for every alert of every message the webhook got, in arrival order. */
const sentFor = () =>
  hook.requests.flatMap((r) => {
    const body = JSON.parse(r.body) as { kind: string; alerts: { service: { id: string } }[] };
    return body.alerts.map((a) => `${body.kind} ${a.service.id}`);
  });

async function until(done: () => boolean | Promise<boolean>, steps = 200): Promise<void> {
  for (let i = 0; i < steps && !(await done()); i++) {
    await clock.advance(250);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(await done()).toBe(true);
}

describe('alerts under a down dependency', () => {
  it('suppresses the dependent, tells only the root cause, and fires the dependent when the dependency recovers first', async () => {
    await until(() => gateway.deps.monitor.getService('orders')?.status === 'up');
    payments.healthy = false;
    orders.healthy = false;
    await probe(['payments']);
    await probe(['orders']);
    await until(async () => (await stateOf('orders')) === 'suppressed');
    await until(() => sentFor().includes('firing payments'));
    expect(sentFor()).toEqual(['firing payments']);

    payments.healthy = true;
    await probe(['payments']);
    await until(() => sentFor().includes('firing orders'));
    expect(await stateOf('orders')).toBe('firing');
    expect(sentFor()).toContain('resolved payments');
    expect(sentFor().filter((line) => line === 'firing orders')).toHaveLength(1);
  });
});
