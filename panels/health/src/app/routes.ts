/** The panel's own routes, relative to /p/health. */
export type PanelRoute =
  | { kind: 'list'; search: URLSearchParams }
  | { kind: 'detail'; serviceId: string; search: URLSearchParams };

export function parseRoute(path: string): PanelRoute {
  const [pathname = '/', query = ''] = path.split('?', 2);
  const search = new URLSearchParams(query);
  const match = /^\/services\/([^/]+)\/?$/.exec(pathname);
  if (match) return { kind: 'detail', serviceId: decodeURIComponent(match[1]!), search };
  return { kind: 'list', search };
}

export function servicePath(serviceId: string, search?: URLSearchParams): string {
  const query = search?.toString();
  return `/services/${encodeURIComponent(serviceId)}${query ? `?${query}` : ''}`;
}
