/** A `status` event as one gateway's SSE client saw it. */
export interface StatusArrival {
  /** Index of the gateway whose stream carried it. */
  gateway: number;
  serviceId: string;
  status: string;
  /** The event's `since`: when the probe that changed the status ran (on its prober). */
  since: number;
  /** When the client read it. */
  at: number;
}

export interface CrossGatewayLatency {
  /** Distinct status changes seen on any stream. */
  changes: number;
  /** Changes whose prober is known (the target's `x-gateway` record). */
  attributed: number;
  /** Arrival on a gateway that did not probe the change − its `since`, one per delivery. */
  fromProbe: number[];
  /** The same arrival − the arrival on the prober's own stream (the relay's share). */
  fromProberStream: number[];
  /** Deliveries due on the other gateways' streams that never came. */
  missed: number;
}

/**
 * Latency of status changes from the gateway that probed them to the SSE clients of the others.
 * `proberOf` maps a service to the index of the gateway that probes it.
 */
export function crossGatewayLatency(
  arrivals: readonly StatusArrival[],
  proberOf: (serviceId: string) => number | undefined,
  gateways: number,
): CrossGatewayLatency {
  const byChange = new Map<string, Map<number, StatusArrival>>();
  for (const a of arrivals) {
    const key = `${a.serviceId}\u0000${a.status}\u0000${a.since}`;
    let seen = byChange.get(key);
    if (!seen) byChange.set(key, (seen = new Map()));
    if (!seen.has(a.gateway)) seen.set(a.gateway, a);
  }
  const result: CrossGatewayLatency = {
    changes: byChange.size,
    attributed: 0,
    fromProbe: [],
    fromProberStream: [],
    missed: 0,
  };
  for (const seen of byChange.values()) {
    const change = seen.values().next().value!;
    const prober = proberOf(change.serviceId);
    if (prober === undefined) continue;
    result.attributed++;
    const own = seen.get(prober);
    for (let g = 0; g < gateways; g++) {
      if (g === prober) continue;
      const arrival = seen.get(g);
      if (!arrival) {
        result.missed++;
        continue;
      }
      result.fromProbe.push(arrival.at - change.since);
      if (own) result.fromProberStream.push(arrival.at - own.at);
    }
  }
  return result;
}
