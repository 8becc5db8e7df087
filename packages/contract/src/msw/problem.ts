import { HttpResponse } from 'msw';
import { PROBLEM_CODE_BY_STATUS, problemType, type Problem, type Role } from '../index.js';
import { rankRefusal, roleRefusal, type InteractionStore } from './interaction-store.js';

/** A problem+json answer shaped as the gateway's: type urn:aether:problem:<code>. */
export function problem(
  status: number,
  title: string,
  detail?: string,
  code = PROBLEM_CODE_BY_STATUS[status] ?? 'error',
): HttpResponse<Problem> {
  return HttpResponse.json<Problem>(
    { type: problemType(code), title, status, ...(detail ? { detail } : {}) },
    { status, headers: { 'content-type': 'application/problem+json' } },
  );
}

/** A role check's refusal: 401 without a session, 403 with too small a role (as the gateway's authorize). */
export function refusal(refused: {
  status: 401 | 403 | number;
  detail: string;
}): HttpResponse<Problem> {
  return refused.status === 401
    ? problem(401, 'Unauthorized', refused.detail, 'unauthenticated')
    : problem(refused.status, 'Forbidden', refused.detail);
}

/** A body its contract schema refused: 400 validation, the issues' messages as the detail. */
export function invalidRequest(issues: readonly { message: string }[]): HttpResponse<Problem> {
  return problem(400, 'Invalid request', issues.map((i) => i.message).join('; '), 'validation');
}

/**
 * A mock route's role check: the store's signed-in identity when there is a store, else the fixed
 * `role` the mock was given (null: not signed in). Undefined when the caller may go on.
 */
export function callerRefusal(
  required: Role,
  store: InteractionStore | undefined,
  role: Role | null,
): HttpResponse<Problem> | undefined {
  const refused = store ? roleRefusal(store, required) : rankRefusal(role, required);
  return refused ? refusal(refused) : undefined;
}
