import type { ServiceList } from '@aether/contract';
import { useIdentity, usePanelContext, useQuery } from '@aether/panel-kit';
import { getServices } from '../api/catalog-api';

export function useServices() {
  const { api } = usePanelContext();
  // Keyed by who is signed in: a login can turn a 401 into a list.
  const user = useIdentity();
  return useQuery<ServiceList>(`services:${user.name}:${user.role}`, (signal) =>
    getServices(api, signal),
  );
}
