import type { Status } from '@aether/contract';
import { describe, expect, it } from 'vitest';
import type { StatusChange } from '../store/types.js';
import { FlapDetector } from './flap-detector.js';
import {
  KEPT_CHANGES,
  KEPT_FOR_MS,
  resumeFlapping,
  serviceChangesOf,
  withStatusChange,
} from './flap-history.js';
import { T0 } from './monitor-harness.js';

const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const change = (min: number, from: Status, to: Status): StatusChange => ({
  at: iso(T0 + min * MIN),
  from,
  to,
});
/** A check that went down and up again at these minutes, starting up. */
const bouncing = (...minutes: number[]) => ({
  status: (minutes.length % 2 === 0 ? 'up' : 'down') as Status,
  statusChanges: minutes.map((m, i) =>
    i % 2 === 0 ? change(m, 'up', 'down') : change(m, 'down', 'up'),
  ),
});

describe('withStatusChange', () => {
  it('keeps the last KEPT_CHANGES (16) changes of the last 24 hours, oldest first', () => {
    let kept: StatusChange[] | undefined;
    for (let m = 0; m < KEPT_CHANGES + 6; m++)
      kept = withStatusChange(kept, change(m, 'up', 'down'));
    expect(kept).toHaveLength(KEPT_CHANGES);
    expect(kept![0]!.at).toBe(iso(T0 + 6 * MIN));
    const later = withStatusChange(kept, {
      at: iso(T0 + 6 * MIN + KEPT_FOR_MS),
      from: 'down',
      to: 'up',
    });
    expect(later.map((c) => c.at)).toEqual([
      ...kept!.slice(1).map((c) => c.at),
      iso(T0 + 6 * MIN + KEPT_FOR_MS),
    ]);
  });
});

describe('serviceChangesOf', () => {
  it.each([
    { name: 'no kept changes', states: [{ status: 'up' as Status }], expected: [] },
    { name: 'one check bouncing', states: [bouncing(0, 1, 2, 3)], expected: [0, 1, 2, 3] },
    {
      // the service is the worst of its checks: a change hidden by a down sibling is none
      name: 'a change under a sibling that is down',
      states: [
        bouncing(1, 2),
        { status: 'down' as Status, statusChanges: [change(0, 'up', 'down')] },
      ],
      expected: [0],
    },
    {
      name: 'changes from and to unknown (a start, a gap) are not counted',
      states: [
        {
          status: 'up' as Status,
          statusChanges: [
            change(0, 'unknown', 'up'),
            change(1, 'up', 'down'),
            change(2, 'down', 'up'),
          ],
        },
      ],
      expected: [1, 2],
    },
    {
      name: 'two checks in turn, merged in time',
      states: [
        bouncing(0, 2),
        {
          status: 'up' as Status,
          statusChanges: [change(1, 'up', 'degraded'), change(3, 'degraded', 'up')],
        },
      ],
      expected: [0, 2, 3],
    },
  ])('$name', ({ states, expected }) => {
    expect(serviceChangesOf(states)).toEqual(expected.map((m) => T0 + m * MIN));
  });
});

describe('resumeFlapping', () => {
  const settings = { changes: 4, windowMs: 10 * MIN };
  it('resumes an episode whose last change is less than a window old, count and quiet time included', () => {
    const detector = new FlapDetector(settings);
    expect(resumeFlapping([bouncing(0, 1, 2, 3, 4)], T0 + 6 * MIN, () => detector)).toBe(true);
    expect(detector).toMatchObject({ flapping: true, episodeChanges: 5 });
    expect(detector.quietAtMs()).toBe(T0 + 14 * MIN);
  });

  it('is calm once a quiet window passed since the last change, or with too few changes', () => {
    const detector = new FlapDetector(settings);
    expect(resumeFlapping([bouncing(0, 1, 2, 3)], T0 + 13 * MIN, () => detector)).toBe(false);
    expect(detector.flapping).toBe(false);
    expect(
      resumeFlapping([bouncing(0, 1, 2)], T0 + 3 * MIN, () => new FlapDetector(settings)),
    ).toBe(false);
  });

  it('makes no detector for a service without kept changes', () => {
    let made = 0;
    const detectorOf = () => {
      made++;
      return new FlapDetector(settings);
    };
    expect(resumeFlapping([{ status: 'up' }, { status: 'down' }], T0, detectorOf)).toBe(false);
    expect(made).toBe(0);
  });
});
