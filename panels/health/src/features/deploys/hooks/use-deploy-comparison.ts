import { useEffect, useMemo, useRef } from 'react';
import { useQuery, usePanelContext, usePanelEvent } from '@aether/panel-kit';
import { getDeployComparison } from '../api/get-deploy-comparison';
import { takeEarlyComparison } from '../api/early-comparison';

/** At most one re-read per this long while results of the deployed services keep coming. */
const RESULT_REFRESH_MS = 5_000;

/**
 * A deploy's before/after. The "after" side grows with every probe, so it is read again when the
 * deploy finishes (`deploy` event) and, throttled, when results of its services arrive; the last
 * answer stays on screen while the next one loads.
 */
export function useDeployComparison(id: string) {
  const { api } = usePanelContext();
  // the first read may have left as the panel mounted (early-comparison.ts)
  const query = useQuery(
    `comparison|${id}`,
    (signal) => takeEarlyComparison(api, id) ?? getDeployComparison(api, id, signal),
  );
  const { reload } = query;
  const deployed = query.data?.deploy.services;
  const services = useMemo(() => new Set(deployed), [deployed]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  usePanelEvent('deploy', (deploy) => {
    if (deploy.id === id) reload();
  });
  usePanelEvent('result', (result) => {
    if (!services.has(result.serviceId) || timer.current !== undefined) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      reload();
    }, RESULT_REFRESH_MS);
  });
  return query;
}
