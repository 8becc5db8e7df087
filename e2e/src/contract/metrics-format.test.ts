import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { parseExposition } from './prom-exposition.js';
import { CONTRACT_TOKENS } from './contract-gateway.js';

const PROMTOOL = ['/usr/bin/promtool', 'promtool'].find(
  (bin) => spawnSync(bin, ['--version']).status === 0,
);

let contentType = '';
let text = '';

beforeAll(async () => {
  const gateway = inject('gatewayUrl');
  // a verify makes sure probe counters and durations have samples, not only HELP lines
  const verify = await fetch(`${gateway}/api/verify`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${CONTRACT_TOKENS.operator}`,
      'content-type': 'application/json',
    },
    body: '{}',
  });
  expect(verify.status).toBe(200);
  const response = await fetch(`${gateway}/metrics`);
  expect(response.status).toBe(200);
  contentType = response.headers.get('content-type') ?? '';
  text = await response.text();
});

describe('GET /metrics of the real gateway', () => {
  it('is the Prometheus text format, version 0.0.4', () => {
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('passes a strict exposition-format reader', () => {
    expect(parseExposition(text).errors).toEqual([]);
  });

  it('exposes the metrics PRODUCT.md and the gateway README promise, with samples', () => {
    const { types, samples } = parseExposition(text);
    expect(
      Object.fromEntries(
        [
          'aether_probes_total',
          'aether_probe_duration_seconds',
          'aether_check_status',
          'aether_scheduler_lateness_seconds',
          'aether_sse_clients',
        ].map((n) => [n, types.get(n)]),
      ),
    ).toEqual({
      aether_probes_total: 'counter',
      aether_probe_duration_seconds: 'histogram',
      aether_check_status: 'gauge',
      aether_scheduler_lateness_seconds: 'histogram',
      aether_sse_clients: 'gauge',
    });
    expect(
      samples.filter((s) => s.name === 'aether_probes_total').reduce((n, s) => n + s.value, 0),
    ).toBeGreaterThan(0);
  });

  it.skipIf(!PROMTOOL)(
    'passes `promtool check metrics`, our own metrics without lint findings (apt-get install prometheus brings promtool)',
    () => {
      const result = spawnSync(PROMTOOL!, ['check', 'metrics'], { input: text, encoding: 'utf8' });
      const output = `${result.stdout}${result.stderr}`;
      // exit 1 is a parse error; 3 only lint findings. prom-client's own default metrics carry a few
      // (e.g. nodejs_active_handles_total is a gauge named like a counter): ours must carry none.
      expect(result.status === 0 || result.status === 3 ? '' : output).toBe('');
      expect(output.split('\n').filter((line) => line.startsWith('aether_'))).toEqual([]);
    },
  );
});
