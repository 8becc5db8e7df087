import { useState } from 'react';
import type { DryRunResponse, Operation } from '@aether/contract';
import { isApiError, usePanelContext } from '@aether/panel-kit';
import { dryRun } from '../api/operate-api';

export type DryRunState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'success'; result: DryRunResponse }
  | { status: 'error'; error: unknown };

/** Asks the gateway for the exact request it would send; located param errors go to `onInvalid`. */
export function useDryRun(
  operation: Operation,
  onInvalid: (errors: Array<{ path: string; message: string }> | undefined) => void,
) {
  const { api } = usePanelContext();
  const [state, setState] = useState<DryRunState>({ status: 'idle' });
  const start = async (params: Record<string, unknown>) => {
    setState({ status: 'loading' });
    try {
      setState({
        status: 'success',
        result: await dryRun(api, operation.serviceId, operation.id, params),
      });
    } catch (error) {
      if (isApiError(error) && error.status === 400) onInvalid(error.problem.errors);
      setState({ status: 'error', error });
    }
  };
  return { state, start, clear: () => setState({ status: 'idle' }) };
}
