import type { AlertChannelList, ApiClient, ChannelTestResult } from '@aether/contract';

export function getChannels(api: ApiClient, signal: AbortSignal): Promise<AlertChannelList> {
  return api.get<AlertChannelList>('/api/alerting/channels', { signal });
}

export function testChannel(api: ApiClient, id: string): Promise<ChannelTestResult> {
  return api.post<ChannelTestResult>(`/api/alerting/channels/${encodeURIComponent(id)}/test`, {
    body: {},
  });
}
