import { useMemo } from 'react';
import { usePanelContext } from '@aether/panel-kit';
import { useQuery } from '@aether/panel-kit';
import { getHistory } from '../api/get-history';
import { rangeWindow, type HistoryRange } from '../history-ranges';

/**
 * The service's time series over a range, at the step that range calls for. A new `revision`
 * (the service's status changed) reads the range again, ending now, so the band and the range's
 * uptime follow an outage on an open page; the previous answer stays drawn meanwhile.
 */
export function useHistory(id: string, range: HistoryRange, revision = '') {
  const { api } = usePanelContext();
  // eslint-disable-next-line react-hooks/exhaustive-deps -- revision only asks for a fresh "now"
  const window = useMemo(() => rangeWindow(range, Date.now()), [range, revision]);
  const scope = `${id}|${range}|`;
  const key = `${scope}${window.to}|${revision}`;
  const query = useQuery(key, (signal) => getHistory(api, id, window, signal));
  // While a new range loads, the old series would be drawn on the wrong scale: hide it. The same
  // range read again (a new revision) keeps its previous answer until the new one lands.
  const same = query.dataKey === key || (query.dataKey?.startsWith(scope) ?? false);
  return { ...query, history: same ? query.data : undefined };
}
