import { usePanelContext } from '../../../app/panel-context';
import { useQuery } from '../../../lib/use-query';
import { getIncidents } from '../api/get-incidents';

export function useIncidents(id: string) {
  const { api } = usePanelContext();
  return useQuery(`incidents|${id}`, (signal) => getIncidents(api, id, signal));
}
