import type { ServiceList } from '@aether/contract';
import { useIdentity, usePanelContext, useQuery } from '@aether/panel-kit';
import { getServices } from '../api/get-services';

/** The fleet, asked for again when someone else signs in (a login can turn a 401 into a list). */
export function useServices() {
  const { api } = usePanelContext();
  const user = useIdentity();
  return useQuery<ServiceList>(`services:${user.name}:${user.role}`, (signal) =>
    getServices(api, signal),
  );
}
