import { useQuery, usePanelContext, usePanelEvent } from '@aether/panel-kit';
import { getDeploys } from '../api/get-deploys';

/** Recent deploys, newest first; a `deploy` event adds or finishes one in place. */
export function useDeploys(limit = 50) {
  const { api } = usePanelContext();
  const query = useQuery(`deploys|${limit}`, (signal) => getDeploys(api, limit, signal));
  usePanelEvent('deploy', (deploy) =>
    query.update((deploys) =>
      [deploy, ...deploys.filter((d) => d.id !== deploy.id)]
        .sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt))
        .slice(0, limit),
    ),
  );
  return query;
}
