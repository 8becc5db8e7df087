import type { PanelLinks } from '@aether/panel-kit';

/** Where the panel is, parsed from the panel-relative path the shell gives (/p/interaction/…). */
export type PanelRoute =
  | { name: 'catalog'; serviceId?: string }
  | { name: 'operation'; serviceId: string; operationId: string; dryRun: boolean }
  | { name: 'approvals' }
  | { name: 'alerts' }
  | { name: 'maintenance'; open: boolean }
  | { name: 'channels' }
  | { name: 'audit'; query: URLSearchParams };

export function parseRoute(path: string): PanelRoute {
  const [pathname = '', search = ''] = path.split('?');
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'approvals') return { name: 'approvals' };
  if (parts[0] === 'alerts') return { name: 'alerts' };
  const query = new URLSearchParams(search);
  if (parts[0] === 'maintenance') return { name: 'maintenance', open: query.get('open') === '1' };
  if (parts[0] === 'channels') return { name: 'channels' };
  if (parts[0] === 'audit') return { name: 'audit', query };
  if (parts[0] === 'services' && parts[1] && parts[2] === 'operations' && parts[3]) {
    return {
      name: 'operation',
      serviceId: parts[1],
      operationId: parts[3],
      dryRun: query.get('dryRun') === '1',
    };
  }
  if (parts[0] === 'services' && parts[1]) return { name: 'catalog', serviceId: parts[1] };
  return { name: 'catalog' };
}

export const routes = {
  catalog: (serviceId?: string) => (serviceId ? `/services/${encodeURIComponent(serviceId)}` : '/'),
  operation: (serviceId: string, operationId: string, options: { dryRun?: boolean } = {}) =>
    `/services/${encodeURIComponent(serviceId)}/operations/${encodeURIComponent(operationId)}${options.dryRun ? '?dryRun=1' : ''}`,
  approvals: () => '/approvals',
  alerts: () => '/alerts',
  maintenance: (options: { open?: boolean } = {}) =>
    options.open ? '/maintenance?open=1' : '/maintenance',
  channels: () => '/channels',
  audit: (query?: URLSearchParams) => (query && query.size > 0 ? `/audit?${query}` : '/audit'),
};

/** What this panel shows, for the shell (its palette and badges) to link to without its id. */
export const links: PanelLinks = {
  operationDryRun: '/services/:id/operations/:operation?dryRun=1',
  approvals: routes.approvals(),
  maintenanceWindow: routes.maintenance({ open: true }),
};
