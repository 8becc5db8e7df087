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

/** The registry a page carried into the HTML. */
const inlined = [
  { id: 'health', title: 'Health', entry: 'http://p.test/m.json', module: './Panel', version: '1' },
];

/** An ApiClient whose GET answers `answer` and counts how often it was asked. */
function countingApi(answer: unknown) {
  const api = {
    asked: 0,
    get() {
      api.asked += 1;
      return Promise.resolve(answer);
    },
  };
  return api;
}

describe('registry store: started from the registry the page carried', () => {
  it('is ready at once, reads nothing at start, and reads GET /api/panels when the stream first opens', async () => {
    const fresh = [{ ...inlined[0]!, version: '2' }];
    const counting = countingApi(fresh);
    const api = counting as unknown as ApiClient;
    const { hub, set } = fakeHub();
    const store = createRegistryStore(api, hub, inlined);
    expect(store.getState()).toMatchObject({ status: 'ready', panels: inlined, generation: 1 });
    await store.start();
    expect(counting.asked).toBe(0);
    set('live');
    await Promise.resolve();
    await Promise.resolve();
    expect(counting.asked).toBe(1);
    expect(store.getState()).toMatchObject({ status: 'ready', panels: fresh, generation: 2 });
    // and again after a drop and a return, as without it
    set('reconnecting');
    set('live');
    await Promise.resolve();
    expect(counting.asked).toBe(2);
    store.dispose();
  });

  it('reads at start without one', async () => {
    const counting = countingApi([]);
    const api = counting as unknown as ApiClient;
    const { hub } = fakeHub();
    const store = createRegistryStore(api, hub);
    await store.start();
    expect(counting.asked).toBe(1);
    store.dispose();
  });

  it("confirms the page's copy once the page's first reads are answered, not beside them", async () => {
    const counting = countingApi(inlined);
    const api = counting as unknown as ApiClient;
    let answered!: () => void;
    const firstReads = new Promise<void>((resolve) => (answered = resolve));
    const { hub, set } = fakeHub();
    const store = createRegistryStore(api, hub, inlined, firstReads);
    set('live');
    await Promise.resolve();
    expect(counting.asked).toBe(0);
    answered();
    await expect.poll(() => counting.asked).toBe(1);
    store.dispose();
  });
});
