import { describe, expect, it } from 'vitest';
import type { Incident, StatusEvent } from '@aether/contract';
import { makeServices } from '@aether/contract/fixtures';
import { applyStatusEvent } from './live-incidents';

const service = makeServices(1)[0]!;
const event = (checkId: string, status: StatusEvent['status'], since: string): StatusEvent => ({
  serviceId: service.id,
  checkId,
  status,
  previous: 'up',
  since,
  service,
});
const open: Incident = {
  id: 'i1',
  serviceId: service.id,
  checkId: 'health',
  status: 'down',
  startedAt: '2026-12-06T10:00:00.000Z',
  endedAt: null,
  durationMs: null,
  cause: 'status 500',
};

describe('applyStatusEvent', () => {
  it('opens an incident when a check goes down, newest first', () => {
    const list = applyStatusEvent([], event('health', 'down', '2026-12-06T10:00:00.000Z'));
    expect(list).toEqual([
      expect.objectContaining({ checkId: 'health', status: 'down', endedAt: null }),
    ]);
  });

  it.each([
    ['up', 1],
    ['unknown', 1],
    ['degraded', 2],
  ] as const)('closes the open incident of the check on %s (%i rows)', (status, rows) => {
    const list = applyStatusEvent([open], event('health', status, '2026-12-06T10:05:00.000Z'));
    expect(list).toHaveLength(rows);
    expect(list.at(-1)).toMatchObject({
      id: 'i1',
      endedAt: '2026-12-06T10:05:00.000Z',
      durationMs: 300_000,
    });
  });

  it("leaves another check's incident open", () => {
    const list = applyStatusEvent([open], event('db', 'up', '2026-12-06T10:05:00.000Z'));
    expect(list).toEqual([open]);
  });
});
