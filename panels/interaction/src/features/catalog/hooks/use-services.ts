import type { ServiceList } from '@aether/contract';
import { usePanelContext } from '../../../app/panel-context';
import { useResource } from '../../../shared/use-resource';
import { useIdentity } from '../../../shared/use-identity';
import { getServices } from '../api/catalog-api';

export function useServices() {
  const { api } = usePanelContext();
  // Keyed by who is signed in: a login can turn a 401 into a list.
  const user = useIdentity();
  return useResource<ServiceList>(`services:${user.name}:${user.role}`, (signal) =>
    getServices(api, signal),
  );
}
