import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { federation } from '@module-federation/vite';
import { remoteNameFor } from '@aether/contract';

const PORT = 5175;

/**
 * The shell's shared block, verbatim (shell/vite.config.ts SHARED, shell/README.md "Writing a
 * panel"): the panel runs on the shell's React and design primitives instead of its own copies.
 * @aether/contract is not shared, so the panel imports only types from it (no zod in the bundle).
 */
const SHARED = {
  react: { singleton: true, requiredVersion: '^19.2.0' },
  'react-dom': { singleton: true, requiredVersion: '^19.2.0' },
  '@aether/ui': { singleton: true, requiredVersion: '^0.1.0' },
};

// The federated remote: the shell loads ./Panel at runtime through mf-manifest.json.
export default defineConfig(({ command }) => ({
  plugins: [
    react(),
    federation({
      name: remoteNameFor('interaction'),
      filename: 'remoteEntry.js',
      manifest: true,
      dts: false,
      exposes: { './Panel': './src/panel.tsx' },
      shared: SHARED,
      // In the shell, reuse the host's federation runtime (the shell sets provideExternalRuntime)
      // instead of shipping a ~19 kB gzip copy. Standalone dev has no host, so builds only.
      experiments: command === 'build' ? { externalRuntime: true } : undefined,
    }),
  ],
  // The MSW worker only serves standalone dev; a deployed remote must not ship it.
  publicDir: command === 'serve' ? 'public' : false,
  server: { port: PORT, strictPort: true, cors: true, origin: `http://localhost:${PORT}` },
  preview: { port: PORT, strictPort: true, cors: true },
  build: {
    target: 'es2022',
    // Only the federated entry: index.html and src/dev are the standalone harness (MSW included),
    // not the product, and must not land in dist/.
    rolldownOptions: { input: {} },
  },
}));
