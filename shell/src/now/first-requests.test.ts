import { describe, expect, it, vi } from 'vitest';
import { waitFor } from '@testing-library/react';
import type { AetherEvent, PanelEvents, ServiceSummary } from '@aether/contract';
import { makeService } from '@aether/contract/fixtures';
import { createApiClient } from '../contract-runtime';
import { withEarlyAnswers } from '../early-requests';
import { createNowStore } from './now-store';
import firstRequests from './first-requests.json';

/**
 * first-requests.json (built as aether-first-requests.json at the shell's root) names, per page of
 * the shell, the gateway reads its first paint waits for: aether-static writes those of the page
 * it serves into the page, public/early-requests.js starts them as the head is parsed, and the
 * shell hands each answer to the first GET of exactly that URL. A name the Now view does not ask
 * first is a wasted read at the gateway and no gain: this keeps them equal.
 */
const declared: Record<string, string[]> = firstRequests;
const GW = 'http://gateway.test';

const events = {
  connection: 'connecting',
  lastEventAt: null,
  subscribe: (_types: unknown, _l: (event: AetherEvent) => void) => () => undefined,
  onConnectionChange: () => () => undefined,
} as unknown as PanelEvents;

const json = (body: unknown) =>
  new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });

describe("the shell's declared first reads", () => {
  it('at / are the Now view’s first reads, in the order it asks them', async () => {
    const asked: string[] = [];
    const fetchImpl = vi.fn((input: RequestInfo | URL) => {
      asked.push(String(input));
      return new Promise<Response>(() => undefined); // held: only the order counts here
    }) as unknown as typeof fetch;
    const store = createNowStore({ api: createApiClient(GW, fetchImpl), events });
    store.start();
    await waitFor(() => expect(asked.length).toBeGreaterThanOrEqual(declared['/']!.length));
    expect(asked.slice(0, declared['/']!.length)).toEqual(
      declared['/']!.map((path) => new URL(path, GW).href),
    );
    store.stop();
  });

  it('the Now view paints its first cards from the answer the page started', async () => {
    const down: ServiceSummary[] = [makeService(1, { status: 'down' })];
    const answers = Object.fromEntries(
      declared['/']!.map((path) => [new URL(path, GW).href, Promise.resolve(json(down))]),
    );
    const asked: string[] = [];
    const network = vi.fn((input: RequestInfo | URL) => {
      asked.push(String(input));
      return new Promise<Response>(() => undefined); // the whole list and the rest: held
    }) as unknown as typeof fetch;
    const api = createApiClient(GW, withEarlyAnswers(network, GW, { gatewayUrl: GW, answers }));
    const store = createNowStore({ api, events });
    store.start();
    await waitFor(() => expect(store.getState().status).toBe('ready'));
    expect(store.getState().partial).toBe(true);
    expect([...store.getState().problems.keys()]).toEqual([down[0]!.id]);
    for (const path of declared['/']!) expect(asked).not.toContain(new URL(path, GW).href);
    store.stop();
  });
});
