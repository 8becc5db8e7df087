import { useCallback, useMemo } from 'react';
import { usePanelContext } from '@aether/panel-kit';
import { listQueryToPath, parseListQuery, type ListQuery } from '../list-query';

/** Filters, search and sort live in the panel's URL: the shared link opens the same view. */
export function useListQuery(
  search: URLSearchParams,
): [ListQuery, (change: Partial<ListQuery>) => void] {
  const { navigation } = usePanelContext();
  const text = search.toString();
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the string is the identity of the search
  const query = useMemo(() => parseListQuery(search), [text]);
  const update = useCallback(
    (change: Partial<ListQuery>) =>
      navigation.navigate(listQueryToPath({ ...query, ...change }), { replace: true }),
    [navigation, query],
  );
  return [query, update];
}
