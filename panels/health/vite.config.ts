import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { federation } from '@module-federation/vite';
import { remoteNameFor } from '@aether/contract';

const PORT = 5174;

/** The shell's shared block, verbatim (shell/vite.config.ts SHARED, shell/README.md "Writing a panel"). */
const SHARED = {
  react: { singleton: true, requiredVersion: '^19.2.0' },
  'react-dom': { singleton: true, requiredVersion: '^19.2.0' },
  '@aether/ui': { singleton: true, requiredVersion: '^0.1.0' },
};

function devShared(shared: typeof SHARED) {
  return Object.fromEntries(
    Object.entries(shared).map(([key, value]) => [key, { ...value, eager: true }]),
  );
}

// The federated remote: the shell loads ./Panel at runtime through mf-manifest.json.
// HEALTH_STANDALONE_BUILD=1 builds the standalone dev page (MSW, simulated events) with production
// React, for the benchmark to measure real frame times; never deployed.
const standalone = process.env.HEALTH_STANDALONE_BUILD === '1';

export default defineConfig(({ command }) => ({
  plugins: [
    react(),
    federation({
      name: remoteNameFor('health'),
      filename: 'remoteEntry.js',
      manifest: true,
      dts: false,
      exposes: { './Panel': './src/panel.tsx' },
      // Standalone dev evaluates react-dom/client before any host could provide React, so the dev
      // server serves the shares eagerly; builds keep the shell's block as is.
      shared: command === 'serve' || standalone ? devShared(SHARED) : SHARED,
      // In the shell, reuse the host's federation runtime instead of shipping a copy (~19 kB gzip);
      // the shell sets experiments.provideExternalRuntime. Standalone dev has no host, so only builds.
      experiments: command === 'build' && !standalone ? { externalRuntime: true } : undefined,
    }),
  ],
  // The MSW worker only serves standalone dev; a deployed remote must not ship it.
  publicDir: command === 'serve' || standalone ? 'public' : false,
  server: { port: PORT, strictPort: true, cors: true, origin: `http://localhost:${PORT}` },
  preview: { port: PORT, strictPort: true, cors: true },
  build: {
    target: 'es2022',
    // The remote's only entry is the exposed panel; index.html is the standalone dev page and must
    // not be bundled (it would pull MSW and the dev harness into dist/).
    rolldownOptions: { input: standalone ? 'index.html' : { panel: 'src/panel.tsx' } },
  },
}));
