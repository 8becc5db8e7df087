import { useEffect, useSyncExternalStore } from 'react';
import type { ServiceSummary } from '@aether/contract';
import { useServicesData } from '../store/services-store-context';
import { failureCauseOf, type FailureCause } from '../failure-cause';

const noop = () => () => {};

/**
 * Why a failing row fails, from the live failing result of its check (the row re-renders on its
 * service's results already) or, when that came before the panel opened, from the service's
 * latest results, asked for once while the row is on screen.
 */
export function useFailureCause(service: ServiceSummary | undefined): FailureCause | null {
  const { store, latestResults } = useServicesData();
  const id = service?.id;
  const fetched = useSyncExternalStore(
    id ? (listener) => latestResults.subscribe(id, listener) : noop,
    () => (id ? latestResults.get(id) : undefined),
  );
  const cause = service
    ? failureCauseOf(
        service,
        (checkId) => store.getFailingResult(service.id, checkId) ?? fetched?.get(checkId),
      )
    : null;
  const missing = cause !== null && cause.reason === null && !fetched;
  useEffect(
    () => (missing && id ? latestResults.request(id) : undefined),
    [latestResults, id, missing],
  );
  return cause;
}
