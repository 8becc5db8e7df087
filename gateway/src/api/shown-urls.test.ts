import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { startGateway, type RunningGateway } from '../cli/start-gateway.js';
import { startSwitchableTarget, type SwitchableTarget } from '../testing/gateway-under-test.js';
import { SseReader } from '../testing/sse-reader.js';

/**
 * Item 2 of the hardening issue: a baseUrl with user:password, a check url with a query key and
 * a path segment from ${VAR} must reach no reader — API answers, the verify answer, SSE,
 * /metrics and the log — as anything but the redacted text as written.
 */
const SECRETS = { TARGET_PASS: 'hunter2-pass', QUERY_KEY: 'k3y-in-query', PING_ID: 'ping-uuid-77' };

let target: SwitchableTarget;
let gateway: RunningGateway;
const logLines: string[] = [];

beforeAll(async () => {
  target = await startSwitchableTarget();
  const dir = mkdtempSync(join(tmpdir(), 'aether-shown-'));
  const configPath = join(dir, 'aether.config.yaml');
  const authority = `127.0.0.1:${target.port}`;
  writeFileSync(
    configPath,
    [
      'server: { port: 0 }',
      'storage: { sqlite: ":memory:" }',
      'auth: { anonymous: viewer }',
      'services:',
      '  - id: orders',
      '    name: Orders',
      `    baseUrl: "http://ops:\${TARGET_PASS}@${authority}"`,
      '    checks:',
      '      - { id: health, type: http, path: /health, interval: 1h }',
      `      - { id: keyed, type: http, url: "http://${authority}/\${PING_ID}/ok?key=\${QUERY_KEY}", interval: 1h }`,
      '',
    ].join('\n'),
  );
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  gateway = await startGateway({
    configPath,
    port: 0,
    dbPath: ':memory:',
    env: SECRETS,
    logger: pino({ level: 'debug' }, sink),
  });
});

afterAll(async () => {
  await gateway?.close();
  await target?.close();
});

function expectNoSecret(text: string): void {
  for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
}

describe('URLs shown by the gateway', () => {
  it('shows baseUrl and check targets (API, verify, SSE) without userinfo, query values or expanded ${VAR}', async () => {
    const events = await SseReader.open(`${gateway.url}/api/events`);
    await events.next((m) => m.event === 'snapshot');
    const results = await gateway.deps.monitor.verify({});
    expect(results).toHaveLength(2);
    expectNoSecret(JSON.stringify(results));
    const keyed = await events.next((m) => m.event === 'result' && m.data.includes('"keyed"'));
    events.close();
    expect(keyed.data).toContain('key=[REDACTED]');
    expectNoSecret(events.messages.map((m) => m.data).join('\n'));

    const detail = (await (await fetch(`${gateway.url}/api/services/orders`)).json()) as {
      baseUrl: string;
      checks: Array<{ id: string; target: string }>;
    };
    expect(detail.baseUrl).toBe(`http://127.0.0.1:${target.port}`);
    expect(detail.checks.map((c) => c.target)).toEqual([
      `GET http://127.0.0.1:${target.port}/health`,
      `GET http://127.0.0.1:${target.port}/\${PING_ID}/ok?key=[REDACTED]`,
    ]);
    expectNoSecret(JSON.stringify(detail));
  });

  it('keeps them out of /metrics and the log', async () => {
    expectNoSecret(await (await fetch(`${gateway.url}/metrics`)).text());
    expect(logLines.length).toBeGreaterThan(0);
    expectNoSecret(logLines.join(''));
  });
});
