import type { PanelRemote } from '../panels/federation-runtime';

/**
 * Stands in for src/panels/federation-runtime.ts in UI tests (vi.mock): remotes are registered
 * by name → entry as the real runtime does, and "loading" an expose returns the module a test
 * put at that entry URL (query ignored, like a server would).
 */
export const fakeFederation = {
  registered: [] as PanelRemote[],
  modules: new Map<string, () => unknown>(),
  reset() {
    this.registered = [];
    this.modules.clear();
  },
  registerPanelRemote(remote: PanelRemote) {
    this.registered.push(remote);
  },
  async loadPanelExpose(remoteName: string, expose: string) {
    const remote = [...this.registered].reverse().find((r) => r.name === remoteName);
    if (!remote) throw new Error(`remote ${remoteName} is not registered`);
    const factory = this.modules.get(remote.entry.split('?')[0]!);
    if (!factory)
      throw new TypeError(`Failed to fetch dynamically imported module: ${remote.entry}`);
    const mod = factory();
    if (expose !== './Panel') throw new Error(`expose ${expose} does not exist in ${remoteName}`);
    return mod;
  },
};
