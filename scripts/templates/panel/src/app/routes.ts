/** Where the panel is, parsed from the panel-relative path the shell gives (/p/__PANEL_ID__/…). */
export type PanelRoute = { name: 'services' } | { name: 'not-found'; path: string };

export function parseRoute(path: string): PanelRoute {
  const [pathname = '/'] = path.split('?', 1);
  if (pathname === '/' || pathname === '') return { name: 'services' };
  return { name: 'not-found', path: pathname };
}

/** The panel's paths, built in one place: components link with these, never by hand. */
export const routes = {
  services: () => '/',
};
