import type { OperationList } from '@aether/contract';
import { usePanelContext } from '../../../app/panel-context';
import { useResource } from '../../../shared/use-resource';
import { useIdentity } from '../../../shared/use-identity';
import { getOperations } from '../api/catalog-api';

export function useOperations(serviceId: string | undefined) {
  const { api } = usePanelContext();
  const user = useIdentity();
  return useResource<OperationList>(
    serviceId ? `operations:${serviceId}:${user.name}:${user.role}` : null,
    (signal) => getOperations(api, serviceId!, signal),
  );
}
