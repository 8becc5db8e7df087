import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { ConnectionState, Identity } from '@aether/contract';
import type { ShellServices } from './shell-services';
import { parseRoute, type Route } from './navigation/location-store';
import type { RegistryState } from './panels/registry-store';
import type { Theme } from './theme/theme-store';

const ServicesContext = createContext<ShellServices | null>(null);

export function ServicesProvider({
  services,
  children,
}: {
  services: ShellServices;
  children: ReactNode;
}) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): ShellServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside <ServicesProvider>');
  return services;
}

export function useRegistry(): RegistryState {
  const { registry } = useServices();
  return useSyncExternalStore(registry.subscribe, registry.getState);
}

export function useLocationUrl(): string {
  const { location } = useServices();
  return useSyncExternalStore(location.subscribe, location.get);
}

export function useRoute(): Route {
  return parseRoute(useLocationUrl());
}

export function useTheme(): Theme {
  const { theme } = useServices();
  return useSyncExternalStore(theme.subscribe, theme.get);
}

export function useUser(): Identity {
  const { auth } = useServices();
  return useSyncExternalStore(auth.subscribe, () => auth.user);
}

export function useConnection(): { state: ConnectionState; lastEventAt: number | null } {
  const { events } = useServices();
  const state = useSyncExternalStore(events.onConnectionChange, () => events.connection);
  return { state, lastEventAt: events.lastEventAt };
}
