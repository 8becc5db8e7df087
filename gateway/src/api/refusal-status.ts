import type { RefusalReason, Refusal } from '../domain/refusal.js';
import type { AnswerStatusOf, InvokeOutcome } from '../operations/operation-outcomes.js';
import { HttpError } from './errors.js';

/** The one mapping from what a domain module refused to the HTTP status the caller gets. */
const STATUS_OF: Record<RefusalReason, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  limited: 429,
  unavailable: 503,
};

export function refusalStatus(refusal: Refusal): number {
  return STATUS_OF[refusal.reason];
}

/** A refusal as the problem+json error the error middleware renders. */
export function refusalToHttpError(refusal: Refusal): HttpError {
  const headers: Record<string, string> = {};
  if (refusal.reason === 'unauthenticated') headers['WWW-Authenticate'] = 'Bearer realm="aether"';
  if (refusal.retryAfterSeconds !== undefined)
    headers['Retry-After'] = String(refusal.retryAfterSeconds);
  return new HttpError(refusalStatus(refusal), {
    code: refusal.code,
    title: refusal.title,
    detail: refusal.detail,
    errors: refusal.errors,
    headers,
    // a refusal is the domain's own words to the caller, never an internal failure
    expose: true,
  });
}

/** The status of each answer an operation gives; the audit trail records the same (see AnswerStatusOf). */
export const answerStatusOf: AnswerStatusOf = (answer) => {
  if (answer.kind === 'refused') return refusalStatus(answer.refusal);
  return answer.kind === 'needs-confirmation' ? 428 : 202;
};

export function outcomeStatus(outcome: InvokeOutcome): number {
  return outcome.kind === 'ran' ? 200 : answerStatusOf({ kind: outcome.kind });
}
