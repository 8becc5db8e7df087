import { describe, expect, it } from 'vitest';
import { crossGatewayLatency, type StatusArrival } from './status-latency.js';

const arrival = (gateway: number, serviceId: string, status: string, since: number, at: number) =>
  ({ gateway, serviceId, status, since, at }) satisfies StatusArrival;

describe('crossGatewayLatency', () => {
  const probers: Record<string, number> = { 'flip-a': 0, 'flip-b': 2 };
  const proberOf = (id: string) => probers[id];

  it('times each delivery on the gateways that did not probe the change, from its probe and from the prober’s own stream', () => {
    const r = crossGatewayLatency(
      [
        arrival(0, 'flip-a', 'down', 1000, 1010),
        arrival(1, 'flip-a', 'down', 1000, 1040),
        arrival(2, 'flip-a', 'down', 1000, 1100),
        arrival(2, 'flip-b', 'up', 5000, 5002),
        arrival(0, 'flip-b', 'up', 5000, 5030),
      ],
      proberOf,
      3,
    );
    expect(r).toEqual({
      changes: 2,
      attributed: 2,
      fromProbe: [40, 100, 30],
      fromProberStream: [30, 90, 28],
      missed: 1, // flip-b up never reached gateway 1
    });
  });

  it('counts a change once however often a stream repeats it, and keeps the first arrival', () => {
    const r = crossGatewayLatency(
      [
        arrival(0, 'flip-a', 'down', 1000, 1001),
        arrival(1, 'flip-a', 'down', 1000, 1020),
        arrival(1, 'flip-a', 'down', 1000, 1500),
      ],
      proberOf,
      2,
    );
    expect(r.changes).toBe(1);
    expect(r.fromProbe).toEqual([20]);
  });

  it('tells two changes of one service apart by their since, and leaves unattributed ones out', () => {
    const r = crossGatewayLatency(
      [
        arrival(1, 'flip-a', 'down', 1000, 1050),
        arrival(1, 'flip-a', 'down', 7000, 7050),
        arrival(1, 'other', 'down', 1000, 1050),
      ],
      proberOf,
      3,
    );
    expect(r.changes).toBe(3);
    expect(r.attributed).toBe(2);
    // the prober's own stream missed both: no relay figure, but the deliveries count
    expect(r.fromProbe).toEqual([50, 50]);
    expect(r.fromProberStream).toEqual([]);
    expect(r.missed).toBe(2); // gateway 2 saw neither
  });
});
