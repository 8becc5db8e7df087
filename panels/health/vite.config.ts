import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { federation } from '@module-federation/vite';
import {
  firstRequestsFile,
  panelFederation,
  panelServing,
  standalonePage,
} from '@aether/panel-kit/federation';
import listFirstRequests from './src/features/services/first-requests.json' with { type: 'json' };
import deployFirstRequests from './src/features/deploys/first-requests.json' with { type: 'json' };

const PORT = 5174;

// The federated remote: the shell loads ./Panel at runtime through mf-manifest.json.
// HEALTH_STANDALONE_BUILD=1 builds the standalone dev page (MSW, simulated events) with production
// React, for the benchmark to measure real frame times; never deployed.
const standalone = process.env.HEALTH_STANDALONE_BUILD === '1';

export default defineConfig(({ command }) => ({
  plugins: [
    react(),
    // A remote exposing ./Panel on the shell's shared block (packages/panel-kit/src/federation.ts).
    federation(panelFederation({ id: 'health', command, standalone })),
    // index.html, the standalone dev page: src/dev/main.tsx with MSW and simulated events.
    standalonePage({ title: 'Health' }),
    // Beside mf-manifest.json: the gateway reads the list's first paint waits for, and a deploy's
    // page's (its comparison, by page pattern: /deploys/:id), which aether-static has the shell
    // start before the panel's code has run (each folder's first-requests.test.tsx).
    firstRequestsFile({ ...listFirstRequests, ...deployFirstRequests }),
  ],
  // The remote's only entry is the exposed panel; index.html is the standalone dev page and must
  // not be bundled (it would pull MSW and the dev harness into dist/).
  ...panelServing({
    port: PORT,
    command,
    standalone,
    input: standalone ? 'index.html' : { panel: 'src/panel.tsx' },
  }),
}));
