/** One answer of a gateway to the outage bench's poller (status 0: no answer at all). */
export interface Answer {
  gateway: number;
  kind: 'ready' | 'services';
  at: number;
  status: number;
}

export interface ReadyDuringOutage {
  /** /ready answers asked inside the outage. */
  answers: number;
  /** Of those asked after the gateway's first 503, the ones that were not 503. */
  notUnavailable: number;
  /** Per gateway, ms from the stop to its first 503 (Infinity: never). */
  detectedMs: number[];
}

/**
 * What /ready said while the database was away ([from, to)): each gateway needs a moment to
 * notice (its next query or beat fails), so answers before its first 503 are its detection
 * time, and any answer after it that is not 503 is a gateway claiming to be ready without its
 * database.
 */
export function readyDuringOutage(
  answers: readonly Answer[],
  gateways: number,
  from: number,
  to: number,
): ReadyDuringOutage {
  const inside = answers
    .filter((a) => a.kind === 'ready' && a.at >= from && a.at < to)
    .sort((a, b) => a.at - b.at);
  const firstUnavailable = new Map<number, number>();
  let notUnavailable = 0;
  for (const a of inside) {
    if (!firstUnavailable.has(a.gateway)) {
      if (a.status === 503) firstUnavailable.set(a.gateway, a.at);
    } else if (a.status !== 503) notUnavailable++;
  }
  return {
    answers: inside.length,
    notUnavailable,
    detectedMs: Array.from({ length: gateways }, (_, g) =>
      firstUnavailable.has(g) ? firstUnavailable.get(g)! - from : Infinity,
    ),
  };
}
