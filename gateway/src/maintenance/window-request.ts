export interface WindowRequest {
  startsAt?: string;
  endsAt?: string;
  /** Milliseconds; the API parses "15m" before calling. */
  durationMs?: number;
}

export type WindowPlan =
  { kind: 'planned'; startsAt: number; endsAt: number } | { kind: 'refused'; reason: string };

/**
 * The times of an ad-hoc window (POST /api/maintenance, `aether maintenance start`): starts now
 * unless told, ends at `endsAt` or after `duration` (one of them), and never lasts longer than
 * `maintenance.maxDuration`, so a crashed deploy cannot silence a service for good.
 */
export function planWindow(
  request: WindowRequest,
  nowMs: number,
  maxDurationMs: number,
): WindowPlan {
  const startsAt = request.startsAt === undefined ? nowMs : Date.parse(request.startsAt);
  if (Number.isNaN(startsAt)) return refused('startsAt is not an ISO date-time');
  if (request.endsAt !== undefined && request.durationMs !== undefined)
    return refused('give endsAt or duration, not both');
  let endsAt: number;
  if (request.endsAt !== undefined) {
    endsAt = Date.parse(request.endsAt);
    if (Number.isNaN(endsAt)) return refused('endsAt is not an ISO date-time');
  } else if (request.durationMs !== undefined) {
    endsAt = startsAt + request.durationMs;
  } else return refused('give endsAt or duration: a window must end on its own');
  if (endsAt <= startsAt) return refused('the window must end after it starts');
  if (endsAt <= nowMs) return refused('the window would already be over');
  if (endsAt - startsAt > maxDurationMs)
    return refused(
      `the window may last at most ${Math.round(maxDurationMs / 60_000)} minutes (maintenance.maxDuration)`,
    );
  return { kind: 'planned', startsAt, endsAt };
}

function refused(reason: string): WindowPlan {
  return { kind: 'refused', reason };
}
