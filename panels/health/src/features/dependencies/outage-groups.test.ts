import { describe, expect, it } from 'vitest';
import type { ServiceSummary } from '@aether/contract';
import { makeOutageFleet } from '@aether/contract/fixtures';
import { groupOutages } from './outage-groups';

function outagesOf(fleet: ServiceSummary[]) {
  const byId = new Map(fleet.map((s) => [s.id, s]));
  return groupOutages(fleet, (id) => byId.get(id));
}

describe('groupOutages', () => {
  it('groups dependents under their root cause, most dependents first, worst dependents first', () => {
    const { groups, alone } = outagesOf(makeOutageFleet());
    expect(
      groups.map((g) => ({
        root: g.root?.name,
        checks: g.checkIds,
        dependents: g.dependents.map((s) => s.name),
        down: g.down,
        degraded: g.degraded,
      })),
    ).toEqual([
      {
        root: 'Database',
        checks: ['tcp'],
        // down ones by name, then the degraded one
        dependents: ['Auth', 'Orders', 'Storefront', 'Payments'],
        down: 3,
        degraded: 1,
      },
      { root: 'Queue', checks: ['amqp'], dependents: ['Worker'], down: 1, degraded: 0 },
    ]);
    // the roots are not listed again as failures of their own; the mailer is
    expect(alone.map((s) => s.id)).toEqual(['mailer']);
  });

  it.each([
    ['nothing fails', () => makeOutageFleet().map((s) => ({ ...s, status: 'up' as const })), 0, 0],
    [
      'the root recovered but a dependent still carries it (until its next status event)',
      () => makeOutageFleet().filter((s) => s.id !== 'db'),
      2,
      1,
    ],
  ])('%s', (_, fleet, groupCount, aloneCount) => {
    const { groups, alone } = outagesOf(fleet());
    expect(groups).toHaveLength(groupCount);
    expect(alone).toHaveLength(aloneCount);
  });

  it('keeps a root that left the fleet by its id', () => {
    const { groups } = outagesOf(makeOutageFleet().filter((s) => s.id !== 'db'));
    expect(groups[0]).toMatchObject({ rootId: 'db', root: undefined });
  });
});
