import * as React from 'react';
import * as ReactJsxRuntime from 'react/jsx-runtime';
import * as ReactDom from 'react-dom';
import * as ReactDomClient from 'react-dom/client';
import * as AetherUi from '@aether/ui';

/**
 * What the shell shares with every panel. Singletons so a panel never runs a second React
 * (hooks break across copies) and every panel draws with the shell's @aether/ui.
 * Panels copy this block verbatim into their federation config (shell/README.md, "Writing a panel").
 */
export const SHARED = {
  react: { singleton: true, requiredVersion: '^19.2.0' },
  'react-dom': { singleton: true, requiredVersion: '^19.2.0' },
  '@aether/ui': { singleton: true, requiredVersion: '^0.1.0' },
} as const;

type SharedConfig = (typeof SHARED)[keyof typeof SHARED];

interface HostShare {
  version: string;
  scope: string;
  lib: () => unknown;
  shareConfig: SharedConfig & { eager: true };
}

function share(version: string, config: SharedConfig, module: unknown): HostShare {
  return { version, scope: 'default', lib: () => module, shareConfig: { ...config, eager: true } };
}

/**
 * The modules the shell provides, already loaded (the shell renders with them), keyed as a
 * panel built with @module-federation/vite asks for them: the subpaths a panel imports
 * (react/jsx-runtime from its JSX, react-dom/client) are shared under their own keys with the
 * package's config, as that plugin does.
 */
export function hostShares(): Record<string, HostShare> {
  return {
    react: share(React.version, SHARED.react, React),
    'react/jsx-runtime': share(React.version, SHARED.react, ReactJsxRuntime),
    'react-dom': share(ReactDom.version, SHARED['react-dom'], ReactDom),
    'react-dom/client': share(ReactDom.version, SHARED['react-dom'], ReactDomClient),
    '@aether/ui': share(__AETHER_UI_VERSION__, SHARED['@aether/ui'], AetherUi),
  };
}
