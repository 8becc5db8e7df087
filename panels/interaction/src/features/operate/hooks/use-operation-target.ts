import type { OperationList, ServiceList } from '@aether/contract';
import { useIdentity, usePanelContext, useQuery } from '@aether/panel-kit';
import { getOperations, getServices } from '../api/operate-api';

/** The operation page's subject: the service's allow-list (keyed by who asks) and its name. */
export function useOperationTarget(serviceId: string) {
  const { api } = usePanelContext();
  // Keyed by who is signed in: a login can turn a 401 into a list.
  const user = useIdentity();
  const operations = useQuery<OperationList>(
    `operations:${serviceId}:${user.name}:${user.role}`,
    (signal) => getOperations(api, serviceId, signal),
  );
  const services = useQuery<ServiceList>(`services:${user.name}:${user.role}`, (signal) =>
    getServices(api, signal),
  );
  const serviceName =
    (services.status === 'success' && services.data.find((s) => s.id === serviceId)?.name) ||
    serviceId;
  return { operations, serviceName };
}
