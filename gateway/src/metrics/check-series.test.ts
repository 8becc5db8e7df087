import { describe, expect, it } from 'vitest';
import type { ServiceSummary } from '@aether/contract';
import { CheckSeries, escapeLabel, statusRowsOf } from './check-series.js';

function service(id: string, checks: Array<[string, ServiceSummary['status']]>): ServiceSummary {
  return {
    id,
    name: id,
    group: 'g',
    tags: [],
    status: checks[0]?.[1] ?? 'unknown',
    since: null,
    lastLatencyMs: null,
    lastCheckedAt: null,
    uptime: { h1: null, h24: null, d7: null },
    checks: checks.map(([checkId, status]) => ({ id: checkId, type: 'http', status, since: null })),
    maintenance: null,
    rootCause: null,
    flapping: false,
  };
}

describe('escapeLabel', () => {
  it.each([
    ['plain', 'plain'],
    ['a"b', 'a\\"b'],
    ['a\\b', 'a\\\\b'],
    ['a\nb', 'a\\nb'],
  ])('%j → %j', (raw, escaped) => expect(escapeLabel(raw)).toBe(escaped));
});

describe('CheckSeries', () => {
  it('counts probes per check and outcome, listing only outcomes that happened', async () => {
    const series = new CheckSeries();
    series.observe({ serviceId: 'orders', checkId: 'health', type: 'http', success: true });
    series.observe({ serviceId: 'orders', checkId: 'health', type: 'http', success: true });
    series.observe({ serviceId: 'orders', checkId: 'health', type: 'http', success: false });
    series.observe({ serviceId: 'db', checkId: 'port', type: 'tcp', success: true });
    const text = await series.render([]);
    expect(text).toContain('# TYPE aether_probes_total counter\n');
    expect(text).toContain(
      'aether_probes_total{service="orders",check="health",type="http",outcome="success"} 2\n',
    );
    expect(text).toContain(
      'aether_probes_total{service="orders",check="health",type="http",outcome="failure"} 1\n',
    );
    expect(text).toContain(
      'aether_probes_total{service="db",check="port",type="tcp",outcome="success"} 1\n',
    );
    expect(text).not.toContain('service="db",check="port",type="tcp",outcome="failure"');
  });

  it('writes one 0/1 series per status for every check', async () => {
    const text = await new CheckSeries().render(
      statusRowsOf([
        service('orders', [
          ['health', 'down'],
          ['port', 'up'],
        ]),
      ]),
    );
    const lines = text.split('\n').filter((line) => line.startsWith('aether_check_status{'));
    expect(lines).toEqual([
      'aether_check_status{service="orders",check="health",type="http",status="up"} 0',
      'aether_check_status{service="orders",check="health",type="http",status="degraded"} 0',
      'aether_check_status{service="orders",check="health",type="http",status="down"} 1',
      'aether_check_status{service="orders",check="health",type="http",status="unknown"} 0',
      'aether_check_status{service="orders",check="port",type="http",status="up"} 1',
      'aether_check_status{service="orders",check="port",type="http",status="degraded"} 0',
      'aether_check_status{service="orders",check="port",type="http",status="down"} 0',
      'aether_check_status{service="orders",check="port",type="http",status="unknown"} 0',
    ]);
  });

  it('renders every check of a large fleet across its yields to the event loop', async () => {
    const series = new CheckSeries();
    const fleet = Array.from({ length: 2_500 }, (_, i) => service(`s${i}`, [['health', 'up']]));
    for (const s of fleet)
      series.observe({ serviceId: s.id, checkId: 'health', type: 'http', success: true });
    // an immediate queued before rendering runs before it ends only if rendering yields to the loop
    let otherWorkRan = false;
    setImmediate(() => (otherWorkRan = true));
    const text = await series.render(statusRowsOf(fleet));
    expect(otherWorkRan).toBe(true);
    expect(text.match(/^aether_probes_total\{/gm)).toHaveLength(2_500);
    expect(text.match(/^aether_check_status\{.*status="up"\} 1$/gm)).toHaveLength(2_500);
    expect(text).toContain(
      'aether_check_status{service="s2499",check="health",type="http",status="up"} 1\n',
    );
  });

  it('writes the same text a slice at a time', async () => {
    const series = new CheckSeries({ gateway: 'gw-1' });
    const fleet = Array.from({ length: 2_500 }, (_, i) => service(`s${i}`, [['health', 'down']]));
    for (const s of fleet.slice(0, 1_500))
      series.observe({ serviceId: s.id, checkId: 'health', type: 'http', success: false });
    const slices: string[] = [];
    for await (const slice of series.slices(statusRowsOf(fleet))) slices.push(slice);
    expect(slices.length).toBeGreaterThan(3);
    expect(slices.join('')).toBe(await series.render(statusRowsOf(fleet)));
    // a check only listed (never probed here) has its status lines, labelled like a probed one's
    expect(slices.join('')).toContain(
      'aether_check_status{gateway="gw-1",service="s2499",check="health",type="http",status="down"} 1\n',
    );
  });
});
