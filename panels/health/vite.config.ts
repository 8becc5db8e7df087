import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { federation } from '@module-federation/vite';
import { remoteNameFor } from '@aether/contract';

const PORT = 5174;

// The federated remote: the shell loads ./Panel at runtime through mf-manifest.json.
// react and react-dom are singletons the shell provides; the same keys and ranges as shell/README.md.
export default defineConfig(({ command }) => ({
  plugins: [
    react(),
    federation({
      name: remoteNameFor('health'),
      filename: 'remoteEntry.js',
      manifest: true,
      dts: false,
      exposes: { './Panel': './src/panel.tsx' },
      shared: {
        react: { singleton: true, requiredVersion: '^19.2.0' },
        'react-dom': { singleton: true, requiredVersion: '^19.2.0' },
      },
    }),
  ],
  // The MSW worker only serves standalone dev; a deployed remote must not ship it.
  publicDir: command === 'serve' ? 'public' : false,
  server: { port: PORT, strictPort: true, cors: true, origin: `http://localhost:${PORT}` },
  preview: { port: PORT, strictPort: true, cors: true },
  build: { target: 'es2022' },
}));
