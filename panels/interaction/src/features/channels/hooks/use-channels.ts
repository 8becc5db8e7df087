import type { AlertChannelList } from '@aether/contract';
import { useIdentity, usePanelContext, useQuery } from '@aether/panel-kit';
import { getChannels } from '../api/channels-api';

/** The alerting channels (no secrets: id, type, target host). */
export function useChannels() {
  const { api } = usePanelContext();
  const user = useIdentity();
  return useQuery<AlertChannelList>(user.role ? `channels:${user.name}` : null, (signal) =>
    getChannels(api, signal),
  );
}
