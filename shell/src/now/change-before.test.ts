import { describe, expect, it } from 'vitest';
import type { AuditEntry, Deploy } from '@aether/contract';
import { makeAuditEntry } from '@aether/contract/fixtures';
import { changeBefore } from './change-before';

const deploy = (id: string, startedAt: string, services = ['orders']): Deploy => ({
  id,
  services,
  version: id,
  description: null,
  by: 'ci',
  startedAt,
  finishedAt: null,
  finishedBy: null,
  outcome: 'succeeded',
});
const entry = (
  id: number,
  at: string,
  action: AuditEntry['action'],
  serviceId = 'orders',
  more: Partial<AuditEntry> = {},
) => makeAuditEntry({ id, at, action, serviceId, ...more });
/** What the gateway writes for a confirmed request of a four-eyes operation: a 202, nothing sent. */
const waiting = (id: number, at: string) =>
  entry(id, at, 'invoke', 'orders', { outcome: 'pending', httpStatus: 202, approvalId: 'ap-1' });

const SINCE = '2026-12-06T10:00:00.000Z';
const t = (minutes: number) => new Date(Date.parse(SINCE) + minutes * 60_000).toISOString();

describe('changeBefore', () => {
  it.each<[string, Deploy[], AuditEntry[] | null, string | null]>([
    ['nothing recorded', [], [], null],
    ['the latest deploy before the problem', [deploy('v2', t(-3)), deploy('v1', t(-30))], [], 'v2'],
    ['not a deploy after it began', [deploy('v3', t(2)), deploy('v1', t(-30))], [], 'v1'],
    ["not another service's deploy", [deploy('v9', t(-1), ['cart'])], null, null],
    ['a later operation run wins', [deploy('v1', t(-30))], [entry(7, t(-2), 'invoke')], 'op 7'],
    ['a dry run is no change', [deploy('v1', t(-30))], [entry(7, t(-2), 'dry-run')], 'v1'],
    [
      'a request waiting for approval is no change',
      [deploy('v1', t(-30))],
      [waiting(6, t(-2))],
      'v1',
    ],
    ['an approval alone is no change', [], [entry(8, t(-1), 'approve')], null],
    [
      'the run an approval let through is one',
      [],
      [
        waiting(6, t(-3)),
        entry(8, t(-2), 'approve'),
        entry(9, t(-2), 'invoke', 'orders', { approvalId: 'ap-1' }),
      ],
      'op 9',
    ],
    [
      'a run that failed still ran',
      [],
      [entry(7, t(-2), 'invoke', 'orders', { outcome: 'error', httpStatus: 500 })],
      'op 7',
    ],
    ['a refused run is no change', [], [entry(7, t(-2), 'refuse')], null],
    ["another service's run is not", [], [entry(9, t(-1), 'invoke', 'cart')], null],
  ])('%s', (_, deploys, audit, expected) => {
    const change = changeBefore({ id: 'orders', since: SINCE }, deploys, audit);
    expect(
      change === null
        ? null
        : change.kind === 'deploy'
          ? change.deploy.version
          : `op ${change.entry.id}`,
    ).toBe(expected);
  });

  it('takes the latest change when the service has no since', () => {
    const change = changeBefore({ id: 'orders', since: null }, [deploy('v3', t(2))], null);
    expect(change).toMatchObject({ kind: 'deploy', at: t(2) });
  });
});
