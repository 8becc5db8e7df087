// Standalone dev: the panel alone on :5174, the gateway mocked in the browser by MSW with the
// contract's handlers, and a minimal stand-in for the shell's panel context. Not part of the remote.
import { setupWorker } from 'msw/browser';
import {
  servicesHandlers,
  servicesProblemHandlers,
  servicesUnreachableHandlers,
  slosHandlers,
} from '@aether/contract/msw';
import { makeOutageFleet, makeServices, withDependencies } from '@aether/contract/fixtures';
import '@aether/ui/tokens.css';
import HealthPanel from '../panel';
import { createEventHub, renderStandalone } from '@aether/panel-kit/harness';
import { simulateEvents } from './simulate-events';

// ?fleet=10000 for scale, ?scenario=empty|unreachable|forbidden for the states, ?scenario=outage for
// a database outage under its dependents, ?role=viewer to hide Verify.
const params = new URLSearchParams(window.location.search);
// Fixtures live at a fixed instant; move them to now so "since" and "last result" read naturally.
const startedAt = Date.now();
const fleet = (
  params.get('scenario') === 'empty'
    ? []
    : params.get('scenario') === 'outage'
      ? makeOutageFleet()
      : withDependencies(makeServices(Number(params.get('fleet') ?? 60)))
).map((s, i) => ({
  ...s,
  since: s.since && new Date(startedAt - ((i * 37) % 300) * 60_000).toISOString(),
  lastCheckedAt: s.lastCheckedAt && new Date(startedAt).toISOString(),
}));
const scenario = params.get('scenario');
const handlers =
  scenario === 'unreachable'
    ? servicesUnreachableHandlers()
    : scenario === 'forbidden'
      ? servicesProblemHandlers(403)
      : [
          ...servicesHandlers({ services: fleet, verifyDelayMs: 1500, now: Date.now }),
          ...slosHandlers({ services: fleet, now: Date.now }),
        ];

await setupWorker(...handlers).start({
  onUnhandledRequest: (request, print) => {
    // Vite's own modules and assets pass through; anything else under /api is a missing mock.
    if (new URL(request.url).pathname.startsWith('/api')) print.error();
  },
});

const events = createEventHub();
const role = params.get('role') === 'viewer' ? 'viewer' : 'operator';
renderStandalone(HealthPanel, {
  panelId: 'health',
  events,
  user: { name: 'dev', role, authenticated: role === 'operator' },
  theme: document.documentElement.dataset.theme === 'light' ? 'light' : 'dark',
  // The panel scrolls inside itself (its virtualized list), so its frame is one screen tall.
  frame: { height: '100vh' },
});
// ?rate=1000&statusShare=1 drives 1,000 status changes a second (the benchmark's load).
if (!scenario)
  simulateEvents(
    events,
    fleet,
    Number(params.get('rate') ?? 20),
    Number(params.get('statusShare') ?? 0.1),
  );
