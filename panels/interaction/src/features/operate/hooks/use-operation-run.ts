import { useEffect, useRef, useState } from 'react';
import type { Approval, ConfirmationRequired, InvokeResponse, Operation } from '@aether/contract';
import {
  confirmationOf,
  isApiError,
  useIdentity,
  usePanelContext,
  usePanelEvent,
} from '@aether/panel-kit';
import { hasRole } from '../../../lib/roles';
import { getApprovals, invoke } from '../api/operate-api';

export type RunState =
  | { step: 'idle' }
  | { step: 'running'; params: Record<string, unknown> }
  | { step: 'confirming'; params: Record<string, unknown>; confirmation: ConfirmationRequired }
  | { step: 'pending'; params: Record<string, unknown>; approvalId: string; approval?: Approval }
  /**
   * Approved, and the gateway is running it for us: its first `approval` event says so before the
   * run; the result comes with the next one (or with GET /api/approvals once the run is over).
   */
  | { step: 'approved'; params: Record<string, unknown>; approvalId: string; approval: Approval }
  | { step: 'finished'; result: InvokeResponse; approval?: Approval }
  /** Rejected by another operator, or expired before anyone approved. */
  | { step: 'declined'; approval: Approval }
  | { step: 'failed'; error: unknown };

/**
 * invoke → (428 → confirm → invoke with the token) → done, or → pending four-eyes approval that
 * follows live `approval` events until another operator approves, rejects or it expires.
 */
export function useOperationRun(
  operation: Operation,
  onInvalid: (errors: Array<{ path: string; message: string }> | undefined) => void,
) {
  const { api } = usePanelContext();
  const user = useIdentity();
  const [state, setState] = useState<RunState>({ step: 'idle' });
  // Approvals seen on the stream, so one decided before our 202 arrives is not missed.
  const seen = useRef(new Map<string, Approval>());

  usePanelEvent('approval', (approval) => {
    seen.current.set(approval.id, approval);
    setState((s) =>
      (s.step === 'pending' || s.step === 'approved') && s.approvalId === approval.id
        ? followApproval(s, approval)
        : s,
    );
  });

  // Back on the page of a request still waiting for approval (a reload, another tab): it says so
  // instead of offering to run it again.
  const fourEyes = operation.approvals > 1 && hasRole(user, 'operator');
  useEffect(() => {
    if (!fourEyes) return;
    const controller = new AbortController();
    getApprovals(api, controller.signal).then(
      (list) => {
        const waiting = list.find(
          (a) =>
            a.status === 'pending' &&
            a.requestedBy === user.name &&
            a.serviceId === operation.serviceId &&
            a.operationId === operation.id,
        );
        if (waiting)
          setState((s) =>
            s.step === 'idle'
              ? {
                  step: 'pending',
                  params: waiting.params,
                  approvalId: waiting.id,
                  approval: waiting,
                }
              : s,
          );
      },
      () => {}, // without the queue the page is as before: Run stays offered
    );
    return () => controller.abort();
  }, [api, fourEyes, user.name, operation.serviceId, operation.id]);

  // Approved without a result on the event: ask the queue once, in case the run's event was missed.
  const approvedId = state.step === 'approved' ? state.approvalId : null;
  useEffect(() => {
    if (!approvedId) return;
    const controller = new AbortController();
    getApprovals(api, controller.signal).then(
      (list) => {
        const known = list.find((a) => a.id === approvedId);
        if (known?.result)
          setState((s) =>
            s.step === 'approved' && s.approvalId === approvedId ? followApproval(s, known) : s,
          );
      },
      () => {}, // the `approval` event with the result still comes; nothing to show meanwhile
    );
    return () => controller.abort();
  }, [api, approvedId]);

  const send = async (params: Record<string, unknown>, confirmToken?: string) => {
    setState({ step: 'running', params });
    try {
      const result = await invoke(api, operation.serviceId, operation.id, params, confirmToken);
      if (result.outcome === 'pending-approval' && result.approvalId) {
        const pending: RunState = { step: 'pending', params, approvalId: result.approvalId };
        const known = seen.current.get(result.approvalId);
        setState(known ? followApproval(pending, known) : pending);
      } else {
        setState({ step: 'finished', result });
      }
    } catch (error) {
      const confirmation = confirmationOf(error);
      if (confirmation && !confirmToken)
        return setState({ step: 'confirming', params, confirmation });
      if (isApiError(error) && error.status === 400) onInvalid(error.problem.errors);
      setState({ step: 'failed', error });
    }
  };

  return {
    state,
    run: (params: Record<string, unknown>) => send(params),
    confirm: () =>
      state.step === 'confirming' && send(state.params, state.confirmation.confirmToken),
    cancel: () => setState({ step: 'idle' }),
  };
}

function followApproval(
  waiting: Extract<RunState, { step: 'pending' | 'approved' }>,
  approval: Approval,
): RunState {
  const { params, approvalId } = waiting;
  switch (approval.status) {
    case 'pending':
      return { step: 'pending', params, approvalId, approval };
    case 'approved':
      // The gateway announces the decision before it runs the operation, then again with the result.
      return approval.result
        ? { step: 'finished', result: approval.result, approval }
        : { step: 'approved', params, approvalId, approval };
    default:
      return { step: 'declined', approval };
  }
}
