import type { ProfilerOnRenderCallback } from 'react';
import type { PanelContext } from '@aether/contract';
import styles from './app/panel.css?inline';
import { PanelContextProvider } from '@aether/panel-kit';
import { ServicesDataProvider } from './app/services-data-provider';
import { PanelRoutes } from './app/panel-routes';
import type { FrameScheduler } from './lib/frame-batcher';
import { Stylesheet } from './components/stylesheet';

export { links } from './app/routes';

/** The panel context major this panel is written against; the shell refuses it on a mismatch. */
export const contextVersion = '1';

export interface HealthPanelProps {
  context: PanelContext;
  /** For tests and the benchmark: how live updates are batched (default: per animation frame). */
  schedule?: FrameScheduler;
  /** For tests and the benchmark: observes each service row's renders. */
  onRowRender?: ProfilerOnRenderCallback;
}

/**
 * The health panel: services, status, latency, uptime, incidents and verify-now. Everything it
 * knows comes through `context`; its styles travel with it, scoped under .hp-root.
 */
export default function HealthPanel({ context, schedule, onRowRender }: HealthPanelProps) {
  return (
    <PanelContextProvider value={context}>
      <Stylesheet name="panel" css={styles} />
      <div className="hp-root" data-theme={context.theme}>
        <ServicesDataProvider schedule={schedule}>
          <PanelRoutes onRowRender={onRowRender} />
        </ServicesDataProvider>
      </div>
    </PanelContextProvider>
  );
}
