import type { ApiClient, History } from '@aether/contract';

/** 24 h in 90 steps of 16 min: one bar segment per step, like public status pages. */
export const UPTIME_SEGMENTS = 90;
export const UPTIME_WINDOW_MS = 24 * 3_600_000;
export const UPTIME_STEP = '16m';
const STEP_MS = UPTIME_WINDOW_MS / UPTIME_SEGMENTS;

export function getUptimeHistory(
  api: ApiClient,
  serviceId: string,
  now: number,
  signal?: AbortSignal,
): Promise<History> {
  // Align to the step so neighbouring rows ask for the same windows (and a cache can answer them).
  const to = Math.ceil(now / STEP_MS) * STEP_MS;
  return api.get<History>(`/api/services/${encodeURIComponent(serviceId)}/history`, {
    query: {
      from: new Date(to - UPTIME_WINDOW_MS).toISOString(),
      to: new Date(to).toISOString(),
      step: UPTIME_STEP,
    },
    signal,
  });
}
