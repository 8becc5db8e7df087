import type { InvokeResponse, OutboundRequest } from '@aether/contract';
import type { Refusal } from '../domain/refusal.js';

/** What an invoke came to; refusals are thrown as Refused. */
export type InvokeOutcome =
  /** The operation ran (completed, or failed at the service or on the way). */
  | { kind: 'ran'; result: InvokeResponse }
  /** Four eyes: stored, waiting for more approvals. */
  | { kind: 'pending-approval'; result: InvokeResponse }
  /** It changes state: ask again with this token and the same params. */
  | {
      kind: 'needs-confirmation';
      confirmToken: string;
      expiresAt: string;
      detail: string;
      preview: OutboundRequest;
    };

/**
 * The audit trail records the status the caller was answered with (its `httpStatus`). Which status
 * an outcome gets is the API's business, so the engine is handed this mapping instead of knowing
 * status codes.
 */
export type AnswerStatusOf = (
  answer:
    { kind: 'refused'; refusal: Refusal } | { kind: 'needs-confirmation' | 'pending-approval' },
) => number;
