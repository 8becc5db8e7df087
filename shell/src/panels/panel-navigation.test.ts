import { describe, expect, it } from 'vitest';
import type { Panel } from '@aether/contract';
import type { LocationStore } from '../navigation/location-store';
import type { RegistryStore } from './registry-store';
import { createPanelNavigation } from './panel-context';
import type { PanelModule } from './load-panel';

const panel = (id: string): Panel => ({
  id,
  title: id,
  entry: `http://localhost:1/${id}/mf-manifest.json`,
  module: './Panel',
  version: '1.0.0',
});

function setup() {
  const visited: string[] = [];
  const location: LocationStore = {
    get: () => visited.at(-1) ?? '/p/health/deploys/d1',
    navigate: (url) => void visited.push(url),
    subscribe: () => () => undefined,
  };
  const registry = {
    getState: () => ({ status: 'ready', panels: [panel('health'), panel('interaction')] }),
  } as unknown as RegistryStore;
  const modules: Record<string, PanelModule['links']> = {
    health: { service: '/services/:id' },
    interaction: { operationDryRun: '/services/:id/operations/:operation?dryRun=1' },
  };
  const load = async (p: Panel) => ({ links: modules[p.id] }) as PanelModule;
  return { visited, navigation: createPanelNavigation('health', { location, registry }, load) };
}

describe('a panel reaching another panel’s declared page', () => {
  it('gets the href of the panel that declares it, filled, and goes there on open', async () => {
    const { navigation, visited } = setup();
    const page = await navigation.declared!('operationDryRun', 'orders', 'roll back');
    expect(page?.href).toBe('/p/interaction/services/orders/operations/roll%20back?dryRun=1');
    page!.open();
    expect(visited).toEqual(['/p/interaction/services/orders/operations/roll%20back?dryRun=1']);
  });

  it('gets null for a kind no panel declares, and nothing without a registry', async () => {
    const { navigation } = setup();
    expect(await navigation.declared!('approvals')).toBeNull();
    const bare = createPanelNavigation('health', { location: { get: () => '/' } as LocationStore });
    expect(bare.declared).toBeUndefined();
  });
});
