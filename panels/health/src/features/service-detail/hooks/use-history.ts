import { useMemo } from 'react';
import { usePanelContext } from '@aether/panel-kit';
import { useQuery } from '@aether/panel-kit';
import { getHistory } from '../api/get-history';
import { rangeWindow, type HistoryRange } from '../history-ranges';

/** The service's time series over a range, at the step that range calls for. */
export function useHistory(id: string, range: HistoryRange) {
  const { api } = usePanelContext();
  const window = useMemo(() => rangeWindow(range, Date.now()), [range]);
  const key = `${id}|${range}|${window.to}`;
  const query = useQuery(key, (signal) => getHistory(api, id, window, signal));
  // While a new range loads, the old series would be drawn on the wrong scale: hide it.
  return { ...query, history: query.dataKey === key ? query.data : undefined };
}
