import type { HistorySeries } from '@aether/contract';
import type { ResultStore } from '../store/types.js';
import { historyStep } from './history-step.js';

/**
 * A service's (or one check's) history over a range: the store's points at the one step rule
 * (history-step), with the range's uptime summed from them.
 */
export async function historySeries(
  store: Pick<ResultStore, 'history'>,
  serviceId: string,
  query: { checkId?: string; fromMs: number; toMs: number; stepMs: number },
): Promise<HistorySeries> {
  const stepMs = historyStep(query.toMs - query.fromMs, query.stepMs);
  const points = await store.history({
    serviceId,
    checkId: query.checkId,
    fromMs: query.fromMs,
    toMs: query.toMs,
    stepMs,
  });
  let count = 0;
  let failures = 0;
  for (const p of points) {
    count += p.count;
    failures += p.failures;
  }
  return {
    serviceId,
    checkId: query.checkId ?? null,
    from: new Date(query.fromMs).toISOString(),
    to: new Date(query.toMs).toISOString(),
    stepMs,
    uptime: count > 0 ? (count - failures) / count : null,
    points,
  };
}
