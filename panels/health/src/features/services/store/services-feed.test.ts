import { describe, expect, it } from 'vitest';
import type { ApiClient } from '@aether/contract';
import { createEventHub } from '@aether/panel-kit/harness';
import { createServicesStore } from './services-store';
import { startServicesFeed } from './services-feed';

/** An ApiClient that records the paths it is asked for and never answers. */
function recordingApi() {
  const paths: string[] = [];
  const ask = (path: string) => {
    paths.push(path);
    return new Promise(() => {});
  };
  const api = { get: ask, getPage: ask } as unknown as ApiClient;
  return { api, paths };
}

const runNow = (run: () => void) => {
  run();
  return () => {};
};

describe('a deferred services feed', () => {
  it('reads nothing until started, not even when the stream comes back', () => {
    const { api, paths } = recordingApi();
    const events = createEventHub();
    const feed = startServicesFeed({
      store: createServicesStore(),
      api,
      events,
      schedule: runNow,
      deferred: true,
    });
    events.setConnection('reconnecting');
    events.setConnection('live');
    expect(paths).toEqual([]);
    expect(feed.getState().status).toBe('loading');

    feed.start();
    expect(paths).toEqual(['/api/summary']);
    feed.start(); // once
    expect(paths).toEqual(['/api/summary']);
    feed.stop();
  });

  it('reads at once when not deferred', () => {
    const { api, paths } = recordingApi();
    const feed = startServicesFeed({
      store: createServicesStore(),
      api,
      events: createEventHub(),
      schedule: runNow,
    });
    expect(paths).toEqual(['/api/summary']);
    feed.stop();
  });
});
