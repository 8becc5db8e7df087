import type { Panel, PanelContext, PanelNavigation } from '@aether/contract';
import { linkTo, type PanelLinks } from '@aether/panel-kit';
import { PANEL_CONTEXT_VERSION } from '../contract-runtime';
import type { ShellServices } from '../shell-services';
import { panelHref, parseRoute } from '../navigation/location-store';
import { findDeclaredLink } from './panel-links';

/**
 * Navigation scoped to /p/<panel>/…: a panel reads and writes paths relative to its own prefix,
 * and reaches another panel's page only by what that panel declares (`declared`, with a registry).
 */
export function createPanelNavigation(
  panelId: string,
  services: Pick<ShellServices, 'location'> & Partial<Pick<ShellServices, 'registry'>>,
  load?: Parameters<typeof findDeclaredLink>[2],
): PanelNavigation {
  const { location, registry } = services;
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
    ...(registry && {
      declared: async (kind: string, id?: string, operation?: string) => {
        const { panels } = registry.getState();
        const link = await findDeclaredLink(panels, kind as keyof PanelLinks, load);
        if (!link) return null;
        const path = id === undefined ? link.template : linkTo(link.template, id, operation);
        const href = panelHref(link.panelId, path);
        return { href, open: () => location.navigate(href) };
      },
    }),
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
