import { http, HttpResponse } from 'msw';
import { History, type HistoryPoint } from '@aether/contract';
import { makeHistory } from '@aether/contract/fixtures';
import { GATEWAY } from './server';

/** A step the gateway did not probe: no results, so unknown, neither up nor down, not in uptime. */
export const unprobed = (p: HistoryPoint): HistoryPoint => ({
  ...p,
  count: 0,
  failures: 0,
  successRatio: null,
  p50: null,
  p95: null,
  p99: null,
  status: 'unknown',
});

/**
 * GET …/history answered from makeHistory over the range asked, at `stepMs`, each point through
 * `point` (what a test is about: a gap, a cut, a down step); `fields` overrides the rest, read per
 * answer so a test may change it between answers.
 */
export function historyAnswer({
  serviceId,
  stepMs,
  point = (p) => p,
  fields,
}: {
  serviceId: string;
  stepMs: number;
  point?: (p: HistoryPoint, index: number, range: { fromMs: number; toMs: number }) => HistoryPoint;
  fields?: () => Partial<History>;
}) {
  return http.get(`${GATEWAY}/api/services/:id/history`, ({ request }) => {
    const url = new URL(request.url);
    const fromMs = Date.parse(url.searchParams.get('from')!);
    const toMs = Date.parse(url.searchParams.get('to')!);
    const full = makeHistory({ serviceId, fromMs, toMs, stepMs });
    const points = full.points.map((p, i) => point(p, i, { fromMs, toMs }));
    return HttpResponse.json(History.parse({ ...full, points, ...fields?.() }));
  });
}
