import { describe, expect, it } from 'vitest';
import type { CheckResult } from '@aether/contract';
import { EventBus } from '../events/bus.js';
import type { Monitor } from '../monitor/types.js';
import { createGatewayMetrics } from './gateway-metrics.js';

const result: CheckResult = {
  serviceId: 'orders',
  checkId: 'health',
  type: 'http',
  timestamp: '2026-12-06T16:00:00.000Z',
  success: true,
  status: 'up',
  durationMs: 12,
  conditions: [],
  errors: [],
  target: 'GET http://127.0.0.1/health',
};
const monitor = { listServices: () => [] } as unknown as Monitor;

/** The metrics of gw-1, a gateway in a cluster, and the bus they count from. */
function clusterGateway() {
  const events = new EventBus();
  const metrics = createGatewayMetrics({ events, monitor, processMetrics: false, gateway: 'gw-1' });
  return { events, metrics };
}

describe('metrics of a gateway in a cluster', () => {
  it('carry its id as the gateway label and count only its own probes, not relayed ones', async () => {
    const { events, metrics } = clusterGateway();
    events.publish('result', result);
    events.publish('result', result, 'gw-2');
    const text = await metrics.render();
    expect(text).toContain(
      'aether_probes_total{gateway="gw-1",service="orders",check="health",type="http",outcome="success"} 1\n',
    );
    expect(text).toMatch(/aether_probe_duration_seconds_count\{[^}]*gateway="gw-1"[^}]*\} 1\n/);
    metrics.close();
  });

  it('have no gateway label on a gateway of its own', async () => {
    const events = new EventBus();
    const metrics = createGatewayMetrics({ events, monitor, processMetrics: false });
    events.publish('result', result);
    expect(await metrics.render()).not.toContain('gateway=');
    metrics.close();
  });

  it('stream the same exposition render gives', async () => {
    const { events, metrics } = clusterGateway();
    events.publish('result', result);
    const chunks: Buffer[] = [];
    for await (const chunk of metrics.stream()) chunks.push(Buffer.from(chunk as Buffer));
    const streamed = Buffer.concat(chunks).toString('utf8');
    expect(streamed).toContain('aether_probes_total{gateway="gw-1",service="orders"');
    expect(streamed).toBe(await metrics.render());
    metrics.close();
  });
});
