import { describe, expect, it } from 'vitest';
import type { ApiClient, ConnectionState } from '@aether/contract';
import { fakeHub } from '../testing/fake-hub';
import { createRegistryStore } from './registry-store';

describe('registry store: reading GET /api/panels again when the stream connects', () => {
  it.each<[string, 'ok' | 'fails', ConnectionState[], number]>([
    ['not on the first opening after a good read', 'ok', ['live'], 1],
    ['after a drop and a return', 'ok', ['live', 'reconnecting', 'live'], 2],
    ['after being offline', 'ok', ['live', 'offline', 'live'], 2],
    ['on the first opening when the first read failed', 'fails', ['live'], 2],
  ])('reads again %s', async (_, first, states, reads) => {
    let asked = 0;
    const api = {
      get: () => {
        asked += 1;
        return asked === 1 && first === 'fails'
          ? Promise.reject(new Error('gateway down'))
          : Promise.resolve([]);
      },
    } as unknown as ApiClient;
    const { hub, set } = fakeHub();
    const store = createRegistryStore(api, hub);
    await store.load();
    for (const state of states) set(state);
    await Promise.resolve();
    expect(asked).toBe(reads);
    store.dispose();
  });
});
