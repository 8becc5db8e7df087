import type { Identity, Panel } from '@aether/contract';
import type { PanelModule } from '../panels/load-panel';
import { fakeFederation } from './fake-federation';
import { createMockGateway, remoteServer } from './mock-gateway';
import { server } from './msw-server';
import { HEALTH, OPERATE } from './render-shell';

/** Where the fake runtime finds a panel's module: its entry script beside the manifest. */
export const entryScriptOf = (panel: Panel) =>
  panel.entry.replace('mf-manifest.json', 'remoteEntry.js');

/**
 * The gateway most shell tests start from: it lists `panels` (health and operate unless told),
 * their remotes answer, and each panel's module renders "<title> body" and declares the links
 * `links[panel.id]` gives. Handlers a test adds afterwards with `server.use` answer first.
 */
export function serveShellWithPanels({
  panels = [HEALTH, OPERATE],
  session,
  links = {},
}: {
  panels?: Panel[];
  session?: 'absent' | Identity;
  links?: Partial<Record<string, PanelModule['links']>>;
} = {}) {
  const gateway = createMockGateway({ panels, session });
  server.use(...gateway.handlers, ...panels.map((p) => remoteServer(p, () => 'ok')));
  for (const p of panels) {
    const declared = links[p.id];
    fakeFederation.modules.set(entryScriptOf(p), () => ({
      default: () => <p>{p.title} body</p>,
      contextVersion: '1',
      ...(declared ? { links: declared } : {}),
    }));
  }
  return gateway;
}
