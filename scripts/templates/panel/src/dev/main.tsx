// Standalone dev (npm run dev): the panel alone, the gateway played in the browser by MSW with the
// contract's handlers, the shell by the panel kit's harness. Never part of the federated module.
import '@aether/ui/tokens.css';
import { setupWorker } from 'msw/browser';
import { servicesHandlers } from '@aether/contract/msw';
import { makeServices } from '@aether/contract/fixtures';
import { renderStandalone } from '@aether/panel-kit/harness';
import Panel from '../panel';

await setupWorker(...servicesHandlers({ services: makeServices(6) })).start({
  onUnhandledRequest: (request, print) => {
    // Vite's own modules and assets pass through; anything else under /api is a missing mock.
    if (new URL(request.url).pathname.startsWith('/api')) print.error();
  },
});

renderStandalone(Panel, { panelId: '__PANEL_ID__' });
