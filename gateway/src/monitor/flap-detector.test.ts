import { describe, expect, it } from 'vitest';
import { AetherConfig } from '../config/schema.js';
import { FlapDetector, flapSettingsOf } from './flap-detector.js';

const MIN = 60_000;

describe('FlapDetector', () => {
  it('is flapping from the 4th change within 10 minutes, counting every change of the episode', () => {
    const flaps = new FlapDetector({ changes: 4, windowMs: 10 * MIN });
    expect([0, 2, 4].map((m) => flaps.recordChange(m * MIN))).toEqual([false, false, false]);
    expect(flaps.flapping).toBe(false);
    expect(flaps.recordChange(6 * MIN)).toBe(true);
    expect(flaps).toMatchObject({ flapping: true, episodeChanges: 4, episodeStartedAtMs: 0 });
    for (const m of [7, 8, 9, 10]) expect(flaps.recordChange(m * MIN)).toBe(false);
    expect(flaps.episodeChanges).toBe(8);
  });

  it('does not flap on changes spread wider than the window', () => {
    const flaps = new FlapDetector({ changes: 4, windowMs: 10 * MIN });
    for (const m of [0, 4, 8, 12, 16, 20]) flaps.recordChange(m * MIN);
    expect(flaps.flapping).toBe(false);
  });

  it('ends after a whole quiet window, not before, and a new burst is a new episode', () => {
    const flaps = new FlapDetector({ changes: 4, windowMs: 10 * MIN });
    for (const m of [0, 1, 2, 3]) flaps.recordChange(m * MIN);
    expect(flaps.quietAtMs()).toBe(13 * MIN);
    expect(flaps.settle(13 * MIN - 1)).toBe(false);
    expect(flaps.flapping).toBe(true);
    expect(flaps.settle(13 * MIN)).toBe(true);
    expect(flaps).toMatchObject({ flapping: false, episodeChanges: 0 });
    expect(flaps.quietAtMs()).toBeNull();
    // the changes of the ended episode do not count towards the next one
    expect(flaps.recordChange(14 * MIN)).toBe(false);
    expect(flaps.flapping).toBe(false);
    for (const m of [15, 16]) flaps.recordChange(m * MIN);
    expect(flaps.recordChange(17 * MIN)).toBe(true);
    expect(flaps.episodeStartedAtMs).toBe(14 * MIN);
  });

  it('a change after the quiet window ends the old episode first', () => {
    const flaps = new FlapDetector({ changes: 2, windowMs: MIN });
    flaps.recordChange(0);
    flaps.recordChange(1000);
    expect(flaps.flapping).toBe(true);
    expect(flaps.recordChange(5 * MIN)).toBe(true); // ended: flapping changed to false
    expect(flaps.flapping).toBe(false);
  });
});

describe('flapSettingsOf', () => {
  const config = AetherConfig.parse({
    flapping: { window: '5m' },
    services: [
      { id: 'a', name: 'A' },
      { id: 'b', name: 'B', flapping: { changes: 6 } },
      { id: 'c', name: 'C', flapping: { window: '1m', changes: 2 } },
    ],
  });
  it.each([
    ['a', { changes: 4, windowMs: 5 * MIN }],
    ['b', { changes: 6, windowMs: 5 * MIN }],
    ['c', { changes: 2, windowMs: MIN }],
  ])('%s: the global settings under its own', (id, expected) => {
    expect(
      flapSettingsOf(
        config,
        config.services.find((s) => s.id === id)!,
      ),
    ).toEqual(expected);
  });

  it('defaults to 4 changes in 10 minutes', () => {
    expect(AetherConfig.parse({}).flapping).toEqual({ changes: 4, window: 10 * MIN });
  });

  it.each([
    [{ flapping: { changes: 1 } }, 'flapping.changes'],
    [{ flapping: { window: '1s' } }, 'flapping.window'],
    [
      { services: [{ id: 'a', name: 'A', flapping: { window: '2d' } }] },
      'services.0.flapping.window',
    ],
    [{ services: [{ id: 'a', name: 'A', flapping: { every: 3 } }] }, 'services.0.flapping'],
  ])('refuses %j at %s', (input, path) => {
    const parsed = AetherConfig.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});
