/** Where the panel is, parsed from the panel-relative path the shell gives (/p/interaction/…). */
export type PanelRoute =
  | { name: 'catalog'; serviceId?: string }
  | { name: 'operation'; serviceId: string; operationId: string }
  | { name: 'approvals' }
  | { name: 'alerts' }
  | { name: 'maintenance' }
  | { name: 'channels' }
  | { name: 'audit'; query: URLSearchParams };

export function parseRoute(path: string): PanelRoute {
  const [pathname = '', search = ''] = path.split('?');
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'approvals') return { name: 'approvals' };
  if (parts[0] === 'alerts') return { name: 'alerts' };
  if (parts[0] === 'maintenance') return { name: 'maintenance' };
  if (parts[0] === 'channels') return { name: 'channels' };
  if (parts[0] === 'audit') return { name: 'audit', query: new URLSearchParams(search) };
  if (parts[0] === 'services' && parts[1] && parts[2] === 'operations' && parts[3]) {
    return { name: 'operation', serviceId: parts[1], operationId: parts[3] };
  }
  if (parts[0] === 'services' && parts[1]) return { name: 'catalog', serviceId: parts[1] };
  return { name: 'catalog' };
}

export const routes = {
  catalog: (serviceId?: string) => (serviceId ? `/services/${encodeURIComponent(serviceId)}` : '/'),
  operation: (serviceId: string, operationId: string) =>
    `/services/${encodeURIComponent(serviceId)}/operations/${encodeURIComponent(operationId)}`,
  approvals: () => '/approvals',
  alerts: () => '/alerts',
  maintenance: () => '/maintenance',
  channels: () => '/channels',
  audit: (query?: URLSearchParams) => (query && query.size > 0 ? `/audit?${query}` : '/audit'),
};
