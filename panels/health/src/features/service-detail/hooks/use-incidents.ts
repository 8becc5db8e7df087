import { usePanelContext } from '@aether/panel-kit';
import { useQuery } from '@aether/panel-kit';
import { getIncidents } from '../api/get-incidents';

export function useIncidents(id: string) {
  const { api } = usePanelContext();
  return useQuery(`incidents|${id}`, (signal) => getIncidents(api, id, signal));
}
