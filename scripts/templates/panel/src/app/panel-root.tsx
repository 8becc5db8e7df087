import type { PanelContext } from '@aether/contract';
import { PanelContextProvider, usePanelPath } from '@aether/panel-kit';
import styles from './panel.css?inline';
import { ServicesPage } from '../features/services/components/services-page';
import { parseRoute } from './routes';

/**
 * The panel's root. Its stylesheet travels inside the federated module (a hoisted, de-duplicated
 * <style>), so the shell needs to know nothing about the panel's CSS files.
 */
export function PanelRoot({ context }: { context: PanelContext }) {
  return (
    <PanelContextProvider value={context}>
      <style href="aether-panel-__PANEL_ID__" precedence="default">
        {styles}
      </style>
      <div className="p-__PANEL_ID__">
        <h2>__PANEL_TITLE__</h2>
        <RouteView />
      </div>
    </PanelContextProvider>
  );
}

function RouteView() {
  const route = parseRoute(usePanelPath());
  switch (route.name) {
    case 'services':
      return <ServicesPage />;
    case 'not-found':
      return <p role="alert">Nothing at {route.path} in this panel.</p>;
  }
}
