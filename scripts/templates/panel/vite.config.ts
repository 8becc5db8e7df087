import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { federation } from '@module-federation/vite';
import { panelFederation, panelServing, standalonePage } from '@aether/panel-kit/federation';

const PORT = __PANEL_PORT__;

// The federated remote: the shell loads ./Panel at run time through mf-manifest.json.
export default defineConfig(({ command }) => ({
  plugins: [
    react(),
    // A remote exposing ./Panel on the shell's shared block (packages/panel-kit/src/federation.ts).
    federation(panelFederation({ id: '__PANEL_ID__', command })),
    // index.html, the standalone dev page: src/dev/main.tsx with MSW and the harness.
    standalonePage({ title: '__PANEL_TITLE__' }),
  ],
  ...panelServing({ port: PORT, command }),
}));
