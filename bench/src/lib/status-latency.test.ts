import { describe, expect, it } from 'vitest';
import {
  crossGatewayLatency,
  type CrossGatewayLatency,
  type StatusArrival,
} from './status-latency.js';

const arrival = (gateway: number, serviceId: string, status: string, since: number, at: number) =>
  ({ gateway, serviceId, status, since, at }) satisfies StatusArrival;

describe('crossGatewayLatency', () => {
  const probers: Record<string, number> = { 'flip-a': 0, 'flip-b': 2 };
  const proberOf = (id: string) => probers[id];

  it.each<{
    name: string;
    gateways: number;
    arrivals: StatusArrival[];
    expected: CrossGatewayLatency;
  }>([
    {
      name: 'times each delivery on the gateways that did not probe the change, from its probe and from the prober’s own stream',
      gateways: 3,
      arrivals: [
        arrival(0, 'flip-a', 'down', 1000, 1010),
        arrival(1, 'flip-a', 'down', 1000, 1040),
        arrival(2, 'flip-a', 'down', 1000, 1100),
        arrival(2, 'flip-b', 'up', 5000, 5002),
        arrival(0, 'flip-b', 'up', 5000, 5030),
      ],
      expected: {
        changes: 2,
        attributed: 2,
        fromProbe: [40, 100, 30],
        fromProberStream: [30, 90, 28],
        missed: 1, // flip-b up never reached gateway 1
      },
    },
    {
      name: 'counts a change once however often a stream repeats it, and keeps the first arrival',
      gateways: 2,
      arrivals: [
        arrival(0, 'flip-a', 'down', 1000, 1001),
        arrival(1, 'flip-a', 'down', 1000, 1020),
        arrival(1, 'flip-a', 'down', 1000, 1500),
      ],
      expected: { changes: 1, attributed: 1, fromProbe: [20], fromProberStream: [19], missed: 0 },
    },
    {
      name: 'tells two changes of one service apart by their since, and leaves unattributed ones out',
      gateways: 3,
      arrivals: [
        arrival(1, 'flip-a', 'down', 1000, 1050),
        arrival(1, 'flip-a', 'down', 7000, 7050),
        arrival(1, 'other', 'down', 1000, 1050),
      ],
      // the prober's own stream missed both: no relay figure, but the deliveries count; gateway 2
      // saw neither
      expected: { changes: 3, attributed: 2, fromProbe: [50, 50], fromProberStream: [], missed: 2 },
    },
  ])('$name', ({ gateways, arrivals, expected }) => {
    expect(crossGatewayLatency(arrivals, proberOf, gateways)).toEqual(expected);
  });
});
