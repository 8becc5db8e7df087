import { invalid } from '../domain/refusal.js';

export interface WindowRequest {
  startsAt?: string;
  endsAt?: string;
  /** Milliseconds; the API parses "15m" before calling. */
  durationMs?: number;
}

export interface WindowTimes {
  startsAt: number;
  endsAt: number;
}

/**
 * The times of an ad-hoc window (POST /api/maintenance, `aether maintenance start`): starts now
 * unless told, ends at `endsAt` or after `duration` (one of them), and never lasts longer than
 * `maintenance.maxDuration`, so a crashed deploy cannot silence a service for good. Anything
 * else is refused as invalid input, located at the request field to fix.
 */
export function planWindow(
  request: WindowRequest,
  nowMs: number,
  maxDurationMs: number,
): WindowTimes {
  const startsAt = request.startsAt === undefined ? nowMs : Date.parse(request.startsAt);
  if (Number.isNaN(startsAt)) throw refused('startsAt', 'startsAt is not an ISO date-time');
  if (request.endsAt !== undefined && request.durationMs !== undefined)
    throw refused('endsAt', 'give endsAt or duration, not both');
  let endsAt: number;
  if (request.endsAt !== undefined) {
    endsAt = Date.parse(request.endsAt);
    if (Number.isNaN(endsAt)) throw refused('endsAt', 'endsAt is not an ISO date-time');
  } else if (request.durationMs !== undefined) {
    endsAt = startsAt + request.durationMs;
  } else throw refused('duration', 'give endsAt or duration: a window must end on its own');
  const field = request.endsAt === undefined ? 'duration' : 'endsAt';
  if (endsAt <= startsAt) throw refused(field, 'the window must end after it starts');
  if (endsAt <= nowMs) throw refused(field, 'the window would already be over');
  if (endsAt - startsAt > maxDurationMs)
    throw refused(
      field,
      `the window may last at most ${Math.round(maxDurationMs / 60_000)} minutes (maintenance.maxDuration)`,
    );
  return { startsAt, endsAt };
}

function refused(field: string, message: string) {
  return invalid(message, [{ path: `body.${field}`, message }]);
}
