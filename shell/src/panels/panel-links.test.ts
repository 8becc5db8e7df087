import { describe, expect, it } from 'vitest';
import type { Panel } from '@aether/contract';
import { findDeclaredLink } from './panel-links';
import type { PanelModule } from './load-panel';

const panel = (id: string, extra: Partial<Panel> = {}): Panel => ({
  id,
  title: id,
  entry: `http://localhost:1/${id}/mf-manifest.json`,
  module: './Panel',
  version: '1.0.0',
  ...extra,
});

type Declares = PanelModule['links'] | 'fails';

describe('findDeclaredLink', () => {
  it.each<[string, Array<[Panel, Declares]>, { panelId: string; template: string } | null]>([
    [
      'nobody declares it',
      [
        [panel('a'), undefined],
        [panel('b'), {}],
      ],
      null,
    ],
    [
      'the first in registry order wins',
      [
        [panel('a'), { service: '/s/:id' }],
        [panel('b'), { service: '/t/:id' }],
      ],
      { panelId: 'a', template: '/s/:id' },
    ],
    [
      'a disabled panel is skipped',
      [
        [panel('a', { disabled: true }), { service: '/s/:id' }],
        [panel('b'), { service: '/t/:id' }],
      ],
      { panelId: 'b', template: '/t/:id' },
    ],
    [
      'a panel that fails to load declares nothing',
      [
        [panel('a'), 'fails'],
        [panel('b'), { service: '/t/:id' }],
      ],
      { panelId: 'b', template: '/t/:id' },
    ],
    [
      'a template that is not a panel path with :id is ignored',
      [
        [panel('a'), { service: 'https://elsewhere.test/:id' }],
        [panel('b'), { service: '/services' }],
      ],
      null,
    ],
  ])('%s', async (_, registry, expected) => {
    const declared = new Map(registry.map(([p, d]) => [p.id, d]));
    const load = async (p: Panel) => {
      const d = declared.get(p.id);
      if (d === 'fails') throw new Error('unreachable');
      return { default: () => null, contextVersion: '1', links: d } as PanelModule;
    };
    await expect(
      findDeclaredLink(
        registry.map(([p]) => p),
        'service',
        load,
      ),
    ).resolves.toEqual(expected);
  });

  it.each([
    ['deploys', '/deploys', { panelId: 'a', template: '/deploys' }],
    ['deploy', '/deploys', null], // a one-thing kind needs its :id
    ['deploy', '/deploys/:id', { panelId: 'a', template: '/deploys/:id' }],
    ['outages', '/outages', { panelId: 'a', template: '/outages' }],
    ['slos', '/slos', { panelId: 'a', template: '/slos' }],
    ['approvals', '/approvals', { panelId: 'a', template: '/approvals' }],
    ['maintenanceWindow', '/maintenance?open=1', { panelId: 'a', template: '/maintenance?open=1' }],
    ['operationDryRun', '/services/:id/operations', null], // needs :operation too
    [
      'operationDryRun',
      '/services/:id/operations/:operation?dryRun=1',
      { panelId: 'a', template: '/services/:id/operations/:operation?dryRun=1' },
    ],
  ] as const)('a %s link may be %s', async (kind, template, expected) => {
    const load = async () =>
      ({ default: () => null, contextVersion: '1', links: { [kind]: template } }) as PanelModule;
    await expect(findDeclaredLink([panel('a')], kind, load)).resolves.toEqual(expected);
  });
});
