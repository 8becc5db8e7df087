import { describe, expect, it } from 'vitest';
import { EventBus } from './bus.js';
import { makeService } from '@aether/contract/fixtures';

const snapshot = () => ({ services: [makeService(0)], at: '2026-11-27T12:00:00.000Z' });

describe('EventBus', () => {
  it('delivers to every subscriber, even when one throws', () => {
    const bus = new EventBus(4);
    const seen: number[] = [];
    bus.subscribe(() => {
      throw new Error('bad subscriber');
    });
    bus.subscribe((e) => seen.push(e.id));
    bus.publish('snapshot', snapshot());
    bus.publish('snapshot', snapshot());
    expect(seen).toEqual([1, 2]);
  });

  it.each([
    { published: 3, lastId: 0, expected: [1, 2, 3] },
    { published: 3, lastId: 2, expected: [3] },
    { published: 3, lastId: 3, expected: [] },
    { published: 10, lastId: 6, expected: [7, 8, 9, 10] },
    { published: 10, lastId: 5, expected: undefined }, // 6 fell out of a ring of 4
    { published: 3, lastId: 4, expected: undefined }, // from the future (another gateway run)
    { published: 3, lastId: -1, expected: undefined },
  ])('since($lastId) after $published events in a ring of 4', ({ published, lastId, expected }) => {
    const bus = new EventBus(4);
    for (let i = 0; i < published; i++) bus.publish('snapshot', snapshot());
    expect(bus.since(lastId)?.map((e) => e.id)).toEqual(expected);
  });

  it('stops delivering after unsubscribe', () => {
    const bus = new EventBus();
    const seen: number[] = [];
    const off = bus.subscribe((e) => seen.push(e.id));
    bus.publish('snapshot', snapshot());
    off();
    bus.publish('snapshot', snapshot());
    expect(seen).toEqual([1]);
    expect(bus.subscriberCount).toBe(0);
  });
});
