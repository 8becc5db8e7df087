import { useCallback, useEffect, useRef, useState } from 'react';
import type { VerifyRequest, VerifyResponse } from '@aether/contract';
import { usePanelContext } from '@aether/panel-kit';
import { postVerify } from '../api/post-verify';
import type { PlanVerify } from '../verify-plan';

export type VerifyState =
  | { status: 'idle' }
  | { status: 'running'; request: VerifyRequest; received: number; expected: number }
  | { status: 'done'; request: VerifyRequest; response: VerifyResponse }
  | { status: 'error'; request: VerifyRequest; error: unknown };

/**
 * POST /api/verify with progress: while the request runs, the live `result` events of the selected
 * services are counted against the number of checks the run is expected to make.
 */
export function useVerify(plan: PlanVerify) {
  const { api, events } = usePanelContext();
  const [state, setState] = useState<VerifyState>({ status: 'idle' });
  const run = useRef<{ controller: AbortController; unsubscribe: () => void } | null>(null);

  const stop = () => {
    run.current?.unsubscribe();
    run.current?.controller.abort();
    run.current = null;
  };
  useEffect(() => stop, []);

  const start = useCallback(
    (request: VerifyRequest) => {
      stop();
      const { expected, includes } = plan(request);
      const controller = new AbortController();
      const seen = new Set<string>();
      const unsubscribe = events.subscribe(['result'], (event) => {
        if (event.type !== 'result' || !includes(event.data.serviceId)) return;
        seen.add(`${event.data.serviceId}/${event.data.checkId}`);
        setState((s) =>
          s.status === 'running' ? { ...s, received: Math.min(seen.size, s.expected) } : s,
        );
      });
      run.current = { controller, unsubscribe };
      setState({ status: 'running', request, received: 0, expected });
      postVerify(api, request, controller.signal).then(
        (response) => {
          if (controller.signal.aborted) return;
          stop();
          setState({ status: 'done', request, response });
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          stop();
          setState({ status: 'error', request, error });
        },
      );
    },
    [api, events, plan],
  );

  const reset = useCallback(() => {
    stop();
    setState({ status: 'idle' });
  }, []);

  return { state, start, reset };
}
