import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { federation } from '@module-federation/vite';
import { remoteNameFor } from '@aether/contract';

const PORT = __PANEL_PORT__;

/** The shell's shared block, verbatim (shell/vite.config.ts SHARED, shell/README.md "Writing a panel"). */
const SHARED = {
  react: { singleton: true, requiredVersion: '^19.2.0' },
  'react-dom': { singleton: true, requiredVersion: '^19.2.0' },
  '@aether/ui': { singleton: true, requiredVersion: '^0.1.0' },
};

// The federated remote: the shell loads ./Panel at run time through mf-manifest.json.
export default defineConfig(({ command }) => ({
  plugins: [
    react(),
    federation({
      name: remoteNameFor('__PANEL_ID__'),
      filename: 'remoteEntry.js',
      manifest: true,
      dts: false,
      exposes: { './Panel': './src/panel.tsx' },
      // Standalone dev evaluates react-dom/client before any host could provide React, so the dev
      // server serves the shares eagerly; builds keep the shell's block as is.
      shared:
        command === 'serve'
          ? Object.fromEntries(Object.entries(SHARED).map(([k, v]) => [k, { ...v, eager: true }]))
          : SHARED,
      // In the shell, reuse the host's federation runtime (the shell sets provideExternalRuntime).
      experiments: command === 'build' ? { externalRuntime: true } : undefined,
    }),
  ],
  // The MSW worker only serves standalone dev; a deployed remote must not ship it.
  publicDir: command === 'serve' ? 'public' : false,
  server: { port: PORT, strictPort: true, cors: true, origin: `http://localhost:${PORT}` },
  preview: { port: PORT, strictPort: true, cors: true },
  build: {
    target: 'es2022',
    // Only the federated entry: index.html and src/dev are the standalone page, not the product.
    rolldownOptions: { input: {} },
  },
}));
