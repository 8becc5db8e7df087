import { describe, expect, it } from 'vitest';
import type { AetherEvent } from '@aether/contract';
import { createEventFanOut } from './event-fan-out';

const config = { id: '7', type: 'config', data: {} } as unknown as AetherEvent;
const result = { id: '8', type: 'result', data: {} } as unknown as AetherEvent;

describe('createEventFanOut', () => {
  it('hands each event to the subscribers of its type and of *, until they unsubscribe', () => {
    const fanOut = createEventFanOut({ connection: 'live' });
    const seen: string[] = [];
    const stop = fanOut.events.subscribe(['config'], (e) => seen.push(`config:${e.id}`));
    fanOut.events.subscribe('*', (e) => seen.push(`*:${e.id}`));
    fanOut.dispatch(config);
    fanOut.dispatch(result);
    stop();
    fanOut.dispatch(config);
    expect(seen).toEqual(['config:7', '*:7', '*:8', '*:7']);
    expect(fanOut.listenerCount()).toBe(1);
  });

  it("passes a listener's throw to onListenerError and goes on, or to the caller without it", () => {
    const errors: unknown[] = [];
    const logged = createEventFanOut({
      connection: 'live',
      onListenerError: (error) => errors.push(error),
    });
    const thrown = createEventFanOut({ connection: 'live' });
    const after: string[] = [];
    for (const fanOut of [logged, thrown]) {
      fanOut.events.subscribe('*', () => {
        throw new Error('bad listener');
      });
      fanOut.events.subscribe('*', () => after.push('next'));
    }
    logged.dispatch(config);
    expect(errors).toHaveLength(1);
    expect(after).toEqual(['next']);
    expect(() => thrown.dispatch(config)).toThrow('bad listener');
  });

  it('tells connection listeners every state it is set to, and keeps when it was last touched', () => {
    const fanOut = createEventFanOut({ connection: 'reconnecting', now: () => 42 });
    const states: string[] = [];
    fanOut.events.onConnectionChange((s) => states.push(s));
    fanOut.setConnection('live');
    fanOut.setConnection('live');
    expect(states).toEqual(['live', 'live']);
    expect(fanOut.events.connection).toBe('live');
    expect(fanOut.events.lastEventAt).toBeNull();
    fanOut.touch();
    expect(fanOut.events.lastEventAt).toBe(42);
  });
});
