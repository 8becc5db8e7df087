import type { PanelContext } from '@aether/contract';
import type { PanelLinks } from '@aether/panel-kit';
import { PanelRoot } from './app/panel-root';

/** The panel context major this panel is written against; the shell refuses a mismatch. */
export const contextVersion = '1';

/**
 * What this panel shows, for the shell: e.g. `{ service: '/services/:id' }` makes the command
 * palette open services here (when no panel before it in the registry declares them).
 */
export const links: PanelLinks = {};

/** The federated module's default export (`./Panel`): everything it needs comes through `context`. */
export default function Panel({ context }: { context: PanelContext }) {
  return <PanelRoot context={context} />;
}
