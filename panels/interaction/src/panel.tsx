import type { PanelContext } from '@aether/contract';
import { InteractionPanel } from './app/interaction-panel';

export { links } from './app/routes';

/** The panel context major this panel is written against; the shell refuses a mismatch. */
export const contextVersion = '1';

/** The federated module's default export (`./Panel`): everything it needs comes through `context`. */
export default function Panel({ context }: { context: PanelContext }) {
  return <InteractionPanel context={context} />;
}
