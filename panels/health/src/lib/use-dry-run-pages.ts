import { useEffect, useState } from 'react';
import type { DeclaredPage, Operation } from '@aether/contract';
import { usePanelContext } from '@aether/panel-kit';

/** The key {@link useDryRunPages} files an operation's page under. */
export const operationKey = (op: Pick<Operation, 'serviceId' | 'id'>) => `${op.serviceId}/${op.id}`;

/**
 * The pages of the other panel that runs an operation with its dry run shown first (a panel's
 * declared `operationDryRun`), by {@link operationKey}; missing entries (an older shell, or no
 * panel declares one) leave the operation as text.
 */
export function useDryRunPages(operations: readonly Operation[]): Map<string, DeclaredPage> {
  const { navigation } = usePanelContext();
  const [pages, setPages] = useState(new Map<string, DeclaredPage>());
  const key = operations.map(operationKey).join(' ');
  useEffect(() => {
    if (!navigation.declared || key === '') return;
    let current = true;
    void Promise.all(
      operations.map(async (op) => {
        const page = await navigation.declared!('operationDryRun', op.serviceId, op.id);
        return [operationKey(op), page] as const;
      }),
    ).then((found) => {
      if (!current) return;
      setPages(new Map(found.flatMap(([k, page]) => (page ? [[k, page] as const] : []))));
    });
    return () => {
      current = false;
    };
    // the operations are named by `key`: a new array of the same ones asks nothing new
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [navigation, key]);
  return pages;
}
