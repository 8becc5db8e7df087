import type { CheckResult, Status } from '@aether/contract';

/** How long the page follows the service after a run. */
export const STRIP_WINDOW_MS = 2 * 60_000;

export interface StripCheck {
  checkId: string;
  marks: Array<{ at: string; status: Status; durationMs: number }>;
}

/**
 * The results of `checkIds` probed from `since` to `since` + the window, per check in the given
 * order, oldest first; results of other services, other times or unknown checks are left out.
 */
export function stripOf(
  results: readonly CheckResult[],
  serviceId: string,
  checkIds: readonly string[],
  since: number,
): StripCheck[] {
  const until = since + STRIP_WINDOW_MS;
  return checkIds.map((checkId) => ({
    checkId,
    marks: results
      .filter((r) => {
        const at = Date.parse(r.timestamp);
        return r.serviceId === serviceId && r.checkId === checkId && at >= since && at <= until;
      })
      .sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp))
      .map((r) => ({ at: r.timestamp, status: r.status, durationMs: r.durationMs })),
  }));
}

/** "1:32 left", or null once the window is over. */
export function timeLeft(since: number, now: number): string | null {
  const left = since + STRIP_WINDOW_MS - now;
  if (left <= 0) return null;
  const seconds = Math.ceil(left / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')} left`;
}
