import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { federation } from '@module-federation/vite';
import { remoteNameFor } from '@aether/contract';

const PORT = 5175;

/**
 * The shell's shared block, copied verbatim (shell/vite.config.ts SHARED, shell/README.md
 * "Writing a panel"): singletons, so the panel runs on the shell's React, design primitives and
 * contract (`instanceof ApiError` holds) instead of downloading its own copies.
 */
const SHARED = {
  react: { singleton: true, requiredVersion: '^19.2.0' },
  'react-dom': { singleton: true, requiredVersion: '^19.2.0' },
  '@aether/ui': { singleton: true, requiredVersion: '^0.1.0' },
  '@aether/contract': { singleton: true, requiredVersion: '^0.1.0' },
  zod: { singleton: true, requiredVersion: '^4.1.0' },
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
    }),
  ],
  // The MSW worker only serves standalone dev; a deployed remote must not ship it.
  publicDir: command === 'serve' ? 'public' : false,
  server: { port: PORT, strictPort: true, cors: true, origin: `http://localhost:${PORT}` },
  preview: { port: PORT, strictPort: true, cors: true },
  build: { target: 'es2022' },
}));
