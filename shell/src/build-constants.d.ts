/** The installed @aether/ui version, read from its package.json at build time (vite.config.ts `define`). */
declare const __AETHER_UI_VERSION__: string;
