import { http, HttpResponse, sse } from 'msw';
import {
  alertsHandlers,
  approvalsHandlers,
  auditHandlers,
  deploysHandlers,
  panelsHandlers,
  problem,
  servicesHandlers,
} from '@aether/contract/msw';
import type { EventName, EventPayload, Identity, Panel } from '@aether/contract';
import { remoteNameFor } from '../contract-runtime';

export const GATEWAY = 'http://localhost:8080';

type SseClient = {
  send(message: { event: string; data: string; id?: string } | { retry: number }): void;
  close(): void;
};

/**
 * The gateway as UI tests see it, at the network edge (MSW): the registry from packages/contract,
 * a session endpoint (absent by default, like a gateway without sessions), and an SSE stream
 * the test pushes events into.
 */
export function createMockGateway({
  panels,
  session = 'absent',
}: {
  panels: Panel[];
  session?: 'absent' | Identity;
}) {
  const clients = new Set<SseClient>();
  // The contract's registry handler serves this array; it is changed in place as a PUT would.
  const current = [...panels];
  let nextId = 1;
  let identity: Identity | 'absent' = session;
  const handlers = [
    ...panelsHandlers({ baseUrl: GATEWAY, panels: current }),
    ...servicesHandlers({ baseUrl: GATEWAY }),
    // The Now view (the start page) reads deploys, firing alerts, the audit (refused to the
    // anonymous viewer, as the gateway does) and the four-eyes queue.
    ...deploysHandlers({ baseUrl: GATEWAY }),
    ...alertsHandlers({ baseUrl: GATEWAY }),
    ...auditHandlers({ baseUrl: GATEWAY }),
    ...approvalsHandlers({ baseUrl: GATEWAY }),
    http.get(`${GATEWAY}/api/session`, () =>
      identity === 'absent' ? problem(404, 'Not Found') : HttpResponse.json(identity),
    ),
    http.post(`${GATEWAY}/api/session`, async ({ request }) => {
      if (identity === 'absent') return problem(404, 'Not Found');
      const { token } = (await request.json()) as { token: string };
      if (request.headers.get('x-aether-csrf') !== '1') return problem(403, 'CSRF header missing');
      if (token !== 'good-token') return problem(401, 'Unauthorized', 'That token is not valid');
      identity = { name: 'ada', role: 'admin', authenticated: true };
      return HttpResponse.json(identity);
    }),
    http.delete(`${GATEWAY}/api/session`, () => {
      identity = { name: 'anonymous', role: 'viewer', authenticated: false };
      return new HttpResponse(null, { status: 204 });
    }),
    sse(`${GATEWAY}/api/events`, ({ client }) => {
      clients.add(client as SseClient);
    }),
  ];
  return {
    handlers,
    get connectedClients() {
      return clients.size;
    },
    /** Pushes one event to every open stream. */
    push<E extends EventName>(type: E, data: EventPayload<E>) {
      for (const client of clients)
        client.send({ event: type, data: JSON.stringify(data), id: String(nextId++) });
    },
    /**
     * Cuts every open stream, as a gateway restart would. `retryMs` first sends SSE's own `retry`
     * field, so the EventSource reconnects after that long instead of its built-in 3 s.
     */
    dropStreams({ retryMs }: { retryMs?: number } = {}) {
      for (const client of clients) {
        if (retryMs !== undefined) client.send({ retry: retryMs });
        client.close();
      }
      clients.clear();
    },
    /** What GET /api/panels answers from now on, and (announce) a `panels` event as the gateway sends on change. */
    setPanels(next: Panel[], { announce = true } = {}) {
      current.splice(0, current.length, ...next);
      if (announce) this.push('panels', { panels: next });
    },
  };
}

export interface ManifestOptions {
  name?: string;
  exposes?: Array<{ name: string; path: string }>;
  remoteEntry?: string;
}

/** An mf-manifest.json as @module-federation/vite writes it (the fields the shell reads). */
export function manifestFor(panel: Panel, options: ManifestOptions = {}) {
  return {
    id: options.name ?? remoteNameFor(panel.id),
    name: options.name ?? remoteNameFor(panel.id),
    metaData: {
      name: options.name ?? remoteNameFor(panel.id),
      publicPath: 'auto',
      remoteEntry: { name: options.remoteEntry ?? 'remoteEntry.js', path: '', type: 'module' },
    },
    shared: [],
    remotes: [],
    exposes: options.exposes ?? [
      { id: `${remoteNameFor(panel.id)}:Panel`, name: 'Panel', path: './Panel', assets: {} },
    ],
  };
}

/** The remote's server: answers its manifest (ignoring the retry query), or fails as told. */
export function remoteServer(
  panel: Panel,
  behaviour: () => 'ok' | 'down' | 'not-json' | 'not-manifest' | ManifestOptions,
) {
  const url = panel.entry.split('?')[0]!;
  return http.get(url, () => {
    const b = behaviour();
    if (b === 'down') return HttpResponse.error();
    if (b === 'not-json')
      return new HttpResponse('<html>oops</html>', { headers: { 'content-type': 'text/html' } });
    if (b === 'not-manifest') return HttpResponse.json({ hello: 'world' });
    return HttpResponse.json(manifestFor(panel, b === 'ok' ? {} : b));
  });
}
