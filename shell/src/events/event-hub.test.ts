import { afterEach, describe, expect, it, vi } from 'vitest';
import { waitFor } from '@testing-library/react';
import { http, HttpResponse, sse } from 'msw';
import type { AetherEvent, ConnectionState } from '@aether/contract';
import { server } from '../testing/msw-server';
import { createEventHub, type EventHub } from './event-hub';

const URL = 'http://localhost:8080/api/events';
let hub: EventHub | undefined;
afterEach(() => hub?.stop());

describe('createEventHub', () => {
  it('fans one stream out to subscribers by event type, and says live', async () => {
    let opened = 0;
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    server.use(
      sse<{ message: string; panels: string; status: string; audit: string }>(URL, ({ client }) => {
        opened += 1;
        client.send({ event: 'panels', data: JSON.stringify({ panels: [] }), id: '7' });
        client.send({ event: 'status', data: 'not json' });
        client.send({ event: 'audit', data: JSON.stringify({ n: 1 }), id: '8' });
      }),
    );
    hub = createEventHub({ url: URL, now: () => 1234 });
    const panels: AetherEvent[] = [];
    const everything: AetherEvent[] = [];
    hub.subscribe(['panels'], (e) => panels.push(e));
    hub.subscribe('*', (e) => everything.push(e));
    hub.subscribe('*', () => {
      throw new Error('a broken listener');
    });
    hub.start();
    await waitFor(() => expect(everything).toHaveLength(2));
    expect(panels).toEqual([{ id: '7', type: 'panels', data: { panels: [] } }]);
    expect(everything.map((e) => e.type)).toEqual(['panels', 'audit']);
    expect(hub.connection).toBe('live');
    expect(hub.lastEventAt).toBe(1234);
    expect(opened).toBe(1);
    expect(logged).toHaveBeenCalledTimes(2); // the broken listener, reported, did not stop the others
    logged.mockRestore();
  });

  it('resumes a stream it opens again after the newest event it received (restart after a sign-in)', async () => {
    const asked: string[] = [];
    server.use(
      sse<{ message: string; panels: string }>(URL, ({ client, request }) => {
        asked.push(new globalThis.URL(request.url).search);
        client.send({ event: 'panels', data: JSON.stringify({ panels: [] }), id: '41' });
        client.send({ event: 'panels', data: JSON.stringify({ panels: [] }), id: '42' });
      }),
    );
    hub = createEventHub({ url: `${URL}?snapshot=false` });
    const received: AetherEvent[] = [];
    hub.subscribe('*', (e) => received.push(e));
    hub.start();
    await waitFor(() => expect(received).toHaveLength(2));
    hub.restart();
    await waitFor(() => expect(received).toHaveLength(4));
    // the first stream starts fresh; the second carries on after event 42, so nothing in the gap is lost
    expect(asked).toEqual(['?snapshot=false', '?snapshot=false&lastEventId=42']);
  });

  it('goes offline when the gateway refuses the stream, then reconnects by itself', async () => {
    let refuse = true;
    server.use(
      http.get(URL, () => (refuse ? new HttpResponse('nope', { status: 503 }) : undefined)),
      sse<{ message: string; panels: string }>(URL, ({ client }) =>
        client.send({ event: 'panels', data: JSON.stringify({ panels: [] }) }),
      ),
    );
    hub = createEventHub({ url: URL, reconnectDelaysMs: [20] });
    const states: ConnectionState[] = [];
    hub.onConnectionChange((s) => states.push(s));
    hub.start();
    await waitFor(() => expect(hub!.connection).toBe('offline'));
    refuse = false;
    await waitFor(() => expect(hub!.connection).toBe('live'));
    expect(states).toEqual(['offline', 'live']);
  });
});
