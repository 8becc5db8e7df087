import type { InvokeResponse } from '@aether/contract';
import type { Clock } from '../clock.js';
import type { AnswerStatusOf } from './operation-outcomes.js';
import type { OperationTarget } from './operation-catalog.js';
import type { OperationAudit, Subject } from './operation-audit.js';
import type { Prepared } from './prepare-operation.js';
import { SendFailure, sendRequest } from './send-request.js';

/**
 * Sends a prepared operation and records how it went. A service answer ≥ 400, a timeout or a
 * refused redirect is a `failed` result, not a refusal: the operation did run. The limiter lease
 * taken for it is released whatever happens.
 */
export async function executeOperation(
  target: OperationTarget,
  prepared: Prepared,
  subject: Subject,
  lease: { release(): void },
  approvalId: string | null,
  { audit, clock, statusOf }: { audit: OperationAudit; clock: Clock; statusOf: AnswerStatusOf },
): Promise<InvokeResponse> {
  try {
    if (prepared.built.missing.length) {
      const reason = `the gateway's environment does not set ${prepared.built.missing.join(', ')}`;
      const entry = await audit.record({
        ...subject,
        action: 'refuse',
        outcome: 'refused',
        httpStatus: statusOf({
          kind: 'refused',
          refusal: { reason: 'unavailable', detail: reason },
        }),
        durationMs: null,
        reason,
        approvalId,
      });
      return { outcome: 'failed', auditId: entry.id, error: `Not run: ${reason}` };
    }
    const response = await sendRequest(prepared.built, {
      timeoutMs: target.op.timeout,
      clock,
      redactor: prepared.redactor,
    });
    const ok = response.status < 400;
    const entry = await audit.record({
      ...subject,
      action: 'invoke',
      outcome: ok ? 'ok' : 'error',
      httpStatus: response.status,
      durationMs: response.durationMs,
      reason: ok ? null : `the service answered ${response.status}`,
      approvalId,
    });
    return { outcome: ok ? 'completed' : 'failed', auditId: entry.id, response };
  } catch (error) {
    if (!(error instanceof SendFailure)) throw error;
    const entry = await audit.record({
      ...subject,
      action: 'invoke',
      outcome:
        error.kind === 'redirect-off-host' || error.kind === 'redirect-off-base'
          ? 'refused'
          : 'error',
      httpStatus: null,
      durationMs: error.durationMs,
      reason: error.message,
      approvalId,
    });
    return { outcome: 'failed', auditId: entry.id, error: error.message };
  } finally {
    lease.release();
  }
}
