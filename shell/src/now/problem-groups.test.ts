import { describe, expect, it } from 'vitest';
import type { ServiceSummary } from '@aether/contract';
import { makeService } from '@aether/contract/fixtures';
import type { FailureCause } from './failure-cause';
import { groupProblems, type ProblemCard } from './problem-cards';
import { createProblemGroups } from './problem-groups';

const service = (
  id: string,
  status: ServiceSummary['status'],
  rootCause: string | null = null,
): ServiceSummary =>
  makeService(0, {
    id,
    name: `Service ${id}`,
    status,
    checks: [{ id: 'dns', type: 'dns', status, since: null }],
    rootCause: rootCause ? { serviceId: rootCause, checkId: 'dns' } : null,
  });

/** What a card says, with the services of a card without a root in any order (they keep the order they joined). */
const shown = (card: ProblemCard) => ({
  key: card.key,
  kind: card.kind,
  status: card.status,
  root: card.kind === 'root-cause' ? card.root : null,
  services:
    card.kind === 'root-cause'
      ? card.services.map((s) => s.id)
      : card.services.map((s) => s.id).sort(),
});
const rankAndSize = (card: ProblemCard) => [card.status === 'down' ? 0 : 1, -card.services.length];

/** A small PRNG, so a failure can be run again. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

describe('problem groups', () => {
  it('groups as groupProblems does from scratch, after every one of a thousand changes', () => {
    for (const seed of [1, 2, 3]) {
      const next = random(seed);
      const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
      const ids = Array.from({ length: 40 }, (_, i) => `s${String(i).padStart(2, '0')}`);
      const causes: FailureCause[] = [
        { condition: 'values', location: '127.0.0.1:5353' },
        { condition: 'status 200', location: '127.0.0.1:80' },
        { condition: 'error timeout', location: '10.0.0.1:443' },
      ];
      const fleet = new Map<string, ServiceSummary>();
      const known = new Map<string, FailureCause>();
      const groups = createProblemGroups();
      groups.reset(ids.map((id) => service(id, 'up')));
      for (let step = 0; step < 1_000; step++) {
        const id = pick(ids);
        if (next() < 0.2) {
          const cause = pick(causes);
          known.set(`${id}\u0000dns`, cause);
          groups.setCause(id, 'dns', cause);
        } else {
          const status = pick(['up', 'down', 'down', 'degraded', 'unknown'] as const);
          // a few roots, never themselves depending on another
          const root = id < 's05' || next() < 0.6 ? null : pick(ids.slice(0, 5));
          const changed = service(id, status, root);
          fleet.set(id, changed);
          groups.set(changed);
        }
        if (step % 50 === 0 && step > 0 && next() < 0.2) groups.reset(fleet.values());
        const expected = groupProblems(fleet.values(), known);
        const cards = groups.first(1_000);
        expect(groups.size).toBe(expected.length);
        expect(cards.map(shown).sort((a, b) => a.key.localeCompare(b.key))).toEqual(
          expected.map(shown).sort((a, b) => a.key.localeCompare(b.key)),
        );
        expect(cards.map(rankAndSize)).toEqual(expected.map(rankAndSize));
      }
    }
  });

  it('gives the first cards in order without the rest, and the same card object while it is unchanged', () => {
    const groups = createProblemGroups();
    const fleet = Array.from({ length: 30 }, (_, i) =>
      service(`s${String(i).padStart(2, '0')}`, 'down'),
    );
    groups.reset([...fleet, service('x', 'degraded')]);
    groups.setCause('s29', 'dns', { condition: 'values', location: '127.0.0.1:5353' });
    groups.setCause('s28', 'dns', { condition: 'values', location: '127.0.0.1:5353' });
    const first = groups.first(3);
    expect(first.map((c) => c.key)).toEqual([
      'cause:values@127.0.0.1:5353',
      'service:s00',
      'service:s01',
    ]);
    expect(groups.size).toBe(30);
    expect(groups.first(3)[1]).toBe(first[1]);
    groups.set(service('s00', 'degraded'));
    const again = groups.first(3);
    expect(again[0]).toBe(first[0]); // not touched
    expect(again.map((c) => c.key)).toEqual([
      'cause:values@127.0.0.1:5353',
      'service:s01',
      'service:s02',
    ]);
    expect(groups.first(0)).toEqual([]);
  });
});
