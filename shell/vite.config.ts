import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { federation } from '@module-federation/vite';
// What the shell shares with every panel, from the one place panels take it too (panelFederation).
// Singletons so a panel never runs a second React (hooks break across copies) and every panel
// draws with the shell's @aether/ui.
import { firstRequestsFile, SHARED } from '@aether/panel-kit/federation';
import firstRequests from './src/now/first-requests.json' with { type: 'json' };

// The host knows no panel at build time: remotes are registered at run time from GET /api/panels.
export default defineConfig({
  plugins: [
    react(),
    federation({
      name: 'aether_shell',
      remotes: {},
      filename: 'remoteEntry.js',
      manifest: false,
      dts: false,
      shared: SHARED,
      // Publishes the host's runtime-core on globalThis so a panel built with
      // experiments.externalRuntime reuses it instead of shipping its own (~19 kB gzip).
      experiments: { provideExternalRuntime: true },
    }),
    // At the shell's root: the gateway reads a page's first paint waits for (the Now view's at /),
    // which aether-static writes into that page for public/early-requests.js to start
    // (src/now/first-requests.test.ts keeps them equal to what the view asks).
    firstRequestsFile(firstRequests),
  ],
  define: {
    // Compile-time switches of the federation runtime (@module-federation/runtime-core): a browser
    // host needs no Node script loader, and no snapshot plugin — the shell reads each panel's
    // mf-manifest.json itself (src/panels/load-panel.ts) and registers the remote entry URL.
    ENV_TARGET: JSON.stringify('web'),
    FEDERATION_OPTIMIZE_NO_SNAPSHOT_PLUGIN: 'true',
  },
  server: { port: 5173, strictPort: true },
  preview: { port: 5173, strictPort: true },
  build: { target: 'es2022', sourcemap: true },
});
