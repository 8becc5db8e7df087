import { createInstance } from '@module-federation/runtime';
import * as runtimeCore from '@module-federation/runtime/core';
import { hostShares } from './shared-modules';

/**
 * The shell's only door to the Module Federation runtime, so UI tests replace this module
 * (vi.mock) instead of the network.
 *
 * The shell is a runtime-only host: it exposes nothing and knows no remote at build time, so it
 * creates its federation instance here with the shared singletons instead of through
 * @module-federation/vite's host glue (its own remoteEntry, host init and loadShare shims: about
 * 20 kB gzip on every first view).
 */
type FederationInstance = ReturnType<typeof createInstance>;

let host: FederationInstance | undefined;

function instance(): FederationInstance {
  if (host) return host;
  // Panels built with experiments.externalRuntime read runtime-core from this global instead of
  // bundling their own copy; it must be there before the first remote entry evaluates.
  const global = globalThis as { _FEDERATION_RUNTIME_CORE?: unknown };
  global._FEDERATION_RUNTIME_CORE ??= runtimeCore;
  host = createInstance({ name: 'aether_shell', remotes: [], shared: hostShares() });
  return host;
}

export interface PanelRemote {
  /** remoteNameFor(panel id) */
  name: string;
  /** URL of the remote's ES module entry (remoteEntry.js). */
  entry: string;
}

/** (Re-)registers a remote; force drops whatever the runtime cached for that name. */
export function registerPanelRemote(remote: PanelRemote): void {
  instance().registerRemotes([{ name: remote.name, entry: remote.entry, type: 'module' }], {
    force: true,
  });
}

/** Loads "<remote>/<expose>", e.g. aether_panel_health + ./Panel. */
export async function loadPanelExpose(remoteName: string, expose: string): Promise<unknown> {
  return instance().loadRemote(`${remoteName}/${expose.replace(/^\.\//, '')}`);
}
