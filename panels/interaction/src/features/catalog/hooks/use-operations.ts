import type { OperationList } from '@aether/contract';
import { useIdentity, usePanelContext, useQuery } from '@aether/panel-kit';
import { getOperations } from '../api/catalog-api';

export function useOperations(serviceId: string | undefined) {
  const { api } = usePanelContext();
  const user = useIdentity();
  return useQuery<OperationList>(
    serviceId ? `operations:${serviceId}:${user.name}:${user.role}` : null,
    (signal) => getOperations(api, serviceId!, signal),
  );
}
