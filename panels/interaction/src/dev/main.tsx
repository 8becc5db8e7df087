/**
 * Standalone development (npm run dev → http://localhost:5175): MSW in the browser plays the
 * gateway with the contract's handlers, and a harness plays the shell. Never part of the
 * federated module (only ./Panel is exposed).
 */
import '@aether/ui/tokens.css';
import { setupWorker } from 'msw/browser';
import {
  alertsHandlers,
  approvalsHandlers,
  auditHandlers,
  createInteractionStore,
  operationsHandlers,
  servicesHandlers,
  sessionHandlers,
} from '@aether/contract/msw';
import { makeApproval, makeServices } from '@aether/contract/fixtures';
import Panel from '../panel';
import { createEventHub, renderStandalone } from '@aether/panel-kit/harness';

// bob has a four-eyes request waiting, so the approvals inbox has something to approve.
const store = createInteractionStore({
  signedInAs: 'alice-token',
  approvals: [
    makeApproval({
      requestedAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 900_000).toISOString(),
    }),
  ],
});
const events = createEventHub();
store.subscribe((event) => events.emit(event));
const options = { store };

await setupWorker(
  ...servicesHandlers({ services: makeServices(6) }),
  ...sessionHandlers(options),
  ...operationsHandlers(options),
  ...approvalsHandlers(options),
  ...auditHandlers(options),
  // Alerts, channels and windows over the same fleet, on the browser's clock.
  ...alertsHandlers({ services: makeServices(6), now: () => Date.now(), ...options }),
).start({ onUnhandledRequest: 'bypass', quiet: true });

// Lets you play the second operator from the console: __aether.decide('apr-2', 'approve', 'bob').
Object.assign(window, {
  __aether: {
    store,
    decide: (id: string, verb: 'approve' | 'reject', who = 'bob') =>
      store.decide(id, verb, store.tokens[`${who}-token`]!),
  },
});

document.documentElement.dataset.theme =
  new URLSearchParams(window.location.search).get('theme') === 'light' ? 'light' : 'dark';
renderStandalone(Panel, {
  panelId: 'interaction',
  user: store.identity!,
  events,
  theme: document.documentElement.dataset.theme as 'dark' | 'light',
});
