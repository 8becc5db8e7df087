import { quantile } from './stats.js';

export interface OpenLoopResult {
  url: string;
  sent: number;
  /** Answers with a 2xx status. */
  ok: number;
  /** Non-2xx answers, network errors and requests given up (over the outstanding cap). */
  failed: number;
  /** Milliseconds from each request's scheduled send time to its full answer. */
  p50: number;
  p99: number;
  max: number;
  /** Every latency measured (ms), to pool runs. */
  latencies: number[];
}

/**
 * Open-loop load: requests to each URL at a fixed rate whatever the answers do (a slow answer
 * does not delay the next request, as it would with a fixed set of connections), latency counted
 * from the moment each request was due, so a stall shows in full instead of being hidden by
 * requests that were never sent (coordinated omission). At most `maxOutstanding` requests per
 * URL in flight; past it a due request is counted failed rather than queued without bound.
 */
export async function openLoop(
  urls: string[],
  {
    ratePerSecond,
    seconds,
    maxOutstanding = 200,
  }: { ratePerSecond: number; seconds: number; maxOutstanding?: number },
): Promise<OpenLoopResult[]> {
  const intervalMs = 1000 / ratePerSecond;
  const total = Math.round(ratePerSecond * seconds);
  return Promise.all(
    urls.map(async (url) => {
      const latencies: number[] = [];
      let ok = 0;
      let failed = 0;
      let outstanding = 0;
      const inFlight = new Set<Promise<void>>();
      const t0 = performance.now();
      for (let i = 0; i < total; i++) {
        const due = t0 + i * intervalMs;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        if (outstanding >= maxOutstanding) {
          failed++;
          continue;
        }
        outstanding++;
        const request = (async () => {
          try {
            const response = await fetch(url);
            await response.arrayBuffer();
            if (response.ok) ok++;
            else failed++;
          } catch {
            failed++;
          } finally {
            latencies.push(performance.now() - due);
            outstanding--;
          }
        })();
        inFlight.add(request);
        void request.finally(() => inFlight.delete(request));
      }
      await Promise.all(inFlight);
      return {
        url,
        sent: total,
        ok,
        failed,
        ...latencyQuantiles(latencies),
        latencies,
      };
    }),
  );
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** p50, p99 and max of latencies in ms, to 0.1 ms. */
export function latencyQuantiles(latencies: number[]): { p50: number; p99: number; max: number } {
  return {
    p50: round(quantile(latencies, 0.5)),
    p99: round(quantile(latencies, 0.99)),
    max: round(latencies.reduce((a, b) => Math.max(a, b), 0)),
  };
}
