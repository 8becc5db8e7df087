import type { Panel, PanelContext, PanelNavigation } from '@aether/contract';
import { PANEL_CONTEXT_VERSION } from '../contract-runtime';
import type { ShellServices } from '../shell-services';
import { panelHref, parseRoute } from '../navigation/location-store';

/** Navigation scoped to /p/<panel>/…: a panel reads and writes paths relative to its own prefix. */
export function createPanelNavigation(
  panelId: string,
  services: Pick<ShellServices, 'location'>,
): PanelNavigation {
  const { location } = services;
  const relative = (url: string) => {
    const route = parseRoute(url);
    return route.kind === 'panel' && route.panelId === panelId ? route.path : '/';
  };
  return {
    get path() {
      return relative(location.get());
    },
    navigate: (path, options) => location.navigate(panelHref(panelId, path), options),
    subscribe: (listener) => location.subscribe((url) => listener(relative(url))),
    href: (path) => panelHref(panelId, path),
  };
}

/** The versioned context one panel receives; built per panel version and theme. */
export function createPanelContext(
  panel: Panel,
  services: ShellServices,
  theme: 'dark' | 'light',
): PanelContext {
  return {
    contextVersion: PANEL_CONTEXT_VERSION,
    panel: { id: panel.id, version: panel.version },
    api: services.api,
    auth: services.auth,
    events: services.events,
    navigation: createPanelNavigation(panel.id, services),
    theme,
  };
}
