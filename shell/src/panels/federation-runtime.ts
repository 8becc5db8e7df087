import { createInstance, getInstance } from '@module-federation/runtime';

/**
 * The shell's only door to the Module Federation runtime, so UI tests replace this module
 * (vi.mock) instead of the network. The instance is the one @module-federation/vite created
 * for the host with the shared singletons; outside a federated build (unit tests of this file)
 * a bare instance stands in.
 */
type FederationInstance = ReturnType<typeof createInstance>;

let fallback: FederationInstance | undefined;

function instance(): FederationInstance {
  const host = getInstance();
  if (host) return host;
  fallback ??= createInstance({ name: 'aether_shell', remotes: [] });
  return fallback;
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

/** Loads "<remote>/<expose>", e.g. aether_panel_status + ./Panel. */
export async function loadPanelExpose(remoteName: string, expose: string): Promise<unknown> {
  return instance().loadRemote(`${remoteName}/${expose.replace(/^\.\//, '')}`);
}
