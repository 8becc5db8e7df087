import { describe, expect, it } from 'vitest';
import type { ApiClient, PanelEvents } from '@aether/contract';
import { createFleetSummaryStore } from './fleet-summary';
import { createNowStore } from './now-store';
import type { ShellServices } from '../shell-services';
import { fakeHub } from '../testing/fake-hub';

/** An API whose first answer to `path` fails (signed out), the later ones succeed. */
function apiFailingFirst(path: string) {
  const asked: string[] = [];
  const api = {
    get(url: string) {
      asked.push(url);
      if (url === path && asked.filter((u) => u === path).length === 1)
        return Promise.reject(new Error('401'));
      return Promise.resolve(url === '/api/summary' ? { revision: 1, counts: {} } : []);
    },
  } as unknown as ApiClient;
  return { api, asked: (url: string) => asked.filter((u) => u === url).length };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * The shell's stream starts without a snapshot, which used to refill these after a sign-in; now a
 * failed first read is made again when the stream comes back — and only then.
 */
describe.each([
  {
    name: 'the fleet summary (tab title)',
    path: '/api/summary',
    start: (api: ApiClient, events: PanelEvents) =>
      createFleetSummaryStore({ api, events } as ShellServices).subscribe(() => {}),
  },
  {
    name: 'the Now view',
    path: '/api/services?status=down,degraded',
    start: (api: ApiClient, events: PanelEvents) => {
      const store = createNowStore({ api, events });
      store.start();
      return store.stop;
    },
  },
])('$name, reading again when the stream is back', ({ path, start }) => {
  it('after a failed first read', async () => {
    const { api, asked } = apiFailingFirst(path);
    const { hub: events, set } = fakeHub();
    const stop = start(api, events);
    await settle();
    set('offline');
    set('live');
    await settle();
    expect(asked(path)).toBe(2);
    stop();
  });

  it('not on the first opening of the stream: a failed read keeps its error (and Retry)', async () => {
    const { api, asked } = apiFailingFirst(path);
    const { hub: events, set } = fakeHub();
    const stop = start(api, events);
    await settle();
    set('live');
    await settle();
    expect(asked(path)).toBe(1);
    stop();
  });

  it('not after a good one', async () => {
    const { api, asked } = apiFailingFirst('/never');
    const { hub: events, set } = fakeHub();
    const stop = start(api, events);
    await settle();
    set('live');
    set('reconnecting');
    set('live');
    await settle();
    expect(asked(path)).toBe(1);
    stop();
  });
});
