import type { PanelLinks } from '@aether/panel-kit';

/** Where the panel is, parsed from the panel-relative path the shell gives (/p/health/…). */
export type PanelRoute =
  | { name: 'list'; search: URLSearchParams }
  | { name: 'detail'; serviceId: string; search: URLSearchParams }
  | { name: 'deploys' }
  | { name: 'deploy'; deployId: string }
  | { name: 'outages' }
  | { name: 'slos' };

export function parseRoute(path: string): PanelRoute {
  const [pathname = '/', query = ''] = path.split('?', 2);
  const search = new URLSearchParams(query);
  const match = /^\/services\/([^/]+)\/?$/.exec(pathname);
  if (match) return { name: 'detail', serviceId: decodeURIComponent(match[1]!), search };
  if (/^\/outages\/?$/.test(pathname)) return { name: 'outages' };
  if (/^\/slos\/?$/.test(pathname)) return { name: 'slos' };
  const deploy = /^\/deploys(?:\/([^/]+))?\/?$/.exec(pathname);
  if (deploy)
    return deploy[1]
      ? { name: 'deploy', deployId: decodeURIComponent(deploy[1]) }
      : { name: 'deploys' };
  return { name: 'list', search };
}

/** The panel's paths, built in one place: components link with these, never by hand. */
export const routes = {
  list: (search?: URLSearchParams) => (search?.size ? `/?${search}` : '/'),
  service: (serviceId: string, search?: URLSearchParams) =>
    `/services/${encodeURIComponent(serviceId)}${search?.size ? `?${search}` : ''}`,
  deploys: () => '/deploys',
  deploy: (deployId: string) => `/deploys/${encodeURIComponent(deployId)}`,
  outages: () => '/outages',
  slos: () => '/slos',
};

/** What the panel shows, for the shell (exported by panel.tsx): services, deploys, outages and SLOs open on their page. */
export const links: PanelLinks = {
  service: '/services/:id',
  deploy: '/deploys/:id',
  deploys: '/deploys',
  outages: '/outages',
  slos: '/slos',
};
